import Foundation
import GRDB

/// A rebuild writes a new store beside the one it replaces, then puts it in that one's place; a
/// first fold into a store that does not exist yet is written beside it the same way
/// (`ReadModelStore(creating:)`), and put there only if it is still missing.
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

    /// The file this process's first fold into `original`, which does not exist yet, writes
    /// until it is put there (see `ReadModelStore(creating:)`). One per process: processes that
    /// all find no store each build their own, and none ever opens or removes another's.
    public static func creationPath(of original: String, process: Int32 = getpid()) -> String {
        original + creationSuffix + String(process)
    }

    static let creationSuffix = ".creating-"

    /// Opens a new, empty store for a rebuild of the store at `original`, beside it.
    public convenience init(rebuilding original: String) throws {
        try self.init(beside: original, at: Self.rebuildPath(of: original), createsOriginal: false)
    }

    /// Opens a new, empty store beside `original`, a store that does not exist yet
    /// (`canCreateBeside(_:)`), to be put there by `placeIfAbsent()` once it has caught up.
    ///
    /// Why: a first fold of a long ledger into a shared store writes every batch through the
    /// write-ahead log, with each touched contract's rows again per batch; beside, the same fold
    /// takes the rebuild's way (one connection, no log, each contract's rows once): at 1M events
    /// about 4 s instead of about 10. Until it is in place no one sees the store, and a store
    /// another process put there meanwhile is never replaced: this one is then dropped, and the
    /// caller catches that one up instead.
    ///
    /// ```swift
    /// if ReadModelStore.canCreateBeside(".dcl/readmodels.db") {
    ///     let fresh = try ReadModelStore(creating: ".dcl/readmodels.db")  // writes .dcl/readmodels.db.creating-PID
    ///     try await Projector(log: log, store: fresh).catchUp()
    ///     _ = try fresh.placeIfAbsent()
    /// }
    /// let store = try ReadModelStore(path: ".dcl/readmodels.db")
    /// try await Projector(log: log, store: store).catchUp()           // whatever came since, if anything
    /// ```
    public convenience init(creating original: String) throws {
        Self.removeCreationsOfEndedProcesses(of: original)
        try self.init(beside: original, at: Self.creationPath(of: original), createsOriginal: true)
    }

    /// Removes the files that processes which have ended left beside `original` while building
    /// it (killed before `placeIfAbsent()`, or between its link and its unlink, when the file is
    /// a second name of the store in place and only that name goes). A file whose process still
    /// runs, or that cannot be told, is left alone. Run by every first fold and every opening of
    /// the store, so a file left by a read stopped with ^C goes with the next command.
    static func removeCreationsOfEndedProcesses(of original: String) {
        let url = URL(fileURLWithPath: original)
        let folder = url.deletingLastPathComponent().path
        let prefix = url.lastPathComponent + creationSuffix
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names where name.hasPrefix(prefix) {
            var number = name.dropFirst(prefix.count)
            // Its write-ahead log and shared memory too, left when it was killed while being finished.
            for suffix in ["-wal", "-shm", "-journal"] where number.hasSuffix(suffix) { number = number.dropLast(suffix.count) }
            guard let process = Int32(number), process != getpid(), kill(process, 0) == -1, errno == ESRCH else { continue }
            _ = unlink(folder + "/" + name)
        }
    }

    /// Whether `original` is a SQLite store that does not exist yet, nor any file of its own:
    /// a write-ahead log left without its file would be read into a new file put at that name.
    public static func canCreateBeside(_ original: String) -> Bool {
        ["", "-wal", "-shm", "-journal"].allSatisfy { !FileManager.default.fileExists(atPath: original + $0) }
    }

    private convenience init(beside original: String, at path: String, createsOriginal: Bool) throws {
        do {
            try FileManager.default.createDirectory(at: URL(fileURLWithPath: path).deletingLastPathComponent(),
                                                    withIntermediateDirectories: true)
            if !createsOriginal { try Self.refuseIfAnotherRebuildWrites(path, of: original) }
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
            let searchTriggers = try queue.write(Self.dropSearchTriggers)
            self.init(path: path, pool: queue, replaces: original, createsOriginal: createsOriginal, deferredSearchTriggers: searchTriggers)
        } catch let error as ProjectionError {
            throw error
        } catch {
            throw ProjectionError(.unavailable, "cannot create the read-model store '\(path)' beside '\(original)': \(error)")
        }
    }

    /// Drops the triggers that keep the catalog's trigram search indexes (`catalog_search`,
    /// `catalog_history_search`) and returns their definitions.
    ///
    /// Why: FTS5 writes what it has pending as a new segment whenever a statement that may need
    /// rolling back ends, and every upsert that fires a trigger is one. Through the triggers, a
    /// rebuild's catalog rows (10,000 contracts written at the end of the load) made a segment
    /// each and merged them again and again: most of SQLite's work for a publish. No one reads the
    /// file before `replaceOriginal()`, which fills both indexes from their rows in one statement
    /// each and makes the triggers again from these definitions, so the store it puts in place
    /// has the schema and the search answers of one folded with them.
    static func dropSearchTriggers(_ db: Database) throws -> [String] {
        let triggers = try Row.fetchAll(db, sql: """
            SELECT name, sql FROM sqlite_master
            WHERE type = 'trigger' AND (instr(sql, 'catalog_search') > 0 OR instr(sql, 'catalog_history_search') > 0)
            ORDER BY name
            """)
        for trigger in triggers { try db.execute(sql: "DROP TRIGGER \(trigger["name"] as String)") }
        return triggers.map { $0["sql"] }
    }

    /// Fills both search indexes from the rows they index, as their triggers would have.
    static let fillSearchIndexes = """
        INSERT INTO catalog_search (catalog_search) VALUES ('rebuild');
        DELETE FROM catalog_history_search;
        INSERT INTO catalog_history_search (rowid, contract_id, product_name, name, description, tags)
            SELECT rowid, contract_id, json_extract(entry, '$.product'), json_extract(entry, '$.name'),
                   json_extract(entry, '$.description'), json_extract(entry, '$.tags')
            FROM catalog_history;
        """

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
        guard let original = replaces, !createsOriginal else { return }
        do {
            try finishBeside()
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

    /// Puts a store made by `ReadModelStore(creating:)` at the name it was made for, if nothing
    /// is there yet: finished and synced as `replaceOriginal()` does, then linked to that name,
    /// which fails at once if a file holds it (no store is ever replaced). Returns false when
    /// another process put a store there first: this one is then removed and the caller uses
    /// that store.
    public func placeIfAbsent() throws -> Bool {
        guard let original = replaces, createsOriginal else { return false }
        do {
            try finishBeside()
            if link(path, original) == 0 {
                _ = unlink(path)
                return true
            }
            if errno == EEXIST {
                _ = unlink(path)
                return false
            }
            // A file system without hard links: a rename, unless a store appeared since the check.
            guard !FileManager.default.fileExists(atPath: original) else {
                _ = unlink(path)
                return false
            }
            guard rename(path, original) == 0 else {
                throw ProjectionError(.unavailable, String(cString: strerror(errno)))
            }
            return true
        } catch {
            throw ProjectionError(.unavailable, "cannot put the new read-model store '\(path)' at '\(original)': \(error)")
        }
    }

    /// Closes a store made by `ReadModelStore(creating:)` and removes its file: for a fold
    /// beside that failed, so that nothing of it stays behind.
    public func discardCreation() {
        guard createsOriginal else { return }
        try? close()
        for suffix in ["", "-journal", "-wal", "-shm"] { _ = unlink(path + suffix) }
    }

    /// Fills the search indexes, switches the file to a write-ahead log, closes it and syncs it:
    /// its pages are on disk before its name is the store's, so a crash never leaves a torn
    /// file there.
    private func finishBeside() throws {
        if !deferredSearchTriggers.isEmpty {
            try pool.write { db in
                try db.execute(sql: Self.fillSearchIndexes)
                for trigger in deferredSearchTriggers { try db.execute(sql: trigger) }
            }
        }
        try pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
        }
        try close()
        let file = open(path, O_RDONLY)
        guard file >= 0 else { throw ProjectionError(.unavailable, String(cString: strerror(errno))) }
        let synced = fsync(file)
        _ = Foundation.close(file)
        guard synced == 0 else { throw ProjectionError(.unavailable, String(cString: strerror(errno))) }
    }
}
