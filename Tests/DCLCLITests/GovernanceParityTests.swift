import Foundation
import Testing

/// The governance views are one computation (`GovernanceQueries` in DCLApplication) behind both
/// faces: for the same ledger `dcl mesh metrics|maturity --json`, `dcl policy compliance --json`
/// and `dcl consumer notifications --json` print the JSON that `dcl serve` answers on
/// `/api/mesh/metrics`, `/api/mesh/maturity`, `/api/policies/compliance` and `/api/notifications`.
@Suite("Governance over HTTP answers what the CLI prints (the built binary)")
struct GovernanceParityTests {
    static func json(_ text: String) throws -> NSObject {
        guard let value = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? NSObject else {
            throw CLIHarness.Failure(message: "not JSON: \(text)")
        }
        return value
    }

    @Test("mesh metrics, maturity, compliance and notifications: CLI --json equals the HTTP body on the demo ledger")
    func sameJSON() async throws {
        let harness = try CLIHarness()
        defer { harness.remove() }
        let demo = try harness.run("demo", "--ledger", "ledger.db")
        #expect(demo.status == 0, "\(demo.stderr)")
        // A breaking major version and a deprecation, so the notifications hold both kinds.
        func logistics(_ text: String) -> String {
            text.replacingOccurrences(of: "sales.orders", with: "logistics.orders").replacingOccurrences(of: "domain: sales", with: "domain: logistics")
        }
        try harness.write("orders-1.yaml", logistics(ContractTexts.orders()))
        try harness.write("orders-2.yaml", logistics(ContractTexts.orders(version: "2.0.0", removeAmount: true)))
        for file in ["orders-1.yaml", "orders-2.yaml"] {
            let published = try harness.run("publish", file, "--ledger", "ledger.db")
            #expect(published.status == 0, "\(file): \(published.stderr)")
        }
        let deprecated = try harness.run("deprecate", "marketing.campaign_performance", "--reason", "superseded", "--ledger", "ledger.db")
        #expect(deprecated.status == 0, "\(deprecated.stderr)")

        let server = try ServeProcess(harness, ["--ledger", "ledger.db", "--store", "readmodels.db"])
        // The CLI reads its own store, so both sides fold the ledger independently.
        let cliStore = ["--ledger", "ledger.db", "--store", "cli-readmodels.db"]
        let pairs: [([String], String)] = [
            (["mesh", "metrics", "--json"], "/api/mesh/metrics"),
            (["mesh", "maturity", "--json"], "/api/mesh/maturity"),
            (["policy", "compliance", "--json"], "/api/policies/compliance"),
            (["policy", "compliance", "--domain", "sales", "--json"], "/api/policies/compliance?domain=sales"),
            (["consumer", "notifications", "--json"], "/api/notifications"),
            (["consumer", "notifications", "--consumer", "finance-reporting", "--json"], "/api/notifications?consumer=finance-reporting"),
            (["consumer", "notifications", "--contract", "marketing.campaign_performance", "--json"],
             "/api/notifications?contract=marketing.campaign_performance"),
        ]
        var bodies: [String: String] = [:]
        for (arguments, path) in pairs {
            let cli = try harness.run(arguments + cliStore)
            #expect(cli.status == 0, "\(arguments): \(cli.stderr)")
            let http = try await server.request("GET", path)
            #expect(http.status == 200, "\(path): \(http.body)")
            #expect(http.contentType == "application/json", "\(path)")
            #expect(try Self.json(cli.stdout) == Self.json(http.body), "\(arguments)\n CLI:  \(cli.stdout)\n HTTP: \(http.body)")
            bodies[path] = http.body
        }

        // What the bodies hold, so equal-but-empty answers cannot pass.
        let maturity = try #require(try Self.json(bodies["/api/mesh/maturity"] ?? "") as? [String: Any])
        #expect((maturity["principles"] as? [[String: Any]])?.count == 4, "\(maturity)")
        let metrics = try #require(try Self.json(bodies["/api/mesh/metrics"] ?? "") as? [String: Any])
        #expect((metrics["mesh"] as? [String: Any])?["contracts"] as? Int == 4, "\(metrics)")
        let notices = try #require(try Self.json(bodies["/api/notifications"] ?? "") as? [[String: Any]])
        #expect(Set(notices.compactMap { $0["kind"] as? String }) == ["breaking-change", "deprecation"], "\(notices)")
        let deprecation = try #require(try Self.json(bodies["/api/notifications?contract=marketing.campaign_performance"] ?? "") as? [[String: Any]])
        #expect(deprecation.map { $0["kind"] as? String } == ["deprecation"], "\(deprecation)")
        let compliance = try #require(try Self.json(bodies["/api/policies/compliance"] ?? "") as? [String: Any])
        #expect((compliance["policies"] as? [String])?.isEmpty == false, "\(compliance)")

        // Governance read models keep no history: asOf is refused, as --as-of is; a bad domain is named.
        let asOf = try await server.request("GET", "/api/mesh/maturity?asOf=2026-01-01T00:00:00Z")
        #expect(asOf.status == 400 && asOf.body.contains("asOf"), "\(asOf.body)")
        let badDomain = try await server.request("GET", "/api/policies/compliance?domain=no%20such")
        #expect(badDomain.status == 400 && badDomain.body.contains("domain"), "\(badDomain.body)")
        #expect(try server.terminate() == 0)
    }
}
