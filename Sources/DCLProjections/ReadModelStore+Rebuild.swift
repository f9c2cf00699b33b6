import Foundation
import GRDB

/// A rebuild writes a new store beside the one it replaces, then puts it in that one's place.
///
/// Until the new store is complete nobody else opens it, so it needs none of what makes a shared
/// store safe to read and resume while it is written: it is one connection without a
/// write-ahead log (every page is written once, not once to the log and again into the file),
/// and a projector may keep per-contract rows in memory until the end
/// (`ReadModelStoring.writesContractRowsLast`). Meanwhile the store it replaces stays as it was,
/// readable; a rebuild that fails or is killed leaves it untouched, and the next one starts its
/// file over.
///
/// ```swift
/// let fresh = try ReadModelStore(rebuilding: ".dcl/readmodels.db")  // writes .dcl/readmodels.db.rebuilding
/// try await Projector(log: log, store: fresh).catchUp()
/// try fresh.replaceOriginal()                                    // now .dcl/readmodels.db
/// ```
extension ReadModelStore {
    /// The file a rebuild of `original` writes until it replaces it.
    public static func rebuildPath(of original: String) -> String { original + ".rebuilding" }

    /// Opens a new, empty store for a rebuild of the store at `original`, beside it.
    public convenience init(rebuilding original: String) throws {
        let path = Self.rebuildPath(of: original)
        do {
            try FileManager.default.createDirectory(at: URL(fileURLWithPath: path).deletingLastPathComponent(),
                                                    withIntermediateDirectories: true)
            try Self.refuseIfAnotherRebuildWrites(path, of: original)
            for suffix in ["", "-journal", "-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
                try FileManager.default.removeItem(atPath: path + suffix)
            }
            var configuration = Configuration()
            // The rollback journal in memory: a failed commit still rolls back (the rebuild then
            // fails as a whole), and nothing is written twice. No sync: a crash loses only this
            // file, which no one reads before `replaceOriginal()` syncs it.
            // The lock taken by its first write is kept until it closes, so a second rebuild of
            // the same store finds the file busy instead of deleting it from under this one.
            configuration.prepareDatabase { db in
                try db.execute(sql: "PRAGMA locking_mode = EXCLUSIVE")
                try db.execute(sql: "PRAGMA journal_mode = MEMORY")
                try db.execute(sql: "PRAGMA synchronous = OFF")
                try db.execute(sql: "PRAGMA cache_size = -\(ReadModelStore.pageCacheKiB)")
            }
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            try ReadModelStore.migrate(queue)
            self.init(path: path, pool: queue, replaces: original)
        } catch let error as ProjectionError {
            throw error
        } catch {
            throw ProjectionError(.unavailable, "cannot create the rebuilt read-model store '\(path)': \(error)")
        }
    }

    /// A `.rebuilding` file left by a rebuild that stopped may be started over; one a running
    /// rebuild holds (its exclusive lock) may not.
    private static func refuseIfAnotherRebuildWrites(_ path: String, of original: String) throws {
        guard FileManager.default.fileExists(atPath: path) else { return }
        do {
            // Opening it reads its schema, which a running rebuild's lock already refuses.
            let probe = try DatabaseQueue(path: path)
            defer { try? probe.close() }
            try probe.writeWithoutTransaction { db in
                try db.execute(sql: "BEGIN EXCLUSIVE")
                try db.execute(sql: "ROLLBACK")
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED {
            throw ProjectionError(.unavailable, "another rebuild of '\(original)' is writing '\(path)'; wait for it, or stop it first")
        }
    }

    /// Puts the rebuilt store in the place of the one it replaces: it is switched to a
    /// write-ahead log like every shared store, synced, closed, and renamed over the original
    /// (whose write-ahead log and shared-memory files are removed first, so they can never be
    /// read with the new file). Processes that still have the old store open keep reading it
    /// until they open the store again.
    public func replaceOriginal() throws {
        guard let original = replaces else { return }
        do {
            try pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA synchronous = FULL")
                _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
            }
            try close()
            // Its pages on disk before its name is the store's: a crash must not leave a torn file there.
            let file = open(path, O_RDONLY)
            guard file >= 0 else { throw ProjectionError(.unavailable, String(cString: strerror(errno))) }
            let synced = fsync(file)
            _ = Foundation.close(file)
            guard synced == 0 else { throw ProjectionError(.unavailable, String(cString: strerror(errno))) }
            for suffix in ["-wal", "-shm"] where FileManager.default.fileExists(atPath: original + suffix) {
                try FileManager.default.removeItem(atPath: original + suffix)
            }
            guard rename(path, original) == 0 else {
                throw ProjectionError(.unavailable, String(cString: strerror(errno)))
            }
        } catch {
            throw ProjectionError(.unavailable, "cannot put the rebuilt read-model store '\(path)' in the place of '\(original)': \(error)")
        }
    }
}
