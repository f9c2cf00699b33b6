import GRDB
import GRDBSQLite

/// Runs one of GRDB's cached statements with values bound through SQLite's C API.
///
/// A rebuild writes a timeline row and a quality row for almost every event, and binding
/// through `StatementArguments` (an array of boxed values, converted one by one) cost as much as
/// SQLite's own work. The statement is still prepared and cached by GRDB, inside GRDB's
/// transaction; only binding and stepping happen here. `run()` resets the statement and
/// clears its values, so one writer serves every row of a loop. Text is bound as a copy
/// (`SQLITE_TRANSIENT`), so no Swift buffer has to outlive a call.
///
/// ```swift
/// var row = try RowWriter(db, sql: "INSERT INTO t (a, b) VALUES (?, ?)")
/// row.bind(1, 42)
/// row.bind(2, "text")
/// try row.run()
/// ```
struct RowWriter {
    private let db: Database
    private let statement: Statement
    private var handle: OpaquePointer { statement.sqliteStatement }

    init(_ db: Database, sql: String) throws {
        self.db = db
        statement = try db.cachedStatement(sql: sql)
        sqlite3_reset(statement.sqliteStatement)
        sqlite3_clear_bindings(statement.sqliteStatement)
    }

    /// SQLite's `SQLITE_TRANSIENT` destructor: "copy the value now" (a macro Swift cannot import).
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    func bind(_ index: Int32, _ value: Int64) {
        sqlite3_bind_int64(handle, index, value)
    }

    func bind(_ index: Int32, _ value: Bool) {
        sqlite3_bind_int64(handle, index, value ? 1 : 0)
    }

    func bind(_ index: Int32, _ value: String?) {
        guard var text = value else {
            sqlite3_bind_null(handle, index)
            return
        }
        text.withUTF8 { bytes in
            // A zero-length text needs a real pointer, or SQLite binds NULL.
            _ = bytes.isEmpty
                ? sqlite3_bind_text(handle, index, "", 0, RowWriter.transient)
                : sqlite3_bind_text(handle, index, UnsafeRawPointer(bytes.baseAddress!).assumingMemoryBound(to: CChar.self),
                                    Int32(bytes.count), RowWriter.transient)
        }
    }

    /// UTF-8 JSON text.
    func bind(_ index: Int32, utf8 bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { buffer in
            _ = buffer.isEmpty
                ? sqlite3_bind_text(handle, index, "", 0, RowWriter.transient)
                : sqlite3_bind_text(handle, index, UnsafeRawPointer(buffer.baseAddress!).assumingMemoryBound(to: CChar.self),
                                    Int32(buffer.count), RowWriter.transient)
        }
    }

    /// Steps the statement once (an INSERT or UPSERT) and resets it.
    func run() throws {
        let code = sqlite3_step(handle)
        defer {
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
        }
        guard code == SQLITE_DONE else {
            let message = db.sqliteConnection.map { String(cString: sqlite3_errmsg($0)) }
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
        }
    }
}
