import DCLDomain
import DCLEventLog
import Foundation
import GRDB

/// The embedded, durable event log: one SQLite file (default `.dcl/ledger.db`).
///
/// - Append-only `events` table; triggers refuse UPDATE and DELETE.
/// - `UNIQUE (stream, sequence)` is the optimistic-concurrency check: of two writers that
///   decided against the same state, the second insert fails and nothing of its batch is kept.
/// - Each stream's hash chain is checked on insert (`previous_hash` must be the hash of the
///   stream's previous event).
/// - WAL journal with `synchronous = FULL`: a committed append survives power loss; a process
///   killed mid-append leaves the whole batch or none of it.
///
/// ```swift
/// let log = try SQLiteEventLog(path: ".dcl/ledger.db")
/// let stored = try await log.append(envelopes)
/// let events = try await log.read(after: 0, limit: 100)
/// ```
public final class SQLiteEventLog: OrderedEventLog {
    public let path: String
    /// The connection that writes (and, read-only, the only one). (A `DatabasePool` would write a
    /// scratch table into the file each time it is opened with an empty WAL, so merely reading
    /// would change the ledger's bytes.)
    private let pool: DatabaseQueue
    /// The connection every read goes through. A writer's log has a second one that refuses writes
    /// (`query_only`): under WAL it reads the last commit while the writer's next commit waits for its
    /// sync to disk, so the reads that decide the next commands (and the projector's) never queue
    /// behind a commit. A read-only log reads through `pool`.
    private let reader: DatabaseQueue
    /// Answers `endPosition()` without a query while nothing was committed since the last one;
    /// nil for a ledger opened read-only (its end is read by query, on `pool`).
    private let endWatch: SQLiteLogEndWatch?
    /// The contract ids of the events read, shared between reads (see `TextInterner`).
    private let contractIds = SharedTextInterner()

    /// Opens (creating if needed) the ledger file and brings its schema up to date; with
    /// `readOnly`, opens an existing ledger without ever writing to it or its folder (see
    /// `SQLiteReadOnlyOpening`).
    public init(path: String, readOnly: Bool = false) throws {
        self.path = path
        if readOnly {
            pool = try SQLiteReadOnlyOpening.open(path)
            reader = pool
            endWatch = nil
            return
        }
        endWatch = SQLiteLogEndWatch(path: path)
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            var configuration = Configuration()
            configuration.busyMode = .timeout(10)
            configuration.prepareDatabase { db in
                // WAL for concurrent readers in other processes; FULL so every commit is durable.
                _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
                try db.execute(sql: "PRAGMA synchronous = FULL")
            }
            pool = try DatabaseQueue(path: path, configuration: configuration)
            try SQLiteEventLog.migrator.migrate(pool)
            var readConfiguration = Configuration()
            readConfiguration.busyMode = .timeout(10)
            readConfiguration.prepareDatabase { db in try db.execute(sql: "PRAGMA query_only = ON") }
            reader = try DatabaseQueue(path: path, configuration: readConfiguration)
        } catch let error as DatabaseError {
            throw EventLogError(.unavailable, "cannot open ledger '\(path)': \(error.message ?? error.description)")
        } catch {
            throw EventLogError(.unavailable, "cannot open ledger '\(path)': \(error.localizedDescription)")
        }
    }

    public func append(_ envelopes: [EventEnvelope]) async throws -> [StoredEvent] {
        guard !envelopes.isEmpty else { return [] }
        do {
            return try await pool.write { db in try SQLiteEventLog.insert(envelopes, db: db) }
        } catch {
            throw appendError(error, envelopes)
        }
    }

    /// Every batch in one transaction, each under its own savepoint: a batch that fails is rolled
    /// back alone, and the commit (with its sync to disk under `synchronous = FULL`) is shared.
    public func appendBatches(_ batches: [[EventEnvelope]]) async -> [Result<[StoredEvent], any Error>] {
        do {
            let outcomes = try await pool.write { db in
                batches.map { envelopes -> Result<[StoredEvent], any Error> in
                    guard !envelopes.isEmpty else { return .success([]) }
                    var stored: [StoredEvent] = []
                    do {
                        try db.inSavepoint {
                            stored = try SQLiteEventLog.insert(envelopes, db: db)
                            return .commit
                        }
                        return .success(stored)
                    } catch {
                        return .failure(error)
                    }
                }
            }
            return zip(outcomes, batches).map { outcome, envelopes in outcome.mapError { appendError($0, envelopes) } }
        } catch {
            // The commit itself failed: none of the batches is recorded.
            return batches.map { .failure(appendError(error, $0)) }
        }
    }

    /// Inserts one batch, checking each envelope extends its stream (the batch's own earlier
    /// envelopes included).
    private static func insert(_ envelopes: [EventEnvelope], db: Database) throws -> [StoredEvent] {
        var stored: [StoredEvent] = []
        var pending: [StreamID: (sequence: Int64, hash: String)] = [:]
        for envelope in envelopes {
            try SQLiteEventLog.checkChain(envelope, pending: pending[envelope.stream], db: db)
            try db.cachedStatement(sql: """
                INSERT INTO events (event_id, stream, sequence, contract_id, type, schema_version, occurred_at,
                                    recorded_at, actor, payload, previous_hash, hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [envelope.eventId, envelope.stream.description, envelope.sequence, envelope.contractId,
                                 envelope.type, envelope.schemaVersion, envelope.occurredAt.iso8601,
                                 envelope.recordedAt.iso8601, envelope.actor, envelope.canonicalPayloadText,
                                 envelope.previousHash, envelope.hash])
            pending[envelope.stream] = (envelope.sequence, envelope.hash)
            stored.append(StoredEvent(position: db.lastInsertedRowID, envelope: envelope))
        }
        return stored
    }

    /// What an append's failure means to a writer: a taken sequence is a conflict, a duplicate
    /// event id bad input, any other database error an unavailable ledger.
    private func appendError(_ error: any Error, _ envelopes: [EventEnvelope]) -> any Error {
        switch error {
        case let error as EventLogError:
            return error
        case let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE:
            let message = error.message ?? ""
            if message.contains("event_id") {
                return EventLogError(.invalidArgument, "an event with this id is already in the ledger: \(message)")
            }
            let taken = envelopes.first.map { "\($0.stream) #\($0.sequence)" } ?? "a stream sequence"
            return EventLogError(.conflict, "another writer took \(taken) first; nothing of this batch was recorded",
                                 stream: envelopes.first?.stream, sequence: envelopes.first?.sequence)
        case let error as DatabaseError:
            return EventLogError(.unavailable, "cannot write ledger '\(path)': \(error.message ?? error.description)")
        default:
            return error
        }
    }

    /// Refuses an envelope that does not extend its stream: a taken sequence (conflict), a gap,
    /// or a previous hash that is not the stream's head hash.
    private static func checkChain(_ envelope: EventEnvelope, pending: (sequence: Int64, hash: String)?, db: Database) throws {
        let head: (sequence: Int64, hash: String)
        if let pending {
            head = pending
        } else if let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT sequence, hash FROM events WHERE stream = ? ORDER BY sequence DESC LIMIT 1"),
                                             arguments: [envelope.stream.description]) {
            head = (row["sequence"], row["hash"])
        } else {
            head = (0, EventEnvelope.genesisHash)
        }
        if envelope.sequence <= head.sequence {
            throw EventLogError(.conflict, "another writer took \(envelope.stream) #\(envelope.sequence) first; nothing of this batch was recorded",
                                stream: envelope.stream, sequence: envelope.sequence)
        }
        if envelope.sequence != head.sequence + 1 {
            throw EventLogError(.invalidArgument, "\(envelope.stream) #\(envelope.sequence) skips ahead of the stream's head #\(head.sequence)",
                                stream: envelope.stream, sequence: envelope.sequence)
        }
        if envelope.previousHash != head.hash {
            throw EventLogError(.brokenChain, "\(envelope.stream) #\(envelope.sequence) does not chain to the stream's head hash",
                                stream: envelope.stream, sequence: envelope.sequence)
        }
    }

    /// Folds the write-ahead log into the database file and closes every connection, so the file
    /// on disk is complete by itself (a copy of it is a copy of the ledger). Idempotent.
    public func close() throws {
        // The reader first: a checkpoint cannot truncate the WAL under an open read.
        if reader !== pool { try reader.close() }
        endWatch?.close()
        _ = try? pool.writeWithoutTransaction { try $0.checkpoint(.truncate) }
        try pool.close()
    }

    public func read(after position: Int64, limit: Int) async throws -> [StoredEvent] {
        try await fetch("SELECT \(Self.eventColumns) FROM events WHERE position > ? ORDER BY position LIMIT ?", [position, limit])
    }

    public func readStream(_ stream: StreamID) async throws -> [StoredEvent] {
        try await fetch("SELECT \(Self.eventColumns) FROM events WHERE stream = ? ORDER BY sequence", [stream.description])
    }

    public func readContract(_ id: ContractID) async throws -> [StoredEvent] {
        try await fetch("SELECT \(Self.eventColumns) FROM events WHERE contract_id = ? ORDER BY position", [id.rawValue])
    }

    /// One query for all the streams (a command decides on a handful), in one read of the log.
    public func readStreams(_ streams: Set<StreamID>) async throws -> [StoredEvent] {
        guard !streams.isEmpty else { return [] }
        let names = streams.map(\.description).sorted()
        let placeholders = Array(repeating: "?", count: names.count).joined(separator: ", ")
        return try await fetch("SELECT \(Self.eventColumns) FROM events WHERE stream IN (\(placeholders)) ORDER BY position",
                               StatementArguments(names))
    }

    public func endPosition() async throws -> Int64 {
        guard let endWatch else {
            return try await reader.read { db in try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(position), 0) FROM events") ?? 0 }
        }
        return try await withReadErrors { try endWatch.end() }
    }

    public func head(of stream: StreamID) async throws -> StreamHead? {
        try await withReadErrors {
            try await reader.read { db in
                try Row.fetchOne(db.cachedStatement(sql: "SELECT sequence, hash FROM events WHERE stream = ? ORDER BY sequence DESC LIMIT 1"),
                                 arguments: [stream.description]).map { StreamHead(sequence: $0["sequence"], hash: $0["hash"]) }
            }
        }
    }

    public func event(at position: Int64) async throws -> StoredEvent? {
        try await fetch("SELECT \(Self.eventColumns) FROM events WHERE position = ?", [position]).first
    }

    public func identity() async throws -> LedgerIdentity {
        let id = try await withReadErrors { try await reader.read { db in try SQLiteEventLog.identity(db) } }
        guard let id else { throw EventLogError(.unavailable, "ledger '\(path)' has no identity (it was created by no known version of dcl)") }
        return LedgerIdentity("sqlite:" + id)
    }

    private func withReadErrors<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as EventLogError {
            throw error
        } catch let error as DatabaseError {
            throw EventLogError(.unavailable, "cannot read ledger '\(path)': \(error.message ?? error.description)")
        }
    }

    private func fetch(_ sql: String, _ arguments: StatementArguments) async throws -> [StoredEvent] {
        do {
            return try await reader.read { [contractIds] db in try SQLiteEventLog.storedEvents(db, sql: sql, arguments: arguments, contractIds: contractIds) }
        } catch let error as EventLogError {
            throw error
        } catch let error as DatabaseError {
            throw EventLogError(.unavailable, "cannot read ledger '\(path)': \(error.message ?? error.description)")
        }
    }
}
