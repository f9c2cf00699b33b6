import DCLApplication
import DCLDomain
import DCLProjections
import Foundation
import Testing

/// The projector publishes each changed contract's current read models to its `ChangelogSink` at
/// least once, after the store commit: a publication that fails is made on the next run, a
/// caught-up run publishes nothing, a retired contract is a tombstone, a rebuilt store
/// publishes the same final values, and a slow sink neither holds up the fold nor misses a
/// contract's last value.
@Suite("changelog publication after the store commit")
struct ChangelogPublicationTests {
    actor Published {
        var batches: [[ChangelogEntry]] = []
        var failNext = false

        func take(_ changes: [ChangelogEntry]) throws {
            if failNext {
                failNext = false
                throw NotificationDeliveryTests.BrokerDown(message: "the broker is down")
            }
            batches.append(changes)
        }

        func failOnce() { failNext = true }

        /// What a compacted topic keeps: the last change per contract.
        var latest: [String: ChangelogEntry] {
            var latest: [String: ChangelogEntry] = [:]
            for change in batches.joined() { latest[change.contractId] = change }
            return latest
        }
    }

    struct RecordingSink: ChangelogSink {
        let name: String
        let published: Published
        func publish(_ changes: [ChangelogEntry]) async throws { try await published.take(changes) }
    }

    @Test func failedPublicationIsRetriedAndARebuildPublishesTheSameValues() async throws {
        let folder = ProjectionTests.Folder()
        let service = try ProjectionTests.service(folder.path("ledger.db"))
        let store = try ReadModelStore(path: folder.path("read.db"))
        let published = Published()
        var projector = Projector(log: service.log, store: store)
        projector.changelogSink = RecordingSink(name: "changelog", published: published)
        let revenue = ProjectionTests.revenue
        let orders = try #require(ContractID("sales.orders"))
        try await service.execute([.publishContract(ProjectionTests.contract("1.0.0"), document: nil)], actor: "ana")
        try await service.execute([.publishContract(ProjectionTests.contract("1.0.0", id: "sales.orders"), document: nil)], actor: "ana")
        try await service.execute([ProjectionTests.check(true, at: 1), ProjectionTests.check(false, at: 2)], actor: "ana")

        // The batch commits, then publishing fails: the next run, with nothing new to fold, publishes.
        await published.failOnce()
        await #expect(throws: NotificationDeliveryTests.BrokerDown.self) { try await projector.catchUp() }
        #expect(await published.batches.isEmpty)
        try await projector.catchUp()
        let first = await published.latest
        #expect(Set(first.keys) == [revenue.rawValue, orders.rawValue])
        #expect(first[revenue.rawValue]?.quality.totalChecks == 2 && first[revenue.rawValue]?.quality.qualityScore == "0.5000")
        #expect(first[revenue.rawValue]?.quality.lastChecked == Timestamp(millisecondsSinceEpoch: 1_764_000_120_000).iso8601)
        #expect(first[revenue.rawValue]?.catalog == (try await store.catalog()).first { $0.contractId == revenue.rawValue })
        try await projector.catchUp()
        #expect(await published.batches.count == 1, "acknowledged and nothing new: not published again")

        // Only the contract a batch changed is published; retiring it publishes a tombstone.
        try await service.execute([.deprecateContract(orders, reason: "merged"), .retireContract(orders, reason: nil)], actor: "ana")
        try await projector.catchUp()
        let last = try #require(await published.batches.last)
        #expect(last.map(\.contractId) == [orders.rawValue])
        #expect(last.first?.catalog == nil, "retired: a tombstone")

        // A store rebuilt from the ledger publishes the same final value per contract.
        let rebuilt = Published()
        var rebuilder = Projector(log: service.log, store: try ReadModelStore(path: folder.path("rebuilt.db")), batchSize: 1)
        rebuilder.changelogSink = RecordingSink(name: "changelog", published: rebuilt)
        try await rebuilder.catchUp()
        #expect(await rebuilt.latest == (await published.latest))
    }

    /// Commits seen by the catch-up's progress callback, which is synchronous.
    // @unchecked Sendable: `count` is read and written only while holding `lock`.
    final class CommitCounter: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        func add() { lock.withLock { count += 1 } }
        var value: Int { lock.withLock { count } }
    }

    /// A sink whose first publication waits until the projector has committed three more
    /// batches (at most 10 s), and that records how many of its calls ever overlapped.
    actor SlowSinkRecord {
        var batches: [[ChangelogEntry]] = []
        var inFlight = 0
        var mostInFlight = 0
        var firstWaitEndedByCommits: Bool?

        /// Begins a call; true for the first one.
        func begin() -> Bool {
            inFlight += 1
            mostInFlight = max(mostInFlight, inFlight)
            return firstWaitEndedByCommits == nil
        }

        func firstWaitEnded(byCommits: Bool) { firstWaitEndedByCommits = byCommits }

        func end(_ changes: [ChangelogEntry]) {
            inFlight -= 1
            batches.append(changes)
        }

        var latest: [String: ChangelogEntry] {
            var latest: [String: ChangelogEntry] = [:]
            for change in batches.joined() { latest[change.contractId] = change }
            return latest
        }
    }

    struct SlowSink: ChangelogSink {
        let name = "slow"
        let record: SlowSinkRecord
        let commits: CommitCounter
        func publish(_ changes: [ChangelogEntry]) async throws {
            if await record.begin() {
                let target = commits.value + 3
                let deadline = ContinuousClock.now.advanced(by: .seconds(10))
                while commits.value < target && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
                await record.firstWaitEnded(byCommits: commits.value >= target)
            }
            await record.end(changes)
        }
    }

    @Test func aSlowSinkDoesNotHoldUpTheFoldAndGetsEveryContractsLastValue() async throws {
        let folder = ProjectionTests.Folder()
        let service = try ProjectionTests.service(folder.path("ledger.db"))
        let store = try ReadModelStore(path: folder.path("read.db"))
        let ids = (0..<6).map { "sales.product_\($0)" }
        for id in ids { try await service.execute([.publishContract(ProjectionTests.contract("1.0.0", id: id), document: nil)], actor: "ana") }
        for round in 0..<10 {
            try await service.execute(ids.map { id in
                .recordQualityCheck(ContractID(id)!, rule: "not_null_date", passed: round % 3 != 0, value: nil,
                                    observedAt: Timestamp(millisecondsSinceEpoch: 1_764_000_000_000 + Int64(round) * 60_000))
            }, actor: "ana")
        }
        let record = SlowSinkRecord()
        let commits = CommitCounter()
        var projector = Projector(log: service.log, store: store, batchSize: 4)
        projector.changelogSink = SlowSink(record: record, commits: commits)
        try await projector.catchUp(progress: { _ in commits.add() })

        // Batches went on committing while the first publication waited; the next publication
        // began only once it had ended, and covered the commits made meanwhile.
        #expect(await record.firstWaitEndedByCommits == true, "the fold and the commits were held up by the sink")
        #expect(await record.mostInFlight == 1)
        let publications = await record.batches.count
        #expect(publications < commits.value, "\(publications) publications for \(commits.value) commits")
        // What a compacted topic keeps is each contract's current read models.
        let latest = await record.latest
        let catalog = try await store.catalog()
        #expect(Set(latest.keys) == Set(ids))
        for entry in catalog {
            #expect(latest[entry.contractId]?.catalog == entry)
            #expect(latest[entry.contractId]?.quality.totalChecks == 10)
            #expect(latest[entry.contractId]?.quality.passedChecks == 6)
        }
    }
}
