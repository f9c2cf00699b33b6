import Foundation
import Testing

/// `dcl serve` as the schema registry of a Kafka client nobody here wrote: confluent-kafka's
/// SchemaRegistryClient, AvroSerializer and AvroDeserializer (PyPI, pinned in
/// scripts/http-check/setup.sh).
@Suite("Schema Registry subset with confluent-kafka's client", .serialized)
struct SchemaRegistryClientTests {
    @Test("a record serialized against dcl serve reads back equal, and the client's compatibility verdicts agree with dcl check")
    func roundTripAndCompatibility() async throws {
        let python = try HTTPConformanceTests.python()
        let harness = try CLIHarness()
        defer { harness.remove() }
        try harness.write("orders.yaml", ContractTexts.orders())
        #expect(try harness.run("publish", "orders.yaml", "--ledger", "ledger.db").status == 0)
        let exported = try harness.run("schema", "export", "sales.orders", "--format", "avro", "--ledger", "ledger.db")
        #expect(exported.status == 0, "\(exported.stderr)")
        try harness.write("old.avsc", exported.stdout)

        // Two candidates: an optional field added (compatible both ways), and the required `amount`
        // removed (old readers need it: incompatible under the ledger's default, FORWARD_TRANSITIVE).
        var record = try #require(try JSONSerialization.jsonObject(with: Data(exported.stdout.utf8)) as? [String: Any])
        let fields = try #require(record["fields"] as? [[String: Any]])
        record["fields"] = fields + [["name": "channel", "type": ["null", "string"], "default": NSNull()]]
        try harness.write("with-default.avsc", String(decoding: try JSONSerialization.data(withJSONObject: record), as: UTF8.self))
        record["fields"] = fields.filter { $0["name"] as? String != "amount" }
        try harness.write("without-amount.avsc", String(decoding: try JSONSerialization.data(withJSONObject: record), as: UTF8.self))

        let server = try ServeProcess(harness, ["--ledger", "ledger.db", "--store", "readmodels.db"])
        let script = HTTPConformanceTests.tools.appendingPathComponent("registry_roundtrip.py").path
        let run = try HTTPConformanceTests.run(python, [script, "http://127.0.0.1:\(server.port)", "sales.orders-value",
                                                        harness.path("with-default.avsc"), harness.path("without-amount.avsc")],
                                               in: harness.folder)
        #expect(run.status == 0, "\(run.output)")
        let line = try #require(run.output.split(separator: "\n").last { $0.hasPrefix("{") }, "\(run.output)")
        let result = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(result["subjects"] as? [String] == ["sales.orders-value"])
        #expect(result["versions"] as? [Int] == [1])
        #expect(result["magicByte"] as? Int == 0)
        #expect(result["writtenId"] as? Int == result["latestId"] as? Int)
        #expect(result["roundTrip"] as? Bool == true, "\(line)")
        let level = try #require(result["compatibilityLevel"] as? String)
        let verdicts = try #require(result["candidates"] as? [String: Bool])

        for candidate in ["with-default.avsc", "without-amount.avsc"] {
            let check = try harness.run("check", "old.avsc", candidate, "--mode", level)
            let clientSays = try #require(verdicts[harness.path(candidate)] as Bool?)
            #expect((check.status == 0) == clientSays, "\(candidate): dcl check exit \(check.status), client \(clientSays)")
        }
        #expect(verdicts[harness.path("with-default.avsc")] == true)
        #expect(verdicts[harness.path("without-amount.avsc")] == false)
        #expect(try server.terminate() == 0)
    }
}
