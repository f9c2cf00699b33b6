import DCLApplication
import DCLDomain
import DCLEventLog
import DCLProjections
import Foundation

/// The read side on read models kept by a `Projector` (any `ReadModelStoring`): every read first catches the store
/// up with the log (so a client reads its own writes, also those made by the CLI), and an `asOf`
/// read answers from the same store as it stood at that record time (`ReadModelView`), as the
/// CLI's `--as-of` does.
///
/// ```swift
/// let log = try SQLiteEventLog(path: ".dcl/ledger.db")
/// let reads = ProjectedReadSide(log: log, store: try ReadModelStore(path: ".dcl/readmodels.db"))
/// let status = try await reads.projectionStatus()
/// ```
///
/// With `projects` false the store is kept by projectors elsewhere (`dcl project --group` members
/// sharing a PostgreSQL store): this side never folds. A read then waits up to `maxWait` for the
/// store to hold the log's end it found (so a client still reads its own writes while the
/// projectors keep up), and otherwise answers from the store as it stands.
public struct ProjectedReadSide: ReadSide {
    public let log: any EventLog
    public let store: any ReadModelStoring
    /// Whether this side folds the log into the store itself.
    public let projects: Bool
    /// Without projecting: how long a read waits for the store to reach the log's end.
    public let maxWait: Duration
    /// Every catch-up of `store` by this process goes through here, one at a time.
    private let serial = SerialCatchUp()

    public init(log: any EventLog, store: any ReadModelStoring, projects: Bool = true, maxWait: Duration = .seconds(2)) {
        self.log = log
        self.store = store
        self.projects = projects
        self.maxWait = maxWait
    }

    public func withQueries<T: Sendable>(asOf: Timestamp?, _ body: @Sendable (any LedgerQueries) async throws -> T) async throws -> T {
        try await current()
        guard let asOf else { return try await body(store) }
        // The same store as it stood then, by query (see `ReadModelView`).
        return try await body(try await store.queries(asOf: asOf))
    }

    public func withCurrentQueries<T: Sendable>(_ body: @Sendable (any LedgerQueries, _ logEnd: LogCursor) async throws -> T) async throws -> T {
        try await body(store, try await current())
    }

    public func withGovernance<T: Sendable>(_ body: @Sendable (any GovernanceQueries) async throws -> T) async throws -> T {
        try await current()
        return try await body(store)
    }

    /// Makes sure the store holds every write that finished before this call, and returns the
    /// log's end it holds at least. The log's end where the last catch-up left it means the store
    /// already holds it: one query on the log (its end), no catch-up and no wait in its queue.
    @discardableResult
    func current() async throws -> LogCursor {
        let end = try await log.endCursor()
        guard serial.caughtUpTo != end else { return end }
        if projects {
            // A catch-up reads the log's end itself when it starts, at or past `end`.
            try await catchUp()
        } else {
            try await waitForProjectors(to: end)
        }
        return end
    }

    /// Polls the store until it holds the log up to `end`, at most `maxWait`.
    private func waitForProjectors(to end: LogCursor) async throws {
        let deadline = ContinuousClock.now.advanced(by: maxWait)
        while true {
            let header = try await store.checkpointHeader()
            let cursor = header.cursor.next.isEmpty ? LogCursor.after(position: header.position) : header.cursor
            if cursor.remaining(to: end) == 0 {
                serial.markCaughtUp(to: end)
                return
            }
            guard ContinuousClock.now < deadline else { return }
            try await Task.sleep(for: .milliseconds(25))
        }
    }

    /// Brings the store up to the log's end (serialized with every other catch-up of this read
    /// side); does nothing when projectors elsewhere keep the store (`projects` false).
    public func catchUp() async throws {
        guard projects else { return }
        let (log, store, serial) = (self.log, self.store, self.serial)
        try await serial.run {
            let end = try await log.endCursor()
            try await Projector(log: log, store: store).catchUp()
            serial.markCaughtUp(to: end)
        }
    }

    public func projectionStatus() async throws -> [ProjectorStatus] {
        try await store.checkBelongs(to: log)
        return try await store.status(against: log)
    }
}
