import DCLEventLog
import Foundation
import GRDB

/// Opens a ledger for reading only: `list`, `show`, `history`, `audit verify` on a ledger in a
/// folder the user cannot write, a copy on read-only media, or someone else's ledger.
///
/// A plain read-only SQLite connection to a WAL database still creates `-wal` and `-shm` files
/// next to it, cannot remove them, and fails when the folder is not writable; so reading as
/// another user would leave files that user owns in the writer's folder. So:
/// - our own ledger in a folder we can write: a connection that refuses every write statement
///   (`query_only`), which removes its side files on close as a writer's does;
/// - someone else's ledger whose writer's log is in progress (a non-empty `-wal`): read-only in
///   WAL mode, sharing the writer's index;
/// - otherwise the file is opened `immutable` (SQLite reads it as a fixed file: no locks, no
///   side files). That is exact for a copy, read-only media and a ledger whose writer has closed
///   it (every write is folded into the file on close).
///
/// ```swift
/// let log = try SQLiteEventLog(path: "/mnt/audit/ledger.db", readOnly: true)
/// ```
enum SQLiteReadOnlyOpening {
    static func open(_ path: String) throws -> DatabaseQueue {
        guard FileManager.default.fileExists(atPath: path) else {
            throw EventLogError(.unavailable, "no ledger at '\(path)'")
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        let location: String
        if ownsFileInWritableFolder(path) {
            // Its own ledger: open it as a writer would, so SQLite removes the -wal and -shm it
            // creates when the connection closes, but refuse every write statement.
            configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA query_only = ON") }
            location = path
        } else if writerLogInProgress(path) {
            configuration.readonly = true
            location = path
        } else {
            configuration.readonly = true
            location = immutableURI(path)
        }
        do {
            let queue = try DatabaseQueue(path: location, configuration: configuration)
            let isLedger = try queue.read { db in try db.tableExists("events") }
            guard isLedger else { throw EventLogError(.unavailable, "'\(path)' is an SQLite file but not a dcl ledger (no events table)") }
            return queue
        } catch let error as EventLogError {
            throw error
        } catch let error as DatabaseError {
            throw EventLogError(.unavailable, "cannot open ledger '\(path)' for reading: \(error.message ?? error.description)")
        }
    }

    /// A writer has the ledger open (or was killed with events not yet folded into the file).
    private static func writerLogInProgress(_ path: String) -> Bool {
        let size = (try? FileManager.default.attributesOfItem(atPath: path + "-wal"))?[.size] as? NSNumber
        return (size?.intValue ?? 0) > 0
    }

    private static func ownsFileInWritableFolder(_ path: String) -> Bool {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var info = stat()
        guard access(folder, W_OK) == 0, stat(path, &info) == 0 else { return false }
        return info.st_uid == geteuid()
    }

    /// An SQLite URI for the absolute path, percent-encoded so `?`, `#` and `%` in it stay path.
    private static func immutableURI(_ path: String) -> String {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#%")
        let encoded = absolute.addingPercentEncoding(withAllowedCharacters: allowed) ?? absolute
        return "file:\(encoded)?immutable=1"
    }
}
