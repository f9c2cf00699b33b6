import Foundation
import Testing

/// Audit checkpoints on Kafka (`dcl dev kafka`, librdkafka's mock cluster over TCP): a checkpoint
/// names the partitions' offsets it was taken at, so a later audit reads exactly those records
/// again, partition by partition, whatever was appended since and wherever.
@Suite("audit checkpoints on Kafka", .serialized)
struct KafkaCheckpointTests {
    /// Contracts spread over the 4 partitions (a contract's key picks its partition).
    static let contracts = ["sales.orders", "sales.returns", "billing.invoices", "crm.accounts", "ops.tickets"]

    private static func contract(_ id: String, version: String = "1.0.0") -> String {
        ContractTexts.orders(version: version).replacingOccurrences(of: "id: sales.orders", with: "id: \(id)")
    }

    /// Runs `body` on a fresh `dcl dev kafka` ledger made by `checkpointedLedger`, with the CLI's
    /// `--kafka` arguments and the checkpoint's statement.
    private func onCheckpointedLedger(_ body: (CLIHarness, [String], [String: Any]) throws -> Void) throws {
        let (broker, bootstrap) = try KafkaCLITests.startDevBroker()
        defer { broker.interrupt(); broker.waitUntilExit() }
        let cli = try CLIHarness()
        defer { cli.remove() }
        let kafka = ["--kafka", bootstrap]
        try body(cli, kafka, try checkpointedLedger(cli, kafka))
    }

    /// Publishes every contract and one quality result each, makes a key and a checkpoint file.
    private func checkpointedLedger(_ cli: CLIHarness, _ kafka: [String]) throws -> [String: Any] {
        for id in Self.contracts {
            try cli.write("\(id).yaml", Self.contract(id))
            let published = try cli.run(["publish", "\(id).yaml"] + kafka)
            #expect(published.status == 0, "\(published.stderr)")
            #expect(try cli.run(["quality", "record", id, "--rule", "unique_order_id", "--passed"] + kafka).status == 0)
        }
        try FileManager.default.createDirectory(atPath: cli.path("keys"), withIntermediateDirectories: true)
        #expect(try cli.run("audit", "keygen", "--out", "keys/audit.pem").status == 0)
        let checkpoint = try cli.run(["audit", "checkpoint", "--key", "keys/audit.pem", "--out", "cp.json"] + kafka)
        #expect(checkpoint.status == 0, "\(checkpoint.stderr)")
        let statement = try CheckpointFiles.statement(of: "cp.json", cli)
        let count = try #require(statement["eventCount"] as? Int), streams = (statement["heads"] as? [Any])?.count ?? 0
        #expect(count >= 10 && streams >= 10, "5 publishes and 5 results at least: \(statement)")
        #expect(checkpoint.stdout.contains("checkpoint of \(count) events in \(streams) streams (up to dcl.contracts.v1/0@"), "\(checkpoint.stdout)")
        return statement
    }

    @Test func aCheckpointNamesEveryPartitionsOffsetAndStaysIntactWhateverIsAppendedAfter() throws {
        try onCheckpointedLedger { cli, kafka, statement in
            #expect(statement["format"] as? String == "dcl-audit-checkpoint/2")
            let end = try #require(statement["end"] as? [String: Int])
            #expect(Set(end.keys) == Set((0..<4).flatMap { ["dcl.contracts.v1/\($0)", "dcl.quality.v1/\($0)"] }), "\(end)")
            #expect(end.values.reduce(0, +) == statement["eventCount"] as? Int, "every record before the end is an event counted: \(end)")

            // Appended after the checkpoint, in every partition: more results, a new version, a new contract.
            for id in Self.contracts {
                #expect(try cli.run(["quality", "record", id, "--rule", "unique_order_id", "--failed"] + kafka).status == 0)
            }
            try cli.write("orders-1.1.yaml", Self.contract("sales.orders", version: "1.1.0"))
            #expect(try cli.run(["publish", "orders-1.1.yaml"] + kafka).status == 0)
            try cli.write("late.yaml", Self.contract("hr.people"))
            #expect(try cli.run(["publish", "late.yaml"] + kafka).status == 0)

            let file = try cli.run(["audit", "verify", "--json", "--checkpoint", "cp.json", "--public-key", "keys/audit.pem.pub"] + kafka)
            #expect(file.status == 0, "\(file.stdout)\(file.stderr)")
            let fromFile = try CheckpointFiles.report(file)
            #expect(fromFile["intact"] as? Bool == true)
            #expect((fromFile["checkpointFindings"] as? [String])?.isEmpty == true && (fromFile["checkpointNotes"] as? [String])?.isEmpty == true,
                    "\(fromFile)")
            // The checkpoint recorded in the ledger is the default, read from its own stream.
            let recorded = try cli.run(["audit", "verify"] + kafka)
            #expect(recorded.status == 0 && recorded.stdout.contains("checkpoint intact: every stream reaches the head recorded by the checkpoint recorded at governance/audit#1"),
                    "\(recorded.stdout)\(recorded.stderr)")
            // One recorded in parts, several records on the topic, is read back whole.
            let parted = try cli.run(["audit", "checkpoint", "--key", "keys/audit.pem", "--out", "parted.json", "--part-bytes", "600"] + kafka)
            #expect(parted.status == 0 && parted.stdout.contains(" parts)"), "\(parted.stdout)\(parted.stderr)")
            let again = try cli.run(["audit", "verify", "--json"] + kafka)
            let report = try CheckpointFiles.report(again)
            #expect(again.status == 0 && (report["checkpoint"] as? String)?.contains("governance/audit#2…#") == true, "\(report)")
        }
    }

    @Test func aCheckpointThatKnewMoreEventsNamesTheMissingOnesOnKafka() throws {
        try onCheckpointedLedger { cli, kafka, recorded in
            var statement = recorded
            // As if the ledger had held one more result of crm.accounts when the checkpoint was taken,
            // and one more record before the end in its partition: the tail since lost.
            var heads = try #require(statement["heads"] as? [[String: Any]])
            let index = try #require(heads.firstIndex { $0["stream"] as? String == "quality/crm.accounts" })
            heads[index]["sequence"] = 2
            heads[index]["hash"] = String(repeating: "ab", count: 32)
            statement["heads"] = heads
            statement["eventCount"] = (statement["eventCount"] as? Int ?? 0) + 1
            try CheckpointFiles.sign(statement, as: "longer.json", cli)

            let verify = try cli.run(["audit", "verify", "--json", "--checkpoint", "longer.json", "--public-key", "keys/audit.pem.pub"] + kafka)
            #expect(verify.status == 1, "\(verify.stdout)\(verify.stderr)")
            let findings = try CheckpointFiles.report(verify)["checkpointFindings"] as? [String] ?? []
            #expect(findings.contains { $0.hasPrefix("quality/crm.accounts #2: #2 is missing") }, "\(findings)")
            #expect(findings.contains { $0.contains("1 fewer events before the checkpoint's end (dcl.contracts.v1/0@") }, "\(findings)")
            #expect(verify.stderr.contains("audit failed against file longer.json"), "\(verify.stderr)")
        }
    }

    @Test func aFormatOneCheckpointOnKafkaComparesTheHeadsAndSaysWhatItCannotCompare() throws {
        try onCheckpointedLedger { cli, kafka, recorded in
            var statement = recorded
            // The first format named a position in a global order Kafka does not have.
            statement["format"] = "dcl-audit-checkpoint/1"
            statement["endPosition"] = statement["eventCount"]
            statement["end"] = nil
            try CheckpointFiles.sign(statement, as: "v1.json", cli)
            let intact = try cli.run(["audit", "verify", "--checkpoint", "v1.json"] + kafka)
            #expect(intact.status == 0, "\(intact.stdout)\(intact.stderr)")
            #expect(intact.stdout.contains("checkpoint intact") && intact.stdout.contains("note: a dcl-audit-checkpoint/1 checkpoint's end")
                    && intact.stdout.contains("only the streams' heads were compared"), "\(intact.stdout)")

            var heads = try #require(statement["heads"] as? [[String: Any]])
            heads[0]["hash"] = String(repeating: "cd", count: 32)
            statement["heads"] = heads
            try CheckpointFiles.sign(statement, as: "v1-rewritten.json", cli)
            let rewritten = try cli.run(["audit", "verify", "--checkpoint", "v1-rewritten.json"] + kafka)
            #expect(rewritten.status == 1 && rewritten.stderr.contains("history was rewritten"), "\(rewritten.stdout)\(rewritten.stderr)")
        }
    }
}
