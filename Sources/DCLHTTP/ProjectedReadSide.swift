import DCLApplication
import DCLDomain
import DCLEventLog
import DCLProjections
import Foundation

/// The read side on SQLite read models kept by a `Projector`: every read first catches the store
/// up with the log (so a client reads its own writes, also those made by the CLI), and an `asOf`
/// read rebuilds the read models up to that record time in a temporary store, as the CLI's
/// `--as-of` does.
///
/// ```swift
/// let log = try SQLiteEventLog(path: ".dcl/ledger.db")
/// let reads = ProjectedReadSide(log: log, store: try ReadModelStore(path: ".dcl/readmodels.db"))
/// let status = try await reads.projectionStatus()
/// ```
public struct ProjectedReadSide: ReadSide {
    public let log: any EventLog
    public let store: ReadModelStore
    /// Where `asOf` rebuilds are written (each in its own folder, removed after the read).
    public let scratchFolder: URL
    /// Every catch-up of `store` by this process goes through here, one at a time.
    private let serial = SerialCatchUp()

    public init(log: any EventLog, store: ReadModelStore, scratchFolder: URL = FileManager.default.temporaryDirectory) {
        self.log = log
        self.store = store
        self.scratchFolder = scratchFolder
    }

    public func withQueries<T: Sendable>(asOf: Timestamp?, _ body: @Sendable (any LedgerQueries) async throws -> T) async throws -> T {
        guard let asOf else {
            try await catchUp()
            return try await body(store)
        }
        let folder = scratchFolder.appendingPathComponent("dcl-serve-asof-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let replay = try ReadModelStore(path: folder.appendingPathComponent("readmodels.db").path)
        defer { try? replay.close() }
        try await Projector(log: log, store: replay, limit: ProjectionLimit(toPosition: nil, asOf: asOf)).catchUp()
        return try await body(replay)
    }

    /// Brings the store up to the log's end (serialized with every other catch-up of this read side).
    public func catchUp() async throws {
        let (log, store) = (self.log, self.store)
        try await serial.run { try await Projector(log: log, store: store).catchUp() }
    }

    public func projectionStatus() async throws -> [ProjectorStatus] {
        try await store.checkBelongs(to: log)
        return try await store.status(logEnd: try await log.endPosition())
    }
}
