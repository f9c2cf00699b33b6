import DCLEventLog
import Foundation

/// Runs the server's catch-ups one at a time, in the order they were asked for, and remembers the
/// log's end the store was last caught up to, so a read that finds the log where it was skips the
/// catch-up (and this queue) altogether.
///
/// Every read catches the read models up first, and the follower does so every poll; on one store,
/// concurrent catch-ups in one process were seen to fail the store's ledger check under load (wrk,
/// 16 connections publishing), which stopped the server.
///
/// A lock rather than an actor: every current read asks `caughtUpTo`, and reading it under a lock
/// costs no hop to another executor.
///
/// ```swift
/// let serial = SerialCatchUp()
/// try await serial.run { try await projector.catchUp() }
/// serial.markCaughtUp(to: end)
/// ```
final class SerialCatchUp: @unchecked Sendable {
    // @unchecked Sendable: `last` and `mark` are read and written only while holding `lock` (in
    // `run`, `caughtUpTo` and `markCaughtUp`, each of which releases it before returning or
    // awaiting).

    private let lock = NSLock()
    private var last: Task<Void, any Error>?
    private var mark: LogCursor?

    /// The log's end as read before the latest catch-up that finished: the store holds everything
    /// up to it. nil before the first.
    var caughtUpTo: LogCursor? { lock.withLock { mark } }

    func run(_ work: @escaping @Sendable () async throws -> Void) async throws {
        // The chain is extended under the lock, before any suspension, so it follows the order of calls.
        let task = lock.withLock {
            let previous = last
            let task = Task {
                _ = try? await previous?.value
                try await work()
            }
            last = task
            return task
        }
        try await task.value
    }

    /// Records that the store holds the log up to `end`. Catch-ups run in order and each reads
    /// the end before it starts, so each mark is at or past the one before.
    func markCaughtUp(to end: LogCursor) {
        lock.withLock { mark = end }
    }
}
