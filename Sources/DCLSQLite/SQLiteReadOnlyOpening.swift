import DCLEventLog
import Foundation
import GRDB

/// Opens a ledger for reading only: `list`, `show`, `history`, `audit verify` on a ledger in a
/// folder the user cannot write, a copy on read-only media, or someone else's ledger.
///
/// A plain read-only SQLite connection to a WAL database still creates `-wal` and `-shm` files
/// next to it (and fails when the folder is not writable), so reading as another user would
/// leave files that user owns in the writer's folder. So:
/// - when the folder is writable by us and we own the ledger file, or a writer's log is in
///   progress (a non-empty `-wal`), open read-only in WAL mode, sharing the writer's index;
/// - otherwise open the file `immutable` (SQLite reads it as a fixed file: no locks, no side
///   files). That is exact for a copy, read-only media and a ledger whose writer has closed it
///   (every write is folded into the file on close).
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
        configuration.readonly = true
        configuration.busyMode = .timeout(10)
        let location = canShareWriterFiles(path) ? path : immutableURI(path)
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

    private static func canShareWriterFiles(_ path: String) -> Bool {
        let wal = path + "-wal"
        if let size = (try? FileManager.default.attributesOfItem(atPath: wal))?[.size] as? NSNumber, size.intValue > 0 { return true }
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
