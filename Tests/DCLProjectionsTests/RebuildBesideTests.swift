import DCLApplication
import DCLDomain
@testable import DCLProjections
import DCLSQLite
import Foundation
import GRDB
import Testing

/// A rebuild writes a new file beside the store and puts it in the store's place when complete;
/// it holds per-contract rows back until it drops a contract or ends. Neither may change what
/// the read models say.
@Suite("rebuild beside the store")
struct RebuildBesideTests {
    /// Six products, results round-robin over them, and a new version of one.
    static func ledger(_ folder: ProjectionTests.Folder) async throws -> LedgerService {
        let ledger = try ProjectionTests.service(folder.path("ledger.db"))
        let ids = (0..<6).map { "sales.product_\($0)" }
        for id in ids { try await ledger.execute([.publishContract(ProjectionTests.contract("1.0.0", id: id), document: nil)], actor: "ana") }
        for minute in 0..<60 {
            let id = ContractID(ids[minute * 7 % ids.count])!
            try await ledger.execute([.recordQualityCheck(id, rule: "not_null_date", passed: minute % 5 != 0,
                                                          value: nil,
                                                          observedAt: Timestamp(millisecondsSinceEpoch: 1_764_000_000_000 + Int64(minute) * 60_000))],
                                     actor: "bot")
        }
        try await ledger.execute([.publishContract(ProjectionTests.contract("1.1.0", channel: true, id: ids[2]), document: nil)], actor: "ana")
        return ledger
    }

    /// Every row of every table but the commit numbering (`commit_counter`, and the commit each
    /// `contract_changes` row names), the projectors' last rates, and how the full-text indexes
    /// lay out their segments (which follows the transactions, not what they index).
    static func rows(_ store: ReadModelStore) async throws -> [String: [String]] {
        try await store.pool.read { db in
            var tables: [String: [String]] = [:]
            let names = try String.fetchAll(db, sql: """
                SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
                    AND name NOT IN ('commit_counter', 'contract_changes', 'projector_positions')
                    AND name NOT LIKE '%search_data' AND name NOT LIKE '%search_idx'
                """)
            for name in names {
                tables[name] = try Row.fetchAll(db, sql: "SELECT * FROM \(name)").map(\.description).sorted()
            }
            tables["contract_changes"] = try String.fetchAll(db, sql: "SELECT contract_id || ' ' || partition FROM contract_changes ORDER BY 1")
            tables["projector_positions"] = try String.fetchAll(db, sql: """
                SELECT projector || ' ' || position || ' ' || events || ' ' || quarantined FROM projector_positions ORDER BY 1
                """)
            return tables
        }
    }

    /// Folds the ledger batch by batch into a new store and expects `store` to answer as it does
    /// and to hold the same rows (`rows`); returns `store`'s rows and that store.
    @discardableResult
    static func expectRowsOfABatchByBatchFold(in store: ReadModelStore, ledger: LedgerService, folder: ProjectionTests.Folder)
        async throws -> (rows: [String: [String]], fresh: ReadModelStore) {
        let fresh = try ReadModelStore(path: folder.path("fresh-\(UUID().uuidString).db"))
        try await Projector(log: ledger.log, store: fresh, batchSize: 4).catchUp()
        try await ProjectionTests().expectIdentical(store, fresh)
        let storeRows = try await rows(store)
        let freshRows = try await rows(fresh)
        let differing = Set(storeRows.keys).union(freshRows.keys).filter { storeRows[$0] != freshRows[$0] }
        #expect(differing.isEmpty, "tables that differ: \(differing.sorted())")
        return (storeRows, fresh)
    }

    /// A process id no process has: the highest one, above any the system hands out (Linux's
    /// `pid_max` is at most 2^22, macOS's 99,998). Checked, not assumed.
    static func processThatIsNotRunning() throws -> Int32 {
        let process = Int32.max
        guard kill(process, 0) == -1, errno == ESRCH else { throw CocoaError(.featureUnsupported) }
        return process
    }

    /// Folds the ledger's events up to `position` into `store`.
    static func fold(_ ledger: LedgerService, into store: ReadModelStore, through position: Int64) async throws {
        var partial = Projector(log: ledger.log, store: store)
        partial.limit = ProjectionLimit(toPosition: position)
        try await partial.catchUp()
    }

    @Test(arguments: [2, 100])
    func aRebuiltStoreHoldsTheRowsOfAFoldIntoAnEmptyStore(heldContracts: Int) async throws {
        let folder = ProjectionTests.Folder()
        let ledger = try await Self.ledger(folder)
        let original = folder.path("read.db")
        let rebuilt = try ReadModelStore(rebuilding: original)
        #expect(rebuilt.writesContractRowsLast)
        var projector = Projector(log: ledger.log, store: rebuilt, batchSize: 4)
        projector.maxBatchSize = 7
        // Two: the projector drops contracts between batches, so it writes their held rows first.
        projector.maxHeldContracts = heldContracts
        try await projector.catchUp()
        try rebuilt.replaceOriginal()
        #expect(!FileManager.default.fileExists(atPath: ReadModelStore.rebuildPath(of: original)))

        let store = try ReadModelStore(path: original)
        #expect(!store.writesContractRowsLast)
        let (rebuiltRows, fresh) = try await Self.expectRowsOfABatchByBatchFold(in: store, ledger: ledger, folder: folder)
        #expect(rebuiltRows.count > 20)
        #expect(rebuiltRows["contract_quality"]?.count == 6)
        #expect(rebuiltRows["contract_changes"]?.count == 6)
        let mode = try await store.pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")

        // The search indexes, filled at the end instead of through their triggers, answer as the
        // fresh store's do, and the triggers are back to keep them for what comes next.
        let schema = "SELECT type || ' ' || name || ' ' || coalesce(sql, '') FROM sqlite_master ORDER BY type, name"
        let rebuiltSchema = try await store.pool.read { db in try String.fetchAll(db, sql: schema) }
        let freshSchema = try await fresh.pool.read { db in try String.fetchAll(db, sql: schema) }
        #expect(rebuiltSchema == freshSchema)
        let probes = ["SELECT rowid FROM catalog_search WHERE catalog_search MATCH '\"product_2\"' ORDER BY rowid",
                      "SELECT rowid FROM catalog_history_search WHERE catalog_history_search MATCH '\"product_2\"' ORDER BY rowid"]
        for probe in probes {
            let found = try await store.pool.read { db in try Int64.fetchAll(db, sql: probe) }
            let expected = try await fresh.pool.read { db in try Int64.fetchAll(db, sql: probe) }
            #expect(!found.isEmpty && found == expected, "\(probe)")
        }
        try await ledger.execute([.publishContract(ProjectionTests.contract("1.0.0", id: "sales.refund_ledger"), document: nil)], actor: "ana")
        try await Projector(log: ledger.log, store: store).catchUp()
        #expect(try await store.catalog(CatalogFilter(text: "refund_led")).map(\.contractId) == ["sales.refund_ledger"])
        let end = try await ledger.orderedLog.endPosition()
        #expect(try await store.view(atPosition: end).catalog(CatalogFilter(text: "refund_led")).map(\.contractId) == ["sales.refund_ledger"])
    }

    @Test func theStoreItReplacesStaysAsItWasUntilTheRebuildIsComplete() async throws {
        let folder = ProjectionTests.Folder()
        let ledger = try await Self.ledger(folder)
        let original = folder.path("read.db")
        let old = try ReadModelStore(path: original)
        try await Self.fold(ledger, into: old, through: 10)
        #expect(try await old.position() == 10)
        try old.close()

        let rebuilt = try ReadModelStore(rebuilding: original)
        try await Projector(log: ledger.log, store: rebuilt).catchUp()
        let before = try ReadModelStore(path: original)
        #expect(try await before.position() == 10)
        try before.close()

        try rebuilt.replaceOriginal()
        let after = try ReadModelStore(path: original)
        #expect(try await after.position() == 69)
        #expect(try await after.qualityDashboard().map(\.totalChecks).reduce(0, +) == 60)
    }

    @Test func aNewRebuildStartsTheFileALeftoverRebuildLeftOver() async throws {
        let folder = ProjectionTests.Folder()
        let ledger = try await Self.ledger(folder)
        let original = folder.path("read.db")
        let leftover = try ReadModelStore(rebuilding: original)
        try await Self.fold(ledger, into: leftover, through: 20)
        try leftover.close()
        #expect(FileManager.default.fileExists(atPath: ReadModelStore.rebuildPath(of: original)))

        let rebuilt = try ReadModelStore(rebuilding: original)
        #expect(try await rebuilt.position() == 0)
        try await Projector(log: ledger.log, store: rebuilt).catchUp()
        try rebuilt.replaceOriginal()
        #expect(try await ReadModelStore(path: original).position() == 69)
    }

    @Test func aSecondRebuildOfTheSameStoreIsRefusedWhileTheFirstRuns() async throws {
        let folder = ProjectionTests.Folder()
        let ledger = try await Self.ledger(folder)
        let original = folder.path("read.db")
        let first = try ReadModelStore(rebuilding: original)
        let error = #expect(throws: ProjectionError.self) { try ReadModelStore(rebuilding: original) }
        #expect(error?.description.contains("another rebuild of") == true, "\(String(describing: error))")
        try await Projector(log: ledger.log, store: first).catchUp()
        try first.replaceOriginal()
        #expect(try await ReadModelStore(path: original).position() == 69)
    }

    @Test func aFirstFoldBesideIsPutInPlaceOnlyWhenCompleteAndReadsAsAFoldIntoTheSharedStore() async throws {
        let folder = ProjectionTests.Folder()
        let ledger = try await Self.ledger(folder)
        let original = folder.path("read.db")
        #expect(ReadModelStore.canCreateBeside(original))
        let created = try ReadModelStore(creating: original)
        #expect(created.writesContractRowsLast && created.createsOriginal)
        #expect(created.path == ReadModelStore.creationPath(of: original))
        var projector = Projector(log: ledger.log, store: created, batchSize: 4)
        projector.maxBatchSize = 7
        try await projector.catchUp()
        #expect(!FileManager.default.fileExists(atPath: original), "nobody sees the store before it is complete")
        #expect(try created.placeIfAbsent())
        #expect(!FileManager.default.fileExists(atPath: created.path))
        #expect(!ReadModelStore.canCreateBeside(original))

        let store = try ReadModelStore(path: original)
        try await Self.expectRowsOfABatchByBatchFold(in: store, ledger: ledger, folder: folder)
        #expect(try await store.pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") } == "wal")
        // It goes on as any shared store.
        try await ledger.execute([.publishContract(ProjectionTests.contract("1.0.0", id: "sales.refund_ledger"), document: nil)], actor: "ana")
        try await Projector(log: ledger.log, store: store).catchUp()
        #expect(try await store.catalog(CatalogFilter(text: "refund_led")).map(\.contractId) == ["sales.refund_ledger"])
    }

    @Test func aFirstFoldBesideNeverReplacesAStoreThatAppearedMeanwhile() async throws {
        let folder = ProjectionTests.Folder()
        let ledger = try await Self.ledger(folder)
        let original = folder.path("read.db")
        let created = try ReadModelStore(creating: original)
        try await Projector(log: ledger.log, store: created).catchUp()
        #expect(try await created.position() == 69)
        // Another process found no store either, and folded ten events into a shared one first.
        let other = try ReadModelStore(path: original)
        try await Self.fold(ledger, into: other, through: 10)
        try other.close()

        #expect(try created.placeIfAbsent() == false)
        #expect(!FileManager.default.fileExists(atPath: created.path), "the store not put in place is removed")
        let kept = try ReadModelStore(path: original)
        #expect(try await kept.position() == 10)
        try await Projector(log: ledger.log, store: kept).catchUp()
        #expect(try await kept.qualityDashboard().map(\.totalChecks).reduce(0, +) == 60)
    }

    @Test func aFailedFirstFoldLeavesNothingBeside() async throws {
        let folder = ProjectionTests.Folder()
        let ledger = try await Self.ledger(folder)
        let original = folder.path("read.db")
        let created = try ReadModelStore(creating: original)
        try await Self.fold(ledger, into: created, through: 20)
        created.discardCreation()
        let left = try FileManager.default.contentsOfDirectory(atPath: URL(fileURLWithPath: original).deletingLastPathComponent().path)
        #expect(left.filter { $0.hasPrefix("read.db") }.isEmpty, "\(left)")
        #expect(ReadModelStore.canCreateBeside(original))
    }

    @Test func filesLeftBesideByProcessesThatEndedAreRemovedAndOthersKept() throws {
        let folder = ProjectionTests.Folder()
        try FileManager.default.createDirectory(at: folder.url, withIntermediateDirectories: true)
        let original = folder.path("read.db")
        let ended = try Self.processThatIsNotRunning()
        let endedFile = ReadModelStore.creationPath(of: original, process: ended)
        let runningFile = ReadModelStore.creationPath(of: original, process: getppid())
        let otherStoreFile = ReadModelStore.creationPath(of: folder.path("other.db"), process: ended)
        for file in [endedFile, endedFile + "-wal", runningFile, runningFile + "-wal", otherStoreFile] {
            #expect(FileManager.default.createFile(atPath: file, contents: Data("left".utf8)))
        }
        let created = try ReadModelStore(creating: original)
        defer { created.discardCreation() }
        #expect(!FileManager.default.fileExists(atPath: endedFile) && !FileManager.default.fileExists(atPath: endedFile + "-wal"))
        #expect(FileManager.default.fileExists(atPath: runningFile), "a running process's file is its own")
        #expect(FileManager.default.fileExists(atPath: runningFile + "-wal"))
        #expect(FileManager.default.fileExists(atPath: otherStoreFile), "another store's file is not this one's")
        #expect(FileManager.default.fileExists(atPath: created.path))
    }

    @Test func openingTheStoreRemovesWhatAKilledFirstFoldLeftBesideIt() throws {
        let folder = ProjectionTests.Folder()
        let original = folder.path("read.db")
        try ReadModelStore(path: original).close()
        let left = ReadModelStore.creationPath(of: original, process: try Self.processThatIsNotRunning())
        #expect(FileManager.default.createFile(atPath: left, contents: Data("left".utf8)))
        let store = try ReadModelStore(path: original)
        defer { try? store.close() }
        #expect(!FileManager.default.fileExists(atPath: left))
    }

    @Test func aStoreWhoseOwnFilesAreLeftIsNotBuiltBeside() throws {
        let folder = ProjectionTests.Folder()
        try FileManager.default.createDirectory(at: folder.url, withIntermediateDirectories: true)
        let original = folder.path("read.db")
        #expect(ReadModelStore.canCreateBeside(original))
        // A write-ahead log left without its file would be read into a new file put at that name.
        #expect(FileManager.default.createFile(atPath: original + "-wal", contents: Data()))
        #expect(!ReadModelStore.canCreateBeside(original))
    }
}
