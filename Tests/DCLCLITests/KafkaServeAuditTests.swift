import Foundation
import Testing

/// `dcl serve --kafka` answers what reads the whole ledger — the audit and the audit page — and
/// what names a place in it — the Schema Registry's schema ids — without one global order: the
/// audits through clients of their own while the server's projector follows, the ids from the
/// read models.
@Suite("dcl serve on Kafka: audits and schema ids", .serialized)
struct KafkaServeAuditTests {
    @Test func theAuditThePageAndTheSchemaIDsAnswerOnKafka() async throws {
        let (broker, bootstrap) = try KafkaCLITests.startDevBroker()
        defer { broker.interrupt(); broker.waitUntilExit() }
        let cli = try CLIHarness()
        defer { cli.remove() }
        let kafka = ["--kafka", bootstrap]
        let ids = ["sales.orders", "sales.returns", "billing.invoices", "crm.accounts"]
        for id in ids {
            try cli.write("\(id).yaml", ContractTexts.orders().replacingOccurrences(of: "id: sales.orders", with: "id: \(id)"))
            #expect(try cli.run(["publish", "\(id).yaml"] + kafka).status == 0)
            #expect(try cli.run(["quality", "record", id, "--rule", "unique_order_id", "--passed"] + kafka).status == 0)
        }
        try cli.write("orders-1.1.yaml", ContractTexts.orders(version: "1.1.0", extraField: true))
        #expect(try cli.run(["publish", "orders-1.1.yaml"] + kafka).status == 0)
        let cliAudit = try cli.run(["audit", "verify", "--json"] + kafka)
        #expect(cliAudit.status == 0, "\(cliAudit.stderr)")
        let expected = try #require(try JSONSerialization.jsonObject(with: Data(cliAudit.stdout.utf8)) as? [String: Any])

        let server = try ServeProcess(cli, kafka + ["--store", "serve.db"])
        // The audit while the server's projector follows the ledger: the same count as the CLI's.
        for _ in 0..<2 {
            let audit = try await server.request("GET", "/api/audit/verify")
            #expect(audit.status == 200, "\(audit.body)")
            let report = try audit.object()
            #expect(report["intact"] as? Bool == true && report["eventsChecked"] as? Int == expected["eventsChecked"] as? Int
                    && report["streamsChecked"] as? Int == expected["streamsChecked"] as? Int, "\(report) vs \(expected)")
        }
        let page = try await server.request("GET", "/ui/audit")
        #expect(page.status == 200 && page.body.contains("id=\"verdict\">Intact")
                && page.body.contains("<td id=\"events-checked\">\(expected["eventsChecked"] as? Int ?? -1)</td>"), "\(page.body)")
        // A result recorded while the server runs is folded by its projector and audited with the rest.
        #expect(try cli.run(["quality", "record", "crm.accounts", "--rule", "unique_order_id", "--failed"] + kafka).status == 0)
        let later = try await server.request("GET", "/api/audit/verify").object()
        #expect(later["eventsChecked"] as? Int == (expected["eventsChecked"] as? Int ?? 0) + 1, "\(later)")

        // Each version's schema id resolves to that version's schema.
        for version in [1, 2] {
            let reply = try await server.request("GET", "/subjects/sales.orders-value/versions/\(version)")
            #expect(reply.status == 200, "\(reply.body)")
            let subject = try reply.object()
            let id = try #require(subject["id"] as? Int)
            let schema = try await server.request("GET", "/schemas/ids/\(id)")
            let text = try? schema.object()["schema"] as? String
            #expect(schema.status == 200 && text == subject["schema"] as? String,
                    "id \(id) of version \(version): \(schema.body)")
        }
        #expect(try await server.request("GET", "/schemas/ids/100000").status == 404)
        #expect(try server.terminate() == 0)
    }
}
