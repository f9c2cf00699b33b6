import DCLEventLog

/// Runs the server's catch-ups one at a time, in the order they were asked for, and remembers the
/// log's end the store was last caught up to, so a read that finds the log where it was skips the
/// catch-up (and this queue) altogether.
///
/// Every read catches the read models up first, and the follower does so every poll; on one store,
/// concurrent catch-ups in one process were seen to fail the store's ledger check under load (wrk,
/// 16 connections publishing), which stopped the server.
actor SerialCatchUp {
    private var last: Task<Void, any Error>?
    /// The log's end as read before the latest catch-up that finished: the store holds everything
    /// up to it. nil before the first.
    private(set) var caughtUpTo: LogCursor?

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

    /// Records that the store holds the log up to `end`. Catch-ups run in order and each reads
    /// the end before it starts, so each mark is at or past the one before.
    func markCaughtUp(to end: LogCursor) {
        caughtUpTo = end
    }
}
