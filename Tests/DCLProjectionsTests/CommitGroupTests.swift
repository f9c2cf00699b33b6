import DCLApplication
import DCLDomain
import DCLEventLog
@testable import DCLProjections
import DCLSQLite
import Foundation
import GRDB
import Testing

/// A long catch-up into a shared store writes its batches in commit groups: one transaction per
/// group, each contract's quality row and publication mark once per group. Readers see only
/// what a group leaves, the read models equal a fold batch by batch, and a group that fails or
/// loses a race leaves nothing of itself.
@Suite("commit groups")
struct CommitGroupTests {
    /// A projector that groups a catch-up of 30 events or more, 15 events to a group (or
    /// `groupEvents`), in batches of 4 growing to 7.
    static func grouping(_ log: any EventLog, _ store: ReadModelStore, heldContracts: Int = 100, groupEvents: Int = 15) -> Projector {
        var projector = Projector(log: log, store: store, batchSize: 4)
        projector.maxBatchSize = 7
        projector.commitGroupThreshold = 30
        projector.commitGroupEvents = groupEvents
        projector.maxHeldContracts = heldContracts
        return projector
    }

    /// What a reader of the store sees: its position, the quality totals of its rows, and the
    /// accepted quality results its timeline holds up to that position. A group that wrote
    /// results without their totals (or the reverse) shows as a difference.
    static func observe(_ path: String) throws -> (position: Int64, totals: Int64, results: Int64) {
        let reader = try DatabaseQueue(path: path, configuration: { var c = Configuration(); c.readonly = true; return c }())
        defer { try? reader.close() }
        return try reader.read { db in
            let position = try Int64.fetchOne(db, sql: "SELECT position FROM fold_checkpoint WHERE id = 1") ?? 0
            let totals = try Int64.fetchOne(db, sql: "SELECT coalesce(sum(total_checks), 0) FROM contract_quality") ?? 0
            let results = try Int64.fetchOne(db, sql: """
                SELECT count(*) FROM audit_timeline_rows WHERE rule IS NOT NULL AND position <= ?
                """, arguments: [position]) ?? 0
            return (position, totals, results)
        }
    }

    /// The test ledger and a shared store at `path` that already holds its first 8 events: what
    /// follows is a backlog long enough for `grouping` to group.
    static func storeHoldingTheFirstEvents(_ folder: ProjectionTests.Folder) async throws -> (LedgerService, String, ReadModelStore) {
        let ledger = try await RebuildBesideTests.ledger(folder)
        let path = folder.path("read.db")
        let store = try ReadModelStore(path: path)
        try await RebuildBesideTests.fold(ledger, into: store, through: 8)
        return (ledger, path, store)
    }

    final class Observations: @unchecked Sendable {
        // @unchecked: `values` is only read or written while holding `lock`.
        private let lock = NSLock()
        private var values: [(position: Int64, totals: Int64, results: Int64)] = []
        private var batches = 0
        func add(_ value: (position: Int64, totals: Int64, results: Int64)) { lock.withLock { values.append(value); batches += 1 } }
        var all: [(position: Int64, totals: Int64, results: Int64)] { lock.withLock { values } }
        var committedBatches: Int { lock.withLock { batches } }

        /// A catch-up's progress callback (called after each batch's commit) that records what a
        /// reader of the store at `path`, on its own connection, sees then.
        func recording(_ path: String) -> @Sendable (ProjectionProgress) -> Void {
            { _ in if let observed = try? CommitGroupTests.observe(path) { self.add(observed) } }
        }
    }

    @Test(arguments: [100, 2])
    func aGroupedCatchUpEqualsAFoldBatchByBatchAndIsSeenOnlyAsItsGroupsLeaveIt(heldContracts: Int) async throws {
        let folder = ProjectionTests.Folder()
        let (ledger, path, store) = try await Self.storeHoldingTheFirstEvents(folder)
        #expect(store.groupsCommits)
        let seen = Observations()
        _ = try await Self.grouping(ledger.log, store, heldContracts: heldContracts).catchUp(progress: seen.recording(path))
        #expect(try await store.position() == 69)

        try await RebuildBesideTests.expectRowsOfABatchByBatchFold(in: store, ledger: ledger, folder: folder)

        let observed = seen.all
        #expect(observed.count == seen.committedBatches && observed.count > 8)
        #expect(observed.allSatisfy { $0.totals == $0.results }, "\(observed)")
        #expect(observed.map(\.position) == observed.map(\.position).sorted())
        // Seen at group ends only: fewer positions than batches. (Holding two contracts, the
        // catch-up drops fold state nearly every batch, and ends its group before each drop.)
        let positions = Set(observed.map(\.position))
        if heldContracts > 6 { #expect(positions.count < observed.count / 2, "\(observed.map(\.position))") }
    }

    @Test func aGroupThatFailsLeavesTheStoreAsTheGroupBeforeLeftIt() async throws {
        let folder = ProjectionTests.Folder()
        let (ledger, path, store) = try await Self.storeHoldingTheFirstEvents(folder)
        let failing = ReadAheadTests.WatchedLog(ledger.log, failFrom: 50)
        await #expect(throws: EventLogError.self) { try await Self.grouping(failing, store).catchUp() }
        let left = try Self.observe(path)
        #expect(left.position >= 8 && left.position < 50, "\(left)")
        #expect(left.totals == left.results)
        // Nothing is open: another writer goes ahead, and a catch-up ends where a fold batch by batch does.
        try await Self.grouping(ledger.log, store).catchUp()
        try await RebuildBesideTests.expectRowsOfABatchByBatchFold(in: store, ledger: ledger, folder: folder)
    }

    /// Three events to a group: every batch is a group of its own, so the commit a group ends
    /// with is also its first, the one a race can refuse.
    @Test(arguments: [15, 3])
    func twoGroupedCatchUpsOfOneStoreAtOnceEndAsOne(groupEvents: Int) async throws {
        let folder = ProjectionTests.Folder()
        let ledger = try await RebuildBesideTests.ledger(folder)
        let fresh = try ReadModelStore(path: folder.path("fresh.db"))
        try await Projector(log: ledger.log, store: fresh).catchUp()
        let expected = try await RebuildBesideTests.rows(fresh)
        // Five stores, each holding the first 8 events: the two race for the first commit of
        // some groups in most runs.
        for round in 0..<5 {
            let path = folder.path("read-\(round).db")
            let setUp = try ReadModelStore(path: path)
            try await RebuildBesideTests.fold(ledger, into: setUp, through: 8)
            try setUp.close()
            let first = try ReadModelStore(path: path)
            let second = try ReadModelStore(path: path)
            async let one = Self.grouping(ledger.log, first, groupEvents: groupEvents).catchUp()
            async let two = Self.grouping(ledger.log, second, groupEvents: groupEvents).catchUp()
            _ = try await (one, two)
            #expect(try await first.position() == 69)
            try await ProjectionTests().expectIdentical(first, fresh)
            #expect(try await RebuildBesideTests.rows(first) == expected, "round \(round)")
            try first.close()
            try second.close()
        }
    }

    @Test func aGroupEndsByTimeBeforeItsEvents() async throws {
        let folder = ProjectionTests.Folder()
        let (ledger, path, store) = try await Self.storeHoldingTheFirstEvents(folder)
        let seen = Observations()
        var projector = Self.grouping(ledger.log, store, groupEvents: 1_000_000)
        projector.commitGroupDuration = .zero
        _ = try await projector.catchUp(progress: seen.recording(path))
        // Each batch ends its group: every commit is seen, each with its totals.
        let observed = seen.all
        #expect(Set(observed.map(\.position)).count == observed.count && observed.count > 8, "\(observed.map(\.position))")
        #expect(observed.allSatisfy { $0.totals == $0.results })
        try await RebuildBesideTests.expectRowsOfABatchByBatchFold(in: store, ledger: ledger, folder: folder)
    }

    @Test func aShortCatchUpOrARebuildDoesNotGroup() async throws {
        let folder = ProjectionTests.Folder()
        let ledger = try await RebuildBesideTests.ledger(folder)
        let path = folder.path("read.db")
        let store = try ReadModelStore(path: path)
        let seen = Observations()
        var projector = Self.grouping(ledger.log, store)
        projector.commitGroupThreshold = 70
        _ = try await projector.catchUp(progress: seen.recording(path))
        // Each batch committed alone: every commit is seen.
        let positions = seen.all.map(\.position)
        #expect(Set(positions).count == positions.count && positions.count > 8, "\(positions)")
        #expect(!(try ReadModelStore(rebuilding: folder.path("other.db")).groupsCommits))
    }
}
