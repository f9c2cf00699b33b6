import DCLApplication
import DCLDomain
import DCLEventLog
@testable import DCLPostgres
import DCLProjections
import DCLTestSupport
import Foundation
import PostgresNIO
import Testing

/// Projectors of a consumer group writing one PostgreSQL store: each owns some partitions and
/// commits with the per-partition guard. Interleaved, they leave what one member doing all
/// leaves (and what a global-order SQLite store holds); a stale batch writes nothing; a member's
/// open commit does not hold up another member's commit of other partitions.
@Suite("PostgreSQL store: partitioned commits", .serialized)
struct PostgresPartitionedCommitTests {
    typealias Fixtures = PostgresFixtures

    /// Sales streams are in partition t-0, marketing streams (and nothing else) in t-1.
    static func partition(of event: StoredEvent) -> String {
        event.envelope.stream.description.contains("marketing") ? "t-1" : "t-0"
    }

    /// A group member: folds the events of the partitions it owns, in their order, and commits
    /// batches numbered from the store's position sequence, as `Projector` does on Kafka.
    actor Member {
        let store: PostgresReadModelStore
        private var pending: [StoredEvent]
        private var offsets: [String: Int64]
        private var checkpoint: ProjectionCheckpoint

        init(store: PostgresReadModelStore, events: [StoredEvent], partitions: Set<String>) async throws {
            self.store = store
            pending = events.filter { partitions.contains(PostgresPartitionedCommitTests.partition(of: $0)) }
            offsets = Dictionary(uniqueKeysWithValues: partitions.map { ($0, Int64(0)) })
            checkpoint = try await store.checkpointHeader()
        }

        var isDone: Bool { pending.isEmpty }

        /// The next batch of up to `count` events, folded but not committed.
        func nextBatch(_ count: Int) async throws -> ProjectionBatch? {
            guard !pending.isEmpty else { return nil }
            var events = Array(pending.prefix(count))
            let from = LogCursor(next: offsets)
            var after = from
            for event in events { after.next[PostgresPartitionedCommitTests.partition(of: event), default: 0] += 1 }
            let first = try await store.reservePositions(events.count)
            for index in events.indices { events[index].position = first + Int64(index) }
            var loaded = checkpoint
            try await store.loadParts(FoldParts(events), into: &loaded)
            checkpoint = loaded
            var batch = ProjectionFold.fold(events, from: loaded.state, position: loaded.position,
                                            lastRecordedAt: loaded.lastRecordedAt, onTimeChecks: loaded.onTimeChecks)
            batch.lastHash = nil
            batch.fromCursor = from
            batch.cursor = after
            batch.eventCount = events.count
            return batch
        }

        /// Folds and commits the next batch; false when the member has nothing left.
        @discardableResult
        func commitNext(_ count: Int) async throws -> Bool {
            guard let batch = try await nextBatch(count) else { return false }
            try await store.commit(batch, rate: 10)
            pending.removeFirst(batch.eventCount)
            offsets = batch.cursor!.next
            checkpoint = ProjectionCheckpoint(position: batch.toPosition, lastRecordedAt: batch.lastRecordedAt, state: batch.state,
                                              onTimeChecks: batch.onTimeChecks, cursor: batch.cursor!)
            return true
        }
    }

    /// Two domains, each in its own partition: registrations (global events on both sides),
    /// publishes and new versions, quality results and runs, a deprecation and a token.
    static func partitionedLedger(_ path: String) async throws -> LedgerService {
        let ledger = try Fixtures.service(path)
        for domain in ["sales", "marketing"] {
            try await ledger.execute([.registerDomain(DomainRegistered(domain: DomainName(domain)!, ownerTeam: "\(domain)-team", slaHours: 4,
                                                                       qualityThreshold: NumericLiteral("0.9")!))], actor: "admin")
        }
        for product in Fixtures.products() where !product.id.rawValue.hasPrefix("finance") {
            try await ledger.execute([.publishContract(product, document: nil)], actor: "ana")
        }
        try await ledger.execute([Fixtures.check(Fixtures.refunds, true, at: 1), Fixtures.check(Fixtures.campaigns, false, at: 1)], actor: "bot")
        try await ledger.execute([Fixtures.run(Fixtures.campaigns, "run-m", at: 2, results: [(true, 3, "a"), (false, 4, "b"), (true, 5, "a")])],
                                 actor: "runner")
        try await ledger.execute([Fixtures.run(Fixtures.refunds, "run-s", at: 2, results: [(false, 9, "c"), (true, nil, nil)])], actor: "runner")
        try await ledger.execute([.publishContract(Fixtures.contract("1.1.0", id: Fixtures.campaigns.rawValue, channel: true), document: nil)],
                                 actor: "ana")
        try await ledger.execute([.deprecateContract(Fixtures.refunds, reason: "merged")], actor: "ana")
        try await ledger.execute([.issueToken(APITokenIssued(tokenId: "t1", name: "ci", domains: ["sales"], admin: false,
                                                              secretHash: String(repeating: "b", count: 64)))], actor: "admin")
        try await ledger.execute([Fixtures.check(Fixtures.campaigns, true, at: -700), Fixtures.check(Fixtures.refunds, true, at: 9)], actor: "bot")
        // A policy adopted in t-0 judges the contracts of t-1 too: committed by one member, it
        // re-judges every stored contract, and the other member judges by it from then on.
        try await ledger.execute([.publishContract(Fixtures.contract("1.0.0", id: "marketing.leads"), document: nil)], actor: "ana")
        var policy = Policy(name: "described")
        policy.require = Policy.Required(description: true)
        try await ledger.execute([.adoptPolicy(PolicyAdopted(policy: policy, domain: nil, reason: nil))], actor: "council")
        try await ledger.execute([.publishContract(Fixtures.contract("1.2.0", id: Fixtures.campaigns.rawValue, channel: true,
                                                                    description: "described now"), document: nil)], actor: "ana")
        return ledger
    }

    @Test func interleavedMembersOnDisjointPartitionsEqualOneMemberDoingAll() async throws {
        let folder = Fixtures.Folder()
        let ledger = try await Self.partitionedLedger(folder.path("ledger.db"))
        let events = try await ledger.log.readAll()

        let shared = try await Fixtures.store()
        defer { try? shared.close() }
        let sales = try await Member(store: shared, events: events, partitions: ["t-0"])
        let marketing = try await Member(store: shared, events: events, partitions: ["t-1"])
        var done = false
        while !done {
            try await sales.commitNext(2)
            try await marketing.commitNext(3)
            let salesDone = await sales.isDone
            let marketingDone = await marketing.isDone
            done = salesDone && marketingDone
        }

        let alone = try await Fixtures.store()
        defer { try? alone.close() }
        let all = try await Member(store: alone, events: events, partitions: ["t-0", "t-1"])
        while try await all.commitNext(4) {}

        let sqlite = try ReadModelStore(path: folder.path("read.db"))
        defer { try? sqlite.close() }
        try await Projector(log: ledger.log, store: sqlite, batchSize: 3).catchUp()

        let export = try await shared.canonicalExport()
        #expect(export == (try await alone.canonicalExport()))
        let sqliteExport = try await CanonicalExport.text(of: sqlite)
        #expect(export == sqliteExport, "a partitioned store exports what a global-order store does")
        if export != sqliteExport {
            let left = Set(export.split(separator: "\n")), right = Set(sqliteExport.split(separator: "\n"))
            Issue.record("only in PostgreSQL: \(left.subtracting(right).sorted().prefix(3)); only in SQLite: \(right.subtracting(left).sorted().prefix(3))")
        }
        let counts = Dictionary(grouping: events, by: Self.partition).mapValues { Int64($0.count) }
        let header = try await shared.checkpointHeader()
        #expect(header.cursor.next == counts)
        #expect(header.position == Int64(events.count), "positions came from the sequence, one per event")
        #expect(header.state.acceptedCount == (try await sqlite.checkpointHeader().state.acceptedCount))
        #expect(header.state.domains == (try await sqlite.checkpointHeader().state.domains), "both members' domains merged")
        #expect(header.lastRecordedAt == (try await sqlite.checkpointHeader().lastRecordedAt))
        #expect(try await shared.catalog(CatalogFilter()) == sqlite.catalog(CatalogFilter()))
        let compliance = try await shared.compliance(domain: nil)
        #expect(compliance == (try await sqlite.compliance(domain: nil)))
        #expect(compliance.contains { $0.contractId == "marketing.leads" && !$0.compliant }, "judged by the other member's policy")
        #expect(compliance.contains { $0.contractId == Fixtures.campaigns.rawValue && $0.compliant })
        // Positions are the store's own numbering (the runs' first and last results'): left out.
        func withoutPositions(_ rows: [QualityDashboardRow]) -> [QualityDashboardRow] {
            rows.map { row in
                var row = row
                row.latestRun?.firstPosition = 0
                row.latestRun?.lastPosition = 0
                row.latestRunFailures = row.latestRunFailures?.map { var result = $0; result.position = 0; return result }
                return row
            }
        }
        let dashboard = withoutPositions(try await shared.qualityDashboard(domain: nil, includeInactive: true))
        #expect(dashboard == withoutPositions(try await sqlite.qualityDashboard(domain: nil, includeInactive: true)))
        #expect(dashboard.contains { $0.latestRun != nil })
        let status = try await shared.status(logEnd: Int64(events.count))
        #expect(status.allSatisfy { $0.events == Int64(events.count) && $0.position == Int64(events.count) && $0.lag == 0 })
    }

    @Test func aStaleBatchIsRefusedAndWritesNothing() async throws {
        let folder = Fixtures.Folder()
        let ledger = try await Self.partitionedLedger(folder.path("ledger.db"))
        let events = try await ledger.log.readAll()
        let store = try await Fixtures.store()
        defer { try? store.close() }

        // Two members both believe they own t-0 (a rebalance they have not both seen yet).
        let first = try await Member(store: store, events: events, partitions: ["t-0"])
        let late = try await Member(store: store, events: events, partitions: ["t-0"])
        let stale = try await late.nextBatch(3)
        try await first.commitNext(3)
        let before = try await store.canonicalExport()
        let headerBefore = try await store.checkpointHeader()
        await #expect(throws: ProjectionError.self) { try await store.commit(try #require(stale), rate: 1) }
        do {
            try await store.commit(try #require(stale), rate: 1)
        } catch let error as ProjectionError {
            #expect(error.code == .staleCheckpoint)
        }
        #expect(try await store.canonicalExport() == before, "nothing of the stale batch was written")
        #expect(try await store.checkpointHeader().cursor == headerBefore.cursor)

        // On a log with one global order the position is the guard.
        let global = try await Fixtures.store()
        defer { try? global.close() }
        try await Fixtures.project(ledger.log, into: global, batchSize: 4)
        let exported = try await global.canonicalExport()
        let replayed = ProjectionFold.fold(Array(events.prefix(2)), from: LedgerState(), position: 0, lastRecordedAt: nil)
        do {
            try await global.commit(replayed, rate: 1)
            Issue.record("a batch folded from position 0 was committed to a store at \(events.count)")
        } catch let error as ProjectionError {
            #expect(error.code == .staleCheckpoint)
        }
        #expect(try await global.canonicalExport() == exported)
        #expect(try await global.position() == Int64(events.count))
    }

    @Test func anOpenCommitOfOnePartitionDoesNotHoldUpAnotherPartitionsCommit() async throws {
        let folder = Fixtures.Folder()
        let ledger = try await Self.partitionedLedger(folder.path("ledger.db"))
        let events = try await ledger.log.readAll()
        let url = try PostgresTestServer.shared().createDatabase()
        let salesStore = try await PostgresReadModelStore(url: url)
        let marketingStore = try await PostgresReadModelStore(url: url)   // another process, its own connections
        defer {
            try? salesStore.close()
            try? marketingStore.close()
        }
        let sales = try await Member(store: salesStore, events: events, partitions: ["t-0"])
        let marketing = try await Member(store: marketingStore, events: events, partitions: ["t-1"])
        try await sales.commitNext(2)
        try await marketing.commitNext(2)

        // The sales member's next commit is in flight: its partition's row is locked and it has
        // written a timeline row, and it has not committed.
        let (locked, lockedSignal) = AsyncStream.makeStream(of: Void.self)
        let (release, releaseSignal) = AsyncStream.makeStream(of: Void.self)
        let inFlight = Task {
            try await salesStore.transaction { connection in
                try await connection.query("SELECT next FROM log_cursor WHERE partition = 't-0' FOR UPDATE", logger: salesStore.logger)
                try await connection.query("UPDATE log_cursor SET events = events + 1 WHERE partition = 't-0'", logger: salesStore.logger)
                try await connection.query("""
                    INSERT INTO audit_timeline (position, event_id, contract_id, stream, sequence, type, schema_version, actor, occurred_at,
                        recorded_at, summary, outcome, hash)
                    VALUES (1000000, 'in-flight', 'sales.orders', 'contract/sales.orders', 99, 'X', 1, 'a', 't', 't', 's', 'accepted', 'h')
                    """, logger: salesStore.logger)
                lockedSignal.yield()
                for await _ in release { break }
                throw CancellationError()   // roll back: it was only standing in for a commit
            }
        }
        for await _ in locked { break }

        // The marketing member commits its other partition's batches meanwhile.
        let finished = try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                try await marketing.commitNext(2)
                try await marketing.commitNext(50)
                return true
            }
            group.addTask {
                try await Task.sleep(for: .seconds(20))
                return false
            }
            let first = try await group.next() ?? false
            releaseSignal.finish()
            group.cancelAll()
            return first
        }
        #expect(finished, "the marketing member's commits waited for the sales member's open transaction")
        _ = try? await inFlight.value
        #expect(await marketing.isDone)

        // While a commit of t-0 is open, another commit of t-0 does wait for it (the guard's lock).
        let (locked2, lockedSignal2) = AsyncStream.makeStream(of: Void.self)
        let (release2, releaseSignal2) = AsyncStream.makeStream(of: Void.self)
        let holder = Task {
            try await salesStore.transaction { connection in
                try await connection.query("SELECT next FROM log_cursor WHERE partition = 't-0' FOR UPDATE", logger: salesStore.logger)
                lockedSignal2.yield()
                for await _ in release2 { break }
            }
        }
        for await _ in locked2 { break }
        let waiting = Task { try await sales.commitNext(3) }
        try await Task.sleep(for: .milliseconds(500))
        let before = try await marketingStore.checkpointHeader().cursor.next["t-0"]
        #expect(before == 2, "the second t-0 commit is still waiting")
        releaseSignal2.finish()
        try await holder.value
        #expect(try await waiting.value)
        #expect(try await marketingStore.checkpointHeader().cursor.next["t-0"] == 5)
    }
}
