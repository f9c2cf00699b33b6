import DCLApplication
import DCLDomain
import DCLEventLog
import Foundation
import GRDB

/// The read-model store (default `.dcl/readmodels.db`): catalog, contract versions, quality
/// dashboard and audit timeline, plus the fold checkpoint they were computed up to.
///
/// Every batch (or commit group of a long catch-up, see `ReadModelStoring`) is one SQLite
/// transaction that writes the read-model rows **and** the consumed
/// position, and refuses to apply a batch folded from a position the store has already left (on
/// a partitioned log: from a cursor one of its partitions has left, see `ReadModelStoring`).
///
/// ```swift
/// let store = try ReadModelStore(path: ".dcl/readmodels.db")
/// let projector = Projector(log: log, store: store)   // any ReadModelStoring
/// try await projector.catchUp()
/// let entries = try await store.catalog(CatalogFilter(field: "revenue"))
/// ```
public final class ReadModelStore: Sendable {
    /// Each connection's page cache, in KiB (see `init(path:)`).
    static let pageCacheKiB = 16_384

    public static let projectors = ["catalog", "compatibility", "quality", "timeline"]

    public let path: String
    /// A pool of connections in write-ahead-log mode; one connection for a store being rebuilt
    /// beside the one it replaces (see `ReadModelStore(rebuilding:)`).
    let pool: any DatabaseWriter
    /// For a store being rebuilt: the store it replaces once complete (nil otherwise).
    public let replaces: String?
    /// For a store built beside one that does not exist yet (`ReadModelStore(creating:)`): it is
    /// put in place only if no other store appeared there meanwhile (`placeIfAbsent()`).
    public let createsOriginal: Bool
    /// For a store being rebuilt: the triggers that keep the catalog's search indexes, left out
    /// while it loads and made again, with the indexes filled in one pass, by `replaceOriginal()`.
    let deferredSearchTriggers: [String]
    /// Positions taken from `position_counter` and not handed out yet (see `reservePositions`).
    let reserved = ReservedPositions()
    /// Raised by the first `close()`.
    private let closed = OneTimeFlag()

    public init(path: String) throws {
        self.path = path
        replaces = nil
        createsOriginal = false
        deferredSearchTriggers = []
        do {
            try FileManager.default.createDirectory(at: URL(fileURLWithPath: path).deletingLastPathComponent(),
                                                    withIntermediateDirectories: true)
            var configuration = Configuration()
            configuration.busyMode = .timeout(10)
            // A long catch-up's batches share one transaction, left open between their writes
            // (`ProjectionBatch.joinsCommitGroup`); every other write opens and ends its own.
            configuration.allowsUnsafeTransactions = true
            // NORMAL, not FULL: in WAL mode a commit is atomic and survives a killed process either way;
            // power loss may only undo the last batches, read models and checkpoint together, and the
            // projector folds them again. (The event log itself keeps FULL: its events are the truth.)
            // A 16 MiB page cache holds the small per-contract tables a catch-up rewrites every batch
            // (the per-event rows are appended; a long catch-up builds the per-contract indexes at
            // the end, see `bulkLoadIndexes`). Every connection of the pool has one, so it counts
            // against a projector's memory bound several times; 64 MiB each put a rebuild far above it.
            // The write-ahead log is copied into the file every 8,192 pages (32 MiB, SQLite's default
            // is 1,000): pages a catch-up rewrites in every batch are then copied once per many
            // batches, and the checkpoint's syncs happen eight times less often.
            configuration.prepareDatabase { db in
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
                try db.execute(sql: "PRAGMA cache_size = -\(ReadModelStore.pageCacheKiB)")
                try db.execute(sql: "PRAGMA wal_autocheckpoint = 8192")
            }
            pool = try ReadModelStore.openPool(path: path, configuration: configuration)
            // A first fold beside this store that was killed (a read stopped with ^C) left its file.
            ReadModelStore.removeCreationsOfEndedProcesses(of: path)
            try ReadModelStore.migrate(pool)
            // A bulk load killed before it rebuilt its indexes left them out (see `bulkLoadIndexes`).
            try createBulkLoadIndexesIfMissing()
        } catch {
            throw ProjectionError(.unavailable, "cannot open read-model store '\(path)': \(error)")
        }
    }

    /// A store on a connection already open and migrated (see `ReadModelStore(rebuilding:)`).
    init(path: String, pool: any DatabaseWriter, replaces: String?, createsOriginal: Bool = false, deferredSearchTriggers: [String] = []) {
        self.path = path
        self.pool = pool
        self.replaces = replaces
        self.createsOriginal = createsOriginal
        self.deferredSearchTriggers = deferredSearchTriggers
    }

    /// Brings the store's schema up to date, also when other processes open it at the same time.
    ///
    /// The migrator reads which migrations a store has once, then runs each missing one in its own
    /// transaction: two processes opening a new store (or one a new `dcl` version migrates) both
    /// find a migration missing, and the second one's `CREATE TABLE` fails once the first commits.
    /// The store is then correct, only this opening failed; reading the list again finds the
    /// migration applied, so a failed attempt is retried a few times before it counts.
    static func migrate(_ pool: any DatabaseWriter) throws {
        var attempt = 0
        while true {
            do {
                try migrator.migrate(pool)
                return
            } catch {
                attempt += 1
                guard attempt < 5 else { throw error }
                usleep(useconds_t(20_000 * attempt))
            }
        }
    }

    /// Opens the pool, trying again a few times while the file is busy. Two processes opening a
    /// new store at once (two projectors of a group starting together) both switch it to WAL, and
    /// that switch needs the file to themselves: SQLite answers "database is locked" at once,
    /// without waiting out the busy timeout, when the other holds it, so only a later try succeeds.
    static func openPool(path: String, configuration: Configuration) throws -> DatabasePool {
        var attempt = 0
        while true {
            do {
                return try DatabasePool(path: path, configuration: configuration)
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED {
                attempt += 1
                guard attempt < 8 else { throw error }
                usleep(useconds_t(25_000 * attempt))
            }
        }
    }

    /// Checkpoints the write-ahead log into the file and closes every connection. Idempotent.
    public func close() throws {
        guard closed.raise() else { return }
        // Positions reserved and never handed out go back when no one reserved after them, so a
        // projector that runs once per command numbers a partitioned log without gaps.
        try? returnUnusedPositions()
        _ = try? pool.writeWithoutTransaction { try $0.checkpoint(.truncate) }
        try pool.close()
    }

    /// Writes one batch and its position atomically. Throws `.staleCheckpoint` when another
    /// projector already moved the store past the batch's starting point (nothing is written).
    /// A batch of a partitioned log (`fromCursor` set) is checked and recorded per partition
    /// (see `ReadModelStoring`, "Commits").
    public func commit(_ batch: ProjectionBatch, rate: Double) async throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // One global order: the global part of the batch's state replaces the stored one (contracts,
        // quality and stream heads go to their own rows). A partitioned log's batch lacks what
        // projectors of other partitions folded, so its global events are merged in instead.
        let stateText = batch.fromCursor == nil ? try Self.globalStateText(batch.state, encoder: encoder) : nil
        // Row texts and per-row lookups are done before the write, on every core: the writer
        // connection is the one serial resource, so it should only bind and step.
        // Few events carry changes (a schema change's); only theirs are encoded.
        let changed = batch.timeline.indices.filter { batch.timeline[$0].changes != nil }
        let changesTexts = Dictionary(uniqueKeysWithValues: zip(changed, ParallelMap.map(changed, minimumChunk: 16) { batch.timeline[$0].changesJSON })
            .compactMap { index, text in text.map { (index, $0) } })
        let rowTexts = try batch.contractRowTexts()
        let contractTexts = rowTexts.contracts
        let historyTexts = rowTexts.history
        let qualityRows = ParallelMap.map(batch.changedQuality.sorted(), minimumChunk: 64) { id in
            let summary = batch.state.qualitySummary(for: id)
            let stream = StreamID.quality(id)
            return (id: id, summary: summary, json: summary.storedJSON, lastChecked: summary.lastCheckedAt?.iso8601,
                    head: batch.state.heads[stream]?.sequence, hash: batch.state.heads[stream]?.hash, onTime: batch.onTimeChecks[id] ?? 0)
        }
        try await write(joiningGroup: batch.joinsCommitGroup) { db in
            // The policies and compatibility settings compliance is judged against: the batch's own
            // on a log with one global order; on a partitioned one, the stored global state merged
            // with this batch's global events (read only when needed: rarely, for lifecycle changes).
            var merged: LedgerState?
            if let stateText {
                let current = try Int64.fetchOne(db, sql: "SELECT position FROM fold_checkpoint WHERE id = 1") ?? 0
                guard current == batch.fromPosition else {
                    throw ProjectionError(.staleCheckpoint, "the store is at position \(current), not \(batch.fromPosition)")
                }
                try db.cachedStatement(sql: """
                    INSERT INTO fold_checkpoint (id, position, last_recorded_at, state, last_hash) VALUES (1, ?, ?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET position = excluded.position, last_recorded_at = excluded.last_recorded_at,
                        state = excluded.state, last_hash = excluded.last_hash
                    """).execute(arguments: [batch.toPosition, batch.lastRecordedAt?.iso8601, stateText, batch.lastHash])
            } else {
                try ReadModelStore.checkPartitions(of: batch, db: db)
                if !batch.acceptedGlobal.isEmpty { merged = try ReadModelStore.mergeGlobalState(batch.acceptedGlobal, db: db, encoder: encoder) }
            }
            if !contractTexts.isEmpty {
                let writers = try ReadModelRows.ContractWriters(db)
                for texts in contractTexts { try ReadModelRows.writeContract(texts, with: writers) }
            }
            // One row per contract with new results: totals, rules and its quality stream's head.
            // One prepared statement per table, bound and stepped once per row (`RowWriter.run`
            // resets it), rather than looked up again per row by its SQL text.
            let qualityRow = try RowWriter(db, sql: """
                INSERT INTO contract_quality (contract_id, total_checks, passed_checks, last_checked_at, summary, stream_head, stream_hash,
                    on_time_checks)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (contract_id) DO UPDATE SET total_checks = excluded.total_checks, passed_checks = excluded.passed_checks,
                    last_checked_at = excluded.last_checked_at, summary = excluded.summary, stream_head = excluded.stream_head,
                    stream_hash = excluded.stream_hash, on_time_checks = excluded.on_time_checks
                """)
            for row in qualityRows {
                qualityRow.bind(1, row.id.rawValue)
                qualityRow.bind(2, Int64(row.summary.totalChecks))
                qualityRow.bind(3, Int64(row.summary.passedChecks))
                qualityRow.bind(4, row.lastChecked)
                qualityRow.bind(5, utf8: row.json)
                if let head = row.head { qualityRow.bind(6, head) }
                qualityRow.bind(7, row.hash)
                qualityRow.bind(8, row.onTime)
                try qualityRow.run()
            }
            // Every other stream head (lifecycle, domain, governance: rare events) in its own row.
            // (An accepted quality result is always on its contract's quality stream, so that
            // head went with the quality row above: `Ledger.validate` rejects any other pairing.)
            for stream in batch.changedStreams where stream.kind != .quality {
                try db.cachedStatement(sql: """
                    INSERT INTO fold_streams (stream, head, hash) VALUES (?, ?, ?)
                    ON CONFLICT (stream) DO UPDATE SET head = excluded.head, hash = excluded.hash
                    """).execute(arguments: [stream.description, batch.state.head(of: stream), batch.state.heads[stream]?.hash])
            }
            try ReadModelStore.writeTimeline(batch, changes: changesTexts, db: db)
            try ReadModelStore.writeQualityRuns(batch.checks, db: db)
            // Each lifecycle change closes its contract's current history row and opens the next.
            let closeHistory = try RowWriter(db, sql: "UPDATE catalog_history SET valid_to = ? WHERE contract_id = ? AND valid_to IS NULL")
            let openHistory = try RowWriter(db, sql: """
                INSERT INTO catalog_history (contract_id, valid_from, domain, owner_email, status, is_active, entry, state)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for (row, texts) in zip(batch.contractHistory, historyTexts) {
                let entry = texts.entry
                closeHistory.bind(1, row.position)
                closeHistory.bind(2, entry.contractId)
                try closeHistory.run()
                openHistory.bind(1, entry.contractId)
                openHistory.bind(2, row.position)
                openHistory.bind(3, entry.domain)
                openHistory.bind(4, entry.owner)
                openHistory.bind(5, entry.status)
                openHistory.bind(6, entry.isActive)
                openHistory.bind(7, texts.entryText)
                openHistory.bind(8, texts.stateText)
                try openHistory.run()
            }
            let published = batch.publishedContracts.map { Set($0.map(\.rawValue)) }
                ?? Set(batch.timeline.compactMap { StreamID($0.stream)?.contractID?.rawValue })
            let commit = try ReadModelStore.recordPublication(of: batch, contracts: published, db: db)
            try ReadModelStore.writeGovernance(batch, commit: commit, db: db, encoder: encoder) {
                if stateText != nil { return batch.state }
                if merged == nil { merged = try ReadModelStore.storedGlobalState(db) }
                return merged ?? LedgerState()
            }
            if stateText == nil {
                try ReadModelStore.writePartitionCheckpoint(of: batch, rate: rate, db: db)
            } else if let cursor = batch.cursor {
                let cursorRow = try RowWriter(db, sql: """
                    INSERT INTO log_cursor (partition, next) VALUES (?, ?) ON CONFLICT (partition) DO UPDATE SET next = excluded.next
                    """)
                for (partition, next) in cursor.next {
                    cursorRow.bind(1, partition)
                    cursorRow.bind(2, next)
                    try cursorRow.run()
                }
            }
            for poison in batch.quarantined {
                try db.cachedStatement(sql: "INSERT INTO quarantine (position, event_id, type, reason) VALUES (?, ?, ?, ?)").execute(arguments: [poison.position, poison.eventId, poison.type, poison.reason])
            }
            // (A partitioned log's batch recorded its counts with its partition above.)
            for projector in ReadModelStore.projectors where stateText != nil {
                try db.cachedStatement(sql: """
                    INSERT INTO projector_positions (projector, position, events, quarantined, rate) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (projector) DO UPDATE SET position = excluded.position, events = events + excluded.events,
                        quarantined = quarantined + excluded.quarantined, rate = excluded.rate
                    """).execute(arguments: [projector, batch.toPosition, batch.eventCount, batch.quarantined.count, rate])
            }
        }
    }

    /// Runs `updates` in a transaction of their own, or (`joiningGroup`) in the one batches of a
    /// commit group share: opened by the first (`BEGIN IMMEDIATE`: no other writer from then on,
    /// so only that first batch can find the store moved on), left open for the next, committed
    /// by `endCommitGroup()`. A failure rolls the whole group back: none of it was committed, and
    /// the catch-up that failed folds it again next time.
    private func write(joiningGroup: Bool, _ updates: @escaping @Sendable (Database) throws -> Void) async throws {
        guard joiningGroup else {
            try await pool.write(updates)
            return
        }
        try await pool.writeWithoutTransaction { db in
            if !db.isInsideTransaction { try db.beginTransaction(.immediate) }
            do {
                try updates(db)
            } catch {
                if db.isInsideTransaction { try? db.rollback() }
                throw error
            }
        }
    }

    public var groupsCommits: Bool { replaces == nil }

    public func endCommitGroup() async throws {
        try await pool.writeWithoutTransaction { db in
            if db.isInsideTransaction { try db.commit() }
        }
    }

    public func abandonCommitGroup() async {
        _ = try? await pool.writeWithoutTransaction { db in
            if db.isInsideTransaction { try db.rollback() }
        }
    }

    /// The global part of `state` as stored in `fold_checkpoint`: contracts, quality and stream
    /// heads go to their own rows, rejections to the timeline.
    static func globalStateText(_ state: LedgerState, encoder: JSONEncoder) throws -> String {
        var global = state
        global.contracts = [:]
        global.quality = [:]
        global.heads = [:]
        global.rejected = []
        return String(decoding: try encoder.encode(global), as: UTF8.self)
    }
}
