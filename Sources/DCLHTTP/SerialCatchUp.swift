/// Runs the server's catch-ups one at a time, in the order they were asked for.
///
/// Every read catches the read models up first, and the follower does so every poll; on one store,
/// concurrent catch-ups in one process were seen to fail the store's ledger check under load (wrk,
/// 16 connections publishing), which stopped the server. Chaining them costs little: a catch-up with
/// nothing new reads two numbers.
actor SerialCatchUp {
    private var last: Task<Void, any Error>?

    func run(_ work: @escaping @Sendable () async throws -> Void) async throws {
        let previous = last
        // `last` is set before any suspension, so the chain follows the order of calls.
        let task = Task {
            _ = try? await previous?.value
            try await work()
        }
        last = task
        try await task.value
    }
}
