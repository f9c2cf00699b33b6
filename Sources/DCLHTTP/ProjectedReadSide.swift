import DCLApplication
import DCLDomain
import DCLEventLog
import DCLProjections
import Foundation

/// The read side on SQLite read models kept by a `Projector`: every read first catches the store
/// up with the log (so a client reads its own writes, also those made by the CLI), and an `asOf`
/// read answers from the same store as it stood at that record time (`ReadModelView`), as the
/// CLI's `--as-of` does.
///
/// ```swift
/// let log = try SQLiteEventLog(path: ".dcl/ledger.db")
/// let reads = ProjectedReadSide(log: log, store: try ReadModelStore(path: ".dcl/readmodels.db"))
/// let status = try await reads.projectionStatus()
/// ```
public struct ProjectedReadSide: ReadSide {
    public let log: any EventLog
    public let store: ReadModelStore
    /// Every catch-up of `store` by this process goes through here, one at a time.
    private let serial = SerialCatchUp()

    public init(log: any EventLog, store: ReadModelStore) {
        self.log = log
        self.store = store
    }

    public func withQueries<T: Sendable>(asOf: Timestamp?, _ body: @Sendable (any LedgerQueries) async throws -> T) async throws -> T {
        // The log's end where the last catch-up left it: the store already holds every write that
        // finished before this request, so the read needs no catch-up (nor its queue).
        if try await log.endCursor() != serial.caughtUpTo {
            try await catchUp()
        }
        guard let asOf else { return try await body(store) }
        // The same store as it stood then, by query (see `ReadModelView`).
        return try await body(try await store.view(asOf: asOf))
    }

    public func withGovernance<T: Sendable>(_ body: @Sendable (any GovernanceQueries) async throws -> T) async throws -> T {
        if try await log.endCursor() != serial.caughtUpTo {
            try await catchUp()
        }
        return try await body(store)
    }

    /// Brings the store up to the log's end (serialized with every other catch-up of this read side).
    public func catchUp() async throws {
        let (log, store, serial) = (self.log, self.store, self.serial)
        try await serial.run {
            let end = try await log.endCursor()
            try await Projector(log: log, store: store).catchUp()
            await serial.markCaughtUp(to: end)
        }
    }

    public func projectionStatus() async throws -> [ProjectorStatus] {
        try await store.checkBelongs(to: log)
        return try await store.status(logEnd: try await log.endPosition())
    }
}
