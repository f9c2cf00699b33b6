import DCLDomain
import DCLEventLog
import DCLKafka
import DCLTestSupport
import Foundation
import Testing

/// Three `dcl project --group` members on the mock Kafka cluster (12 partitions per topic) fold
/// into one store (a SQLite file, or a PostgreSQL database) while a writer appends quality results; one member is killed with SIGKILL
/// mid-way. The others take its partitions over, and once the ledger is folded the store exports
/// byte for byte what a single projector's clean rebuild exports; what the members published on
/// the changelog topics is, latest per contract, the store's current read models.
///
/// The suite writes 2,400 results; `DCL_GROUP_KILL_RESULTS` (a multiple of 24) runs the issue's
/// 20,000: `DCL_GROUP_KILL_RESULTS=19200 swift test --filter KafkaProjectorGroupTests`.
@Suite("projector group on Kafka: a member killed mid-way", .serialized)
struct KafkaProjectorGroupTests {
    static let contracts = 24
    static let results = ProcessInfo.processInfo.environment["DCL_GROUP_KILL_RESULTS"].flatMap(Int.init) ?? 2_400
    /// Contracts whose consumers subscribe before the members start and while they run: global
    /// fold state folded by different members, which the store must merge.
    static let subscribedBefore = [0, 5, 10]
    static let subscribedDuring = [3, 14, 21]

    /// The results of contract `index`, chained on its quality stream, `count` of them from `first`.
    static func results(contract index: Int, first: Int, count: Int, previousHash: inout String) -> [EventEnvelope] {
        let id = ContractID("sales.orders_\(index)")!
        return (first..<(first + count)).map { step in
            let observed = Timestamp(millisecondsSinceEpoch: 1_764_000_000_000 + Int64(step) * 60_000)
            let event = LedgerEvent.qualityCheckRecorded(QualityCheckRecorded(
                contractId: id, rule: "unique_order_id", passed: step % 7 != 0, value: NumericLiteral(step), observedAt: observed))
            let envelope = EventCodec.envelope(for: ProposedEvent(stream: .quality(id), sequence: Int64(step + 1), event: event),
                                               eventId: "group-\(index)-\(step)", occurredAt: observed, recordedAt: observed,
                                               actor: "writer", previousHash: previousHash)
            previousHash = envelope.hash
            return envelope
        }
    }

    static func startMember(_ arguments: [String], in cli: CLIHarness, log name: String) throws -> ChildProcess {
        let process = ChildProcess()
        process.executableURL = CLIHarness.binary
        process.arguments = arguments
        process.currentDirectoryURL = cli.folder
        process.standardOutput = FileHandle.nullDevice
        _ = FileManager.default.createFile(atPath: cli.path(name), contents: nil)
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: cli.path(name)))
        try process.run()
        return process
    }

    /// The partitions a member's log says it owns last (its `owned=[…]` metadata).
    static func lastOwned(in path: String) throws -> [Int] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        guard let line = text.split(separator: "\n").last(where: { $0.contains("owned=[") }),
              let start = line.range(of: "owned=["), let end = line[start.upperBound...].firstIndex(of: "]") else { return [] }
        return line[start.upperBound..<end].split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
    }

    /// Where the members' shared store lives.
    enum SharedStore: String, CaseIterable, Sendable {
        case sqlite, postgres
    }

    @Test(arguments: SharedStore.allCases)
    func threeMembersOneKilledExportWhatASingleRebuildExports(_ kind: SharedStore) async throws {
        let (broker, bootstrap) = try KafkaProjectorKillTests.startBroker()
        defer { broker.interrupt(); broker.waitUntilExit() }
        let cli = try CLIHarness()
        defer { cli.remove() }
        let kafka = ["--kafka", bootstrap]
        try KafkaProjectorKillTests.publishContracts(Self.contracts, in: cli, kafka: kafka)
        for index in Self.subscribedBefore {
            let subscribed = try cli.run(["consumer", "subscribe", "sales.orders_\(index)", "--consumer", "finance-\(index)"] + kafka)
            #expect(subscribed.status == 0, "\(subscribed.stderr)")
        }

        // The writer: batches of 20 results per contract, straight to the log.
        let perContract = Self.results / Self.contracts
        let writer = Task.detached {
            let log = try KafkaEventLog(bootstrapServers: bootstrap)
            var hashes = [String](repeating: EventEnvelope.genesisHash, count: Self.contracts)
            var written = 0
            while written < perContract {
                let count = min(20, perContract - written)
                var batch: [EventEnvelope] = []
                for index in 0..<Self.contracts {
                    batch += Self.results(contract: index, first: written, count: count, previousHash: &hashes[index])
                }
                _ = try await log.append(batch)
                written += count
            }
            await log.shutdown()
        }

        let store = kind == .sqlite ? cli.path("shared.db") : try PostgresTestServer.shared().createDatabase()
        let group = "projectors-" + UUID().uuidString.prefix(8)
        let member = ["project", "--store", store, "--group", group, "--batch-size", "200"] + kafka
        var members: [ChildProcess] = []
        for index in 0..<3 { members.append(try Self.startMember(member, in: cli, log: "member-\(index).log")) }
        // Long enough for the group to form and the members to fold some of the ledger.
        try await Task.sleep(for: .seconds(6))
        kill(members[0].processIdentifier, SIGKILL)
        members[0].waitUntilExit()
        #expect(members[0].terminationReason == .uncaughtSignal)
        for index in Self.subscribedDuring {
            let subscribed = try cli.run(["consumer", "subscribe", "sales.orders_\(index)", "--consumer", "finance-\(index)"] + kafka)
            #expect(subscribed.status == 0, "\(subscribed.stderr)")
        }
        // The survivors take the killed member's partitions over once its session times out (6 s).
        let takeover = ContinuousClock.now.advanced(by: .seconds(60))
        var owned = Set<Int>()
        while owned != Set(0..<12) && ContinuousClock.now < takeover {
            try await Task.sleep(for: .milliseconds(500))
            owned = try Set((1...2).flatMap { try Self.lastOwned(in: cli.path("member-\($0).log")) })
        }
        #expect(owned == Set(0..<12), "the two survivors own every partition after the kill: \(owned.sorted())")
        try await writer.value

        // A fourth member joins until the whole ledger is folded, whoever folds each partition.
        let finish = try cli.run(member + ["--until-caught-up"])
        #expect(finish.status == 0, "\(finish.stderr)")
        for survivor in members[1...] {
            survivor.terminate()
            survivor.waitUntilExit()
            #expect(survivor.terminationReason == .exit && survivor.terminationStatus == 0, "a member leaves the group on SIGTERM")
        }
        let logs = try (1...2).map { try String(contentsOfFile: cli.path("member-\($0).log"), encoding: .utf8) }
        #expect(logs.allSatisfy { $0.contains("left the projector group") }, "\(logs)")

        // What the members published while folding (read before any other command, and before the
        // rebuild below publishes everything again): after compaction, each contract's latest
        // records are its current read models, whichever member committed them and out of whatever
        // position order their commits reached the store.
        let catalogTopic = KafkaChangelogTests.latest(try KafkaChangelogTests.records(bootstrap, topic: "dcl.catalog.v1"))
        let summaryTopic = KafkaChangelogTests.latest(try KafkaChangelogTests.records(bootstrap, topic: "dcl.quality-summary.v1"))
        let catalog = try cli.run(["catalog", "--json", "--store", store] + kafka)
        #expect(catalog.status == 0, "\(catalog.stderr)")
        let listed = try #require(try JSONSerialization.jsonObject(with: Data(catalog.stdout.utf8)) as? [NSDictionary])
        #expect(listed.count == Self.contracts && Set(catalogTopic.keys) == Set(listed.compactMap { $0["contractId"] as? String }))
        #expect(try listed.map { try KafkaChangelogTests.object(catalogTopic[$0["contractId"] as? String ?? ""] ?? nil) } == listed,
                "dcl.catalog.v1's latest value per contract is dcl catalog --json's entry")
        let totals = try summaryTopic.values.map { try KafkaChangelogTests.object($0)["totalChecks"] as? Int }
        #expect(summaryTopic.count == Self.contracts && totals.allSatisfy { $0 == perContract },
                "dcl.quality-summary.v1's latest value counts every result of each contract: \(totals)")

        let rebuild = try cli.run(["project", "--store", cli.path("rebuilt.db"), "--rebuild", "--until-caught-up"] + kafka)
        #expect(rebuild.status == 0, "\(rebuild.stderr)")
        let shared = try cli.run(["projections", "export", "--store", store, "--stale-ok"] + kafka)
        let rebuilt = try cli.run(["projections", "export", "--store", cli.path("rebuilt.db"), "--stale-ok"] + kafka)
        #expect(shared.status == 0 && rebuilt.status == 0, "\(shared.stderr) \(rebuilt.stderr)")
        #expect(shared.stdout == rebuilt.stdout, "the group's store differs from a clean rebuild")
        let lines = shared.stdout.split(separator: "\n")
        let subscriptions = Self.subscribedBefore.count + Self.subscribedDuring.count
        #expect(lines.filter { $0.hasPrefix("audit_timeline\t") }.count == Self.results + Self.contracts + subscriptions + 1,
                "every result, publish, subscription and the domain's registration once")
        let qualityRows = lines.filter { $0.hasPrefix("contract_quality\t") }
        #expect(qualityRows.count == Self.contracts && qualityRows.allSatisfy { $0.contains("\"total_checks\":\(perContract)") })
        // Subscriptions folded by different members all reached the store's global state.
        let state = lines.first { $0.hasPrefix("fold_state\t") }.map(String.init) ?? ""
        for index in Self.subscribedBefore + Self.subscribedDuring {
            #expect(state.contains("finance-\(index)"), "subscription of sales.orders_\(index) in the merged fold state")
        }
    }
}
