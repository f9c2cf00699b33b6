import Foundation
import GRDB

/// Where a ledger file's log ends, answered without a query on the log while nothing was committed
/// to the file since the last answer.
///
/// A connection of its own, which never writes, asks SQLite's `PRAGMA data_version`: its value on
/// one connection changes whenever another connection, in this process or any other, has
/// committed to the file since that connection last asked. Every append (this process's writing
/// connection, `dcl publish` in another process) is such a commit, so an unchanged value means the
/// log still ends where it did when the end was last read on this connection, and the end kept
/// then is still exact. A changed value costs one `MAX(position)`, as every call did before.
///
/// Why: the server asks for the log's end on every current read (is a kept answer still the
/// answer?), and through the log's own serialized connection that took a hop onto its queue and a
/// statement each time, shared with the appends.
///
/// ```swift
/// let watch = SQLiteLogEndWatch(path: ".dcl/ledger.db")
/// let end = try watch.end()       // one MAX(position) query
/// let same = try watch.end()      // `PRAGMA data_version` only, until something is committed
/// watch.close()
/// ```
final class SQLiteLogEndWatch: @unchecked Sendable {
    // @unchecked Sendable: `connection` and `known` are read and written only while holding
    // `lock` (in `end()` and `close()`, which take it first and release it before returning);
    // `path` is a constant.

    let path: String
    private let lock = NSLock()
    /// Opened on first use: a CLI command that never asks for the end opens no second connection.
    private var connection: DatabaseQueue?
    /// The `data_version` this connection saw and the log's end read after it.
    private var known: (dataVersion: Int64, end: Int64)?

    init(path: String) {
        self.path = path
    }

    /// The position of the last event in the log (0 when empty), as of a commit that finished
    /// before this call.
    func end() throws -> Int64 {
        try lock.withLock {
            let connection = try self.connection ?? open()
            let (version, end) = try connection.inDatabase { db -> (Int64, Int64) in
                let version = try Int64.fetchOne(db.cachedStatement(sql: "PRAGMA data_version")) ?? 0
                if let known, known.dataVersion == version { return (version, known.end) }
                // Read after the version: a commit in between makes the next version differ, so at
                // worst the next call reads the end again.
                let end = try Int64.fetchOne(db.cachedStatement(sql: "SELECT COALESCE(MAX(position), 0) FROM events")) ?? 0
                return (version, end)
            }
            known = (version, end)
            return end
        }
    }

    /// Closes the connection (before the log's own, so that the last connection to close is the
    /// one that folds the write-ahead log into the file). Idempotent; a later `end()` reopens.
    func close() {
        lock.withLock {
            try? connection?.close()
            connection = nil
            known = nil
        }
    }

    private func open() throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.label = "dcl.log-end"
        let opened = try DatabaseQueue(path: path, configuration: configuration)
        connection = opened
        return opened
    }
}
