import DCLApplication
import DCLDomain
import DCLEventLog
import Foundation
import GRDB

/// The read-model store (default `.dcl/readmodels.db`): catalog, contract versions, quality
/// dashboard and audit timeline, plus the fold checkpoint they were computed up to.
///
/// Every batch is one SQLite transaction that writes the read-model rows **and** the consumed
/// position, and refuses to apply a batch folded from a position the store has already left.
///
/// ```swift
/// let store = try ReadModelStore(path: ".dcl/readmodels.db")
/// let projector = Projector(log: log, store: store)
/// try await projector.catchUp()
/// let entries = try await store.catalog(CatalogFilter(field: "revenue"))
/// ```
public final class ReadModelStore: Sendable {
    public static let projectors = ["catalog", "compatibility", "quality", "timeline"]

    public let path: String
    let pool: DatabasePool

    public init(path: String) throws {
        self.path = path
        do {
            try FileManager.default.createDirectory(at: URL(fileURLWithPath: path).deletingLastPathComponent(),
                                                    withIntermediateDirectories: true)
            var configuration = Configuration()
            configuration.busyMode = .timeout(10)
            configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
            pool = try DatabasePool(path: path, configuration: configuration)
            try ReadModelStore.migrator.migrate(pool)
        } catch {
            throw ProjectionError(.unavailable, "cannot open read-model store '\(path)': \(error)")
        }
    }

    /// Checkpoints the write-ahead log into the file and closes every connection. Idempotent.
    public func close() throws {
        _ = try? pool.writeWithoutTransaction { try $0.checkpoint(.truncate) }
        try pool.close()
    }

    /// The fold state and position the read models were computed up to.
    public func checkpoint() async throws -> ProjectionCheckpoint {
        try await pool.read { db in try ReadModelStore.checkpoint(db) }
    }

    static func checkpoint(_ db: Database) throws -> ProjectionCheckpoint {
        guard let row = try Row.fetchOne(db, sql: "SELECT position, last_recorded_at, state FROM fold_checkpoint WHERE id = 1") else {
            return ProjectionCheckpoint(position: 0, lastRecordedAt: nil, state: LedgerState())
        }
        let stateText: String = row["state"]
        let state = try JSONDecoder().decode(LedgerState.self, from: Data(stateText.utf8))
        let recorded: String? = row["last_recorded_at"]
        return ProjectionCheckpoint(position: row["position"], lastRecordedAt: recorded.flatMap { Timestamp(iso8601: $0) }, state: state)
    }

    /// Writes one batch and its position atomically. Throws `.staleCheckpoint` when another
    /// projector already moved the store past the batch's starting point (nothing is written).
    public func commit(_ batch: ProjectionBatch, rate: Double) async throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let stateText = String(decoding: try encoder.encode(batch.state), as: UTF8.self)
        try await pool.write { db in
            let current = try Int64.fetchOne(db, sql: "SELECT position FROM fold_checkpoint WHERE id = 1") ?? 0
            guard current == batch.fromPosition else {
                throw ProjectionError(.staleCheckpoint, "the store is at position \(current), not \(batch.fromPosition)")
            }
            try db.cachedStatement(sql: """
                INSERT INTO fold_checkpoint (id, position, last_recorded_at, state) VALUES (1, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET position = excluded.position, last_recorded_at = excluded.last_recorded_at, state = excluded.state
                """).execute(arguments: [batch.toPosition, batch.lastRecordedAt?.iso8601, stateText])
            for id in batch.touchedContracts.sorted() {
                guard let contract = batch.state.contracts[id] else { continue }
                try ReadModelRows.writeContract(contract, quality: batch.state.qualitySummary(for: id), db: db, encoder: encoder)
            }
            for check in batch.checks {
                try db.cachedStatement(sql: """
                    INSERT INTO data_quality_checks (check_id, position, contract_id, rule, passed, value, checked_at, checked_at_ms,
                                                     recorded_at, lag_ms, contract_version)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """).execute(arguments: [check.checkId, check.position, check.contractId, check.rule, check.passed, check.value,
                                     check.checkedAt.iso8601, check.checkedAt.millisecondsSinceEpoch, check.recordedAt.iso8601,
                                     check.recordedAt.millisecondsSinceEpoch - check.checkedAt.millisecondsSinceEpoch,
                                     check.contractVersion])
            }
            for entry in batch.timeline {
                let contractId = StreamID(entry.stream)?.contractID?.rawValue
                try db.cachedStatement(sql: "INSERT INTO audit_timeline (position, event_id, contract_id, outcome, entry) VALUES (?, ?, ?, ?, ?)").execute(arguments: [entry.position, entry.eventId, contractId, entry.outcome,
                                           String(decoding: try encoder.encode(entry), as: UTF8.self)])
            }
            for poison in batch.quarantined {
                try db.cachedStatement(sql: "INSERT INTO quarantine (position, event_id, type, reason) VALUES (?, ?, ?, ?)").execute(arguments: [poison.position, poison.eventId, poison.type, poison.reason])
            }
            for projector in ReadModelStore.projectors {
                try db.cachedStatement(sql: """
                    INSERT INTO projector_positions (projector, position, events, quarantined, rate) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (projector) DO UPDATE SET position = excluded.position, events = events + excluded.events,
                        quarantined = quarantined + excluded.quarantined, rate = excluded.rate
                    """).execute(arguments: [projector, batch.toPosition, batch.eventCount, batch.quarantined.count, rate])
            }
        }
    }
}
