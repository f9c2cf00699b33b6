import DCLEventLog
import Foundation

/// A read of the log started before anyone asked for it: `Projector.catchUp` begins reading a
/// batch as soon as the read before it ends, so that the reader works while that batch is still
/// being decoded and checked. The batch is handed over once (`take`), moved rather than copied:
/// a task's result stays with the task, and an array of events shared with it was copied, event
/// by event, as soon as the taker changed it.
///
/// ```swift
/// let ahead = ReadAhead(log: log, from: cursor, limit: 8_192)
/// if let batch = try await ahead.take(from: cursor, limit: 8_192) { ... }   // the read's batch
/// ```
final class ReadAhead: Sendable {
    let from: LogCursor
    let limit: Int
    private let task: Task<Void, any Error>
    private let box: Box

    init(log: any EventLog, from: LogCursor, limit: Int) {
        self.from = from
        self.limit = limit
        let box = Box()
        self.box = box
        task = Task { box.put(try await log.read(from: from, limit: limit)) }
    }

    /// The batch read from `from` with `limit`, once; nil when it was read from elsewhere or
    /// with another limit (the caller reads what it needs itself), or already taken.
    func take(from cursor: LogCursor, limit wanted: Int) async throws -> LogBatch? {
        guard cursor == from, wanted == limit else {
            await abandon()
            return nil
        }
        try await task.value
        return box.take()
    }

    /// Waits for a read no one will take (a read must not outlive the catch-up that began it:
    /// its caller may close the log next).
    func abandon() async {
        task.cancel()
        _ = try? await task.value
        _ = box.take()
    }

    /// Where the task leaves its batch for the taker.
    private final class Box: @unchecked Sendable {
        // @unchecked: `batch` is only read or written while holding `lock`.
        private let lock = NSLock()
        private var batch: LogBatch?

        func put(_ read: LogBatch) { lock.withLock { batch = read } }

        func take() -> LogBatch? { lock.withLock { batch.take() } }
    }
}
