import DCLTestSupport
import Foundation
import Testing

/// On Kafka, `dcl project` also produces each breaking change and deprecation on
/// `dcl.notifications.v1` (key: contract id, value: the notification as JSON), after the store
/// commit; a rebuild writes the same values again and a caught-up projector writes nothing new.
/// The mock cluster runs as `dcl dev kafka` over TCP and an independent client (kcat) reads the topic.
@Suite("Notifications on dcl.notifications.v1", .serialized)
struct KafkaNotificationsTests {
    struct Record: Hashable {
        var key: String
        var value: String
        var headers: String
    }

    /// Every record of the topic, read by kcat to the end of each partition.
    static func records(_ bootstrap: String, topic: String = "dcl.notifications.v1") throws -> [Record] {
        let kcat = ChildProcess()
        kcat.executableURL = URL(fileURLWithPath: "/usr/bin/kcat")
        kcat.arguments = ["-C", "-b", bootstrap, "-t", topic, "-e", "-q", "-f", "%k\\t%h\\t%s\\n"]
        let out = Pipe()
        kcat.standardOutput = out
        kcat.standardError = FileHandle.nullDevice
        try kcat.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        kcat.waitUntilExit()
        #expect(kcat.terminationStatus == 0, "kcat: \(text)")
        return text.split(separator: "\n").map { line in
            let parts = line.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
            return Record(key: parts[0], value: parts.count > 2 ? parts[2] : "", headers: parts.count > 1 ? parts[1] : "")
        }
    }

    static func json(_ text: String) throws -> NSObject {
        guard let value = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? NSObject else {
            throw CLIHarness.Failure(message: "not JSON: \(text)")
        }
        return value
    }

    @Test("a breaking publish and a deprecation become two records keyed by contract; a rebuild writes the same values")
    func breakingAndDeprecationOnTheTopic() throws {
        let (broker, bootstrap) = try KafkaCLITests.startDevBroker()
        defer { broker.interrupt(); broker.waitUntilExit() }
        let cli = try CLIHarness()
        defer { cli.remove() }
        let kafka = ["--kafka", bootstrap]
        try cli.write("orders.yaml", ContractTexts.orders())
        try cli.write("orders-2.yaml", ContractTexts.orders(version: "2.0.0", removeAmount: true))
        try cli.write("returns.yaml", ContractTexts.orders().replacingOccurrences(of: "sales.orders", with: "sales.returns")
            .replacingOccurrences(of: "dataProduct: orders", with: "dataProduct: returns"))
        for file in ["orders.yaml", "returns.yaml"] {
            let published = try cli.run(["publish", file] + kafka)
            #expect(published.status == 0, "\(file): \(published.stderr)")
        }
        let subscribed = try cli.run(["consumer", "subscribe", "sales.orders", "--consumer", "finance-reporting", "--fields", "amount"] + kafka)
        #expect(subscribed.status == 0, "\(subscribed.stderr)")
        let breaking = try cli.run(["publish", "orders-2.yaml"] + kafka)
        #expect(breaking.status == 0, "\(breaking.stderr)")
        let deprecated = try cli.run(["deprecate", "sales.returns", "--reason", "merged into sales.orders"] + kafka)
        #expect(deprecated.status == 0, "\(deprecated.stderr)")
        #expect(try Self.records(bootstrap).isEmpty, "nothing is produced before a projector runs")

        let store = ["--store", "kafka-read.db"]
        let projected = try cli.run(["project", "--until-caught-up"] + store + kafka)
        #expect(projected.status == 0, "\(projected.stderr)")
        let first = try Self.records(bootstrap)
        #expect(first.count == 2, "\(first)")
        let byKey = Dictionary(first.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        #expect(Set(byKey.keys) == ["sales.orders", "sales.returns"], "\(first)")
        let orders = try #require(try Self.json(byKey["sales.orders"]?.value ?? "") as? [String: Any])
        #expect(orders["kind"] as? String == "breaking-change" && orders["version"] as? String == "2.0.0", "\(orders)")
        #expect(orders["consumers"] as? [String] == ["finance-reporting"], "\(orders)")
        let returns = try #require(try Self.json(byKey["sales.returns"]?.value ?? "") as? [String: Any])
        #expect(returns["kind"] as? String == "deprecation", "\(returns)")
        for record in first {
            let eventId = try #require(try Self.json(record.value) as? [String: Any])["eventId"] as? String
            #expect(eventId.map { record.headers.contains("dcl-event-id=\($0)") } == true, "\(record)")
        }

        // The values are the read model's notifications, in the shape `consumer notifications --json` prints.
        let listed = try cli.run(["consumer", "notifications", "--json"] + store + kafka)
        #expect(listed.status == 0, "\(listed.stderr)")
        let fromCLI = try #require(try Self.json(listed.stdout) as? [NSObject])
        #expect(Set(fromCLI) == Set(try first.map { try Self.json($0.value) }), "CLI: \(listed.stdout)\ntopic: \(first)")

        // Caught up: running again produces nothing new.
        #expect(try cli.run(["project", "--until-caught-up"] + store + kafka).status == 0)
        #expect(try Self.records(bootstrap).count == 2)

        // A rebuild from position zero produces the same key+value pairs once more.
        let rebuilt = try cli.run(["project", "--rebuild", "--until-caught-up"] + store + kafka)
        #expect(rebuilt.status == 0, "\(rebuilt.stderr)")
        let after = try Self.records(bootstrap)
        #expect(after.count == 4, "\(after)")
        var counts: [Record: Int] = [:]
        for record in after { counts[record, default: 0] += 1 }
        #expect(Set(counts.keys) == Set(first) && counts.values.allSatisfy { $0 == 2 }, "\(after)")
    }
}
