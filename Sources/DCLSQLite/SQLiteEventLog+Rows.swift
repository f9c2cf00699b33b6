import DCLDomain
import DCLEventLog
import GRDB
import Foundation
import GRDBSQLite

extension SQLiteEventLog {
    /// The columns every read selects, in the order `storedEvent(_:repeated:contractIds:)` reads them.
    static let eventColumns = """
        position, event_id, stream, sequence, contract_id, type, schema_version, occurred_at, recorded_at, actor, payload,
        previous_hash, hash
        """

    /// Runs a query of `eventColumns` and reads each row straight from SQLite's column buffers.
    ///
    /// A rebuild reads every event of the ledger: going through GRDB's `Row` (a copied row,
    /// columns found by name, every value boxed) cost more than decoding the event itself.
    /// The statement is still prepared, cached and bound by GRDB, inside GRDB's read transaction.
    static func storedEvents(_ db: Database, sql: String, arguments: StatementArguments,
                             contractIds: SharedTextInterner) throws -> [StoredEvent] {
        try contractIds.withInterner { interner in try storedEvents(db, sql: sql, arguments: arguments, contractIds: &interner) }
    }

    static func storedEvents(_ db: Database, sql: String, arguments: StatementArguments,
                             contractIds: inout TextInterner) throws -> [StoredEvent] {
        let statement = try db.cachedStatement(sql: sql)
        try statement.setArguments(arguments)
        let handle = statement.sqliteStatement
        defer { sqlite3_reset(handle) }
        var events: [StoredEvent] = []
        var repeated = RepeatedTexts()
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { return events }
            guard code == SQLITE_ROW else {
                let message = db.sqliteConnection.map { String(cString: sqlite3_errmsg($0)) }
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: sql)
            }
            events.append(try storedEvent(ColumnReader(handle: handle), repeated: &repeated, contractIds: &contractIds))
        }
    }

    /// The event type and actor of the row read before: most rows repeat them (a scheduler records
    /// result after result), so a row whose text is the same shares that string instead of
    /// allocating its own — fewer allocations per event read, and less memory per event held.
    struct RepeatedTexts {
        var type = ""
        var actor = ""
    }

    /// A row as an envelope. A payload that is no longer valid JSON (a damaged file) is carried
    /// as a JSON string of its text, so audit verification reports it instead of crashing.
    static func storedEvent(_ row: ColumnReader, repeated: inout RepeatedTexts, contractIds: inout TextInterner) throws -> StoredEvent {
        let position = row.integer(0)
        let contractId = row.text(4, interning: &contractIds)
        let stream: StreamID
        if let shared = row.withBytes(2, { contractStream($0, contractId: contractId) }) {
            stream = shared
        } else {
            let streamText = row.text(2) ?? ""
            guard let parsed = StreamID(streamText) else {
                throw EventLogError(.undecodable, "event at position \(position) has an invalid stream '\(streamText)'")
            }
            stream = parsed
        }
        // A writer stamps most events with one time for both: the same text is parsed once.
        guard let occurredAt = row.withBytes(7, Timestamp.init(iso8601Buffer:)),
              let recordedAt = row.sameText(8, as: 7) ? occurredAt : row.withBytes(8, Timestamp.init(iso8601Buffer:)) else {
            throw EventLogError(.undecodable, "event at position \(position) has an invalid time")
        }
        let eventId = row.text(1) ?? ""
        let type = row.text(5, reusing: &repeated.type), actor = row.text(9, reusing: &repeated.actor)
        let previousHash = row.text(11) ?? "", hash = row.text(12) ?? ""
        let schemaVersion = Int(row.integer(6)), sequence = row.integer(3)
        let payload = row.bytes(10)
        do {
            return StoredEvent(position: position, envelope: try EventEnvelope(
                eventId: eventId, type: type, schemaVersion: schemaVersion, contractId: contractId, stream: stream, sequence: sequence,
                occurredAt: occurredAt, recordedAt: recordedAt, actor: actor, payloadJSON: payload, previousHash: previousHash, hash: hash))
        } catch {
            return StoredEvent(position: position, envelope: EventEnvelope(
                eventId: eventId, type: type, schemaVersion: schemaVersion, contractId: contractId, stream: stream, sequence: sequence,
                occurredAt: occurredAt, recordedAt: recordedAt, actor: actor, payload: .string(String(decoding: payload, as: UTF8.self)),
                previousHash: previousHash, hash: hash))
        }
    }

    /// `StreamID(text)` for a contract's stream, `kind/<contract id>`, whose subject is the row's
    /// contract id: the stream then shares that string instead of parsing its own copy. Nil for any
    /// other stream text (a domain or governance stream), which is parsed as usual.
    static func contractStream(_ bytes: UnsafeBufferPointer<UInt8>, contractId: String?) -> StreamID? {
        guard let subject = contractId, !subject.isEmpty, let slash = bytes.firstIndex(of: UInt8(ascii: "/")),
              let kind = StreamID.Kind(utf8: UnsafeBufferPointer(rebasing: bytes[..<slash])),
              subject.hasUTF8(UnsafeBufferPointer(rebasing: bytes[(slash + 1)...])) else { return nil }
        return StreamID(kind: kind, subject: subject)
    }

    /// The current row of a stepped statement, by column index.
    struct ColumnReader {
        let handle: OpaquePointer

        func integer(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }

        /// Calls `body` with the column's text bytes (empty for NULL); valid only during the call.
        func withBytes<T>(_ column: Int32, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
            // `sqlite3_column_text` first, then `_bytes`: SQLite's documented order.
            let start = sqlite3_column_text(handle, column)
            return body(UnsafeBufferPointer(start: start, count: start == nil ? 0 : Int(sqlite3_column_bytes(handle, column))))
        }

        /// Whether two columns hold the same bytes (NULL reads as empty).
        func sameText(_ column: Int32, as other: Int32) -> Bool {
            withBytes(column) { bytes in
                withBytes(other) { otherBytes in
                    bytes.count == otherBytes.count
                        && (bytes.isEmpty || memcmp(bytes.baseAddress!, otherBytes.baseAddress!, bytes.count) == 0)
                }
            }
        }

        func text(_ column: Int32) -> String? {
            guard sqlite3_column_type(handle, column) != SQLITE_NULL else { return nil }
            return withBytes(column) { String(decoding: $0, as: UTF8.self) }
        }

        /// `text(column)`, shared with earlier rows' equal texts (see `TextInterner`).
        func text(_ column: Int32, interning interner: inout TextInterner) -> String? {
            guard sqlite3_column_type(handle, column) != SQLITE_NULL else { return nil }
            return withBytes(column) { interner.text($0) }
        }

        func bytes(_ column: Int32) -> [UInt8] { withBytes(column) { Array($0) } }

        /// The column's text (empty for NULL), as `previous` itself when the bytes are the same.
        func text(_ column: Int32, reusing previous: inout String) -> String {
            withBytes(column) { bytes in
                if !previous.hasUTF8(bytes) { previous = String(decoding: bytes, as: UTF8.self) }
                return previous
            }
        }
    }
}
