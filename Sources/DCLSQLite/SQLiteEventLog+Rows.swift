import DCLDomain
import DCLEventLog
import GRDB
import GRDBSQLite

extension SQLiteEventLog {
    /// The columns every read selects, in the order `storedEvent(_:)` reads them.
    static let eventColumns = """
        position, event_id, stream, sequence, contract_id, type, schema_version, occurred_at, recorded_at, actor, payload,
        previous_hash, hash
        """

    /// Runs a query of `eventColumns` and reads each row straight from SQLite's column buffers.
    ///
    /// A rebuild reads every event of the ledger: going through GRDB's `Row` (a copied row,
    /// columns found by name, every value boxed) cost more than decoding the event itself.
    /// The statement is still prepared, cached and bound by GRDB, inside GRDB's read transaction.
    static func storedEvents(_ db: Database, sql: String, arguments: StatementArguments) throws -> [StoredEvent] {
        let statement = try db.cachedStatement(sql: sql)
        try statement.setArguments(arguments)
        let handle = statement.sqliteStatement
        defer { sqlite3_reset(handle) }
        var events: [StoredEvent] = []
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { return events }
            guard code == SQLITE_ROW else {
                let message = db.sqliteConnection.map { String(cString: sqlite3_errmsg($0)) }
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: sql)
            }
            events.append(try storedEvent(ColumnReader(handle: handle)))
        }
    }

    /// A row as an envelope. A payload that is no longer valid JSON (a damaged file) is carried
    /// as a JSON string of its text, so audit verification reports it instead of crashing.
    static func storedEvent(_ row: ColumnReader) throws -> StoredEvent {
        let position = row.integer(0)
        let streamText = row.text(2) ?? ""
        guard let stream = StreamID(streamText) else {
            throw EventLogError(.undecodable, "event at position \(position) has an invalid stream '\(streamText)'")
        }
        guard let occurredAt = row.withBytes(7, Timestamp.init(iso8601Buffer:)),
              let recordedAt = row.withBytes(8, Timestamp.init(iso8601Buffer:)) else {
            throw EventLogError(.undecodable, "event at position \(position) has an invalid time")
        }
        let eventId = row.text(1) ?? "", type = row.text(5) ?? "", contractId = row.text(4), actor = row.text(9) ?? ""
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

        func text(_ column: Int32) -> String? {
            guard sqlite3_column_type(handle, column) != SQLITE_NULL else { return nil }
            return withBytes(column) { String(decoding: $0, as: UTF8.self) }
        }

        func bytes(_ column: Int32) -> [UInt8] { withBytes(column) { Array($0) } }
    }
}
