import DCLDomain
import GRDB
import GRDBSQLite

/// Runs one of GRDB's cached statements with values bound through SQLite's C API.
///
/// A rebuild writes a timeline row and a quality row for almost every event, and binding
/// through `StatementArguments` (an array of boxed values, converted one by one) cost as much as
/// SQLite's own work. The statement is still prepared and cached by GRDB, inside GRDB's
/// transaction; only binding and stepping happen here. `run()` resets the statement and
/// clears its values, so one writer serves every row of a loop. Text is copied into the
/// writer's own buffer and bound from there (`SQLITE_STATIC`): no Swift buffer has to outlive a
/// call, and SQLite does not allocate a copy of every value it is given (a timeline row binds a
/// dozen texts).
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
    private let texts: BoundTexts
    private var handle: OpaquePointer { statement.sqliteStatement }

    init(_ db: Database, sql: String) throws {
        self.db = db
        statement = try db.cachedStatement(sql: sql)
        sqlite3_reset(statement.sqliteStatement)
        sqlite3_clear_bindings(statement.sqliteStatement)
        texts = BoundTexts(statement)
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
        guard let text = value else {
            sqlite3_bind_null(handle, index)
            return
        }
        // Read where it lies: a `var` copy for `withUTF8` retained and released every text of every row.
        text.withUTF8InPlace { bindText(index, UnsafeRawBufferPointer($0)) }
    }

    /// A text bound from where it lies, `inout` only so that it is read without a copy: reading
    /// a string out of a buffer to call even a non-mutating method copies it (an atomic retain and
    /// release), and a timeline row binds a dozen texts made on other threads, whose reference
    /// counts then bounce between cores. Nothing is written: `withUTF8` changes a string only to
    /// make its UTF-8 contiguous, and a string that is not contiguous (`isContiguousUTF8`, as a
    /// bridged one may not be) is copied first instead.
    func bind(_ index: Int32, inPlace text: inout String) {
        if text.isContiguousUTF8 {
            text.withUTF8 { bindText(index, UnsafeRawBufferPointer($0)) }
        } else {
            bind(index, text)
        }
    }

    /// `bind(_:inPlace:)` of an optional text (NULL when nil).
    func bind(_ index: Int32, inPlace text: inout String?) {
        if text == nil {
            sqlite3_bind_null(handle, index)
        } else {
            bind(index, inPlace: &text!)
        }
    }

    /// UTF-8 JSON text.
    func bind(_ index: Int32, utf8 bytes: [UInt8]) {
        bytes.withUnsafeBytes { bindText(index, $0) }
    }

    /// A time as `Timestamp.iso8601` writes it, without building the string.
    func bind(_ index: Int32, iso8601 time: Timestamp) {
        time.withISO8601 { bindText(index, UnsafeRawBufferPointer($0)) }
    }

    /// UTF-8 text, read during the call only.
    func bind(_ index: Int32, utf8 bytes: UnsafeBufferPointer<UInt8>) {
        bindText(index, UnsafeRawBufferPointer(bytes))
    }

    private func bindText(_ index: Int32, _ bytes: UnsafeRawBufferPointer) {
        // A zero-length text needs a real pointer, or SQLite binds NULL.
        guard !bytes.isEmpty else {
            sqlite3_bind_text(handle, index, "", 0, RowWriter.transient)
            return
        }
        if let copy = texts.copy(bytes) {
            sqlite3_bind_text(handle, index, copy, Int32(bytes.count), nil)
        } else {
            sqlite3_bind_text(handle, index, bytes.baseAddress!.assumingMemoryBound(to: CChar.self), Int32(bytes.count), RowWriter.transient)
        }
    }

    /// Steps the statement once (an INSERT or UPSERT) and resets it.
    func run() throws {
        let code = sqlite3_step(handle)
        defer {
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
            texts.removeAll()
        }
        guard code == SQLITE_DONE else {
            let message = db.sqliteConnection.map { String(cString: sqlite3_errmsg($0)) }
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
        }
    }
}

/// The texts bound to a `RowWriter`'s statement until its next `run()`: one buffer, filled from
/// its start for each run, whose bytes the statement reads in place. A text that does not fit
/// is bound as a copy SQLite makes instead. Its statement's values are cleared before the buffer
/// goes, so the statement never keeps a pointer into freed memory.
private final class BoundTexts {
    private static let capacity = 64 * 1024
    private let statement: Statement
    private let buffer = UnsafeMutableRawPointer.allocate(byteCount: BoundTexts.capacity, alignment: 1)
    private var used = 0

    init(_ statement: Statement) {
        self.statement = statement
    }

    deinit {
        sqlite3_clear_bindings(statement.sqliteStatement)
        buffer.deallocate()
    }

    /// `bytes` copied into the buffer; nil when they do not fit in what is left of it.
    func copy(_ bytes: UnsafeRawBufferPointer) -> UnsafePointer<CChar>? {
        guard bytes.count <= BoundTexts.capacity - used else { return nil }
        let start = buffer + used
        start.copyMemory(from: bytes.baseAddress!, byteCount: bytes.count)
        used += bytes.count
        return UnsafePointer(start.assumingMemoryBound(to: CChar.self))
    }

    func removeAll() { used = 0 }
}
