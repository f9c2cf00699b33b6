import Foundation
import Testing

@Suite("dcl serve (the built binary over HTTP)")
struct ServeCommandTests {
    @Test("serves a publish, a read and the history over loopback; the CLI sees the write; SIGTERM stops it cleanly")
    func endToEnd() async throws {
        let harness = try CLIHarness()
        defer { harness.remove() }
        let server = try ServeProcess(harness, ["--ledger", "ledger.db", "--store", "readmodels.db", "--actor", "server-default", "--open-writes"])
        #expect(try await server.request("GET", "/healthz").status == 200)

        let published = try await server.request("POST", "/api/contracts", body: ContractTexts.orders(),
                                                  headers: ["DCL-Actor": "ana@company.com", "Content-Type": "application/yaml"])
        #expect(published.status == 201, "\(published.body)")
        let shown = try await server.request("GET", "/api/contracts/sales.orders")
        #expect(shown.status == 200)
        #expect((try shown.object()["contract"] as? [String: Any])?["version"] as? String == "1.0.0")

        let lower = try await server.request("POST", "/api/contracts", body: ContractTexts.orders(version: "0.9.0"))
        #expect(lower.status == 409)
        #expect(lower.contentType == "application/problem+json")

        // A write made by the CLI is read back through the server (read-your-writes across processes).
        try harness.write("v2.yaml", ContractTexts.orders(version: "1.1.0", extraField: true))
        let cli = try harness.run("publish", "v2.yaml", "--ledger", "ledger.db", "--actor", "cli-user")
        #expect(cli.status == 0, "\(cli.stderr)")
        let versions = try await server.request("GET", "/api/contracts/sales.orders/versions")
        #expect((try versions.object()["versions"] as? [[String: Any]])?.count == 2)

        #expect(try server.terminate() == 0, "\(server.log)")
        let history = try harness.run("history", "sales.orders", "--ledger", "ledger.db", "--store", "readmodels.db")
        #expect(history.stdout.contains("by ana@company.com"), "\(history.stdout)")
        #expect(history.stdout.contains("by cli-user"))
    }
}

extension ServeCommandTests {
    @Test("--no-projector never folds: a read finds the store as other projectors leave it, /readyz reports the lag")
    func readsWhatOtherProjectorsKeep() async throws {
        let harness = try CLIHarness()
        defer { harness.remove() }
        let server = try ServeProcess(harness, ["--ledger", "ledger.db", "--store", "readmodels.db", "--open-writes", "--actor", "ana",
                                                "--no-projector", "--ready-lag", "0"])
        #expect(try await server.request("GET", "/readyz").status == 200, "an empty ledger and store: nothing to fold")
        let published = try await server.request("POST", "/api/contracts", body: ContractTexts.orders(),
                                                  headers: ["Content-Type": "application/yaml"])
        #expect(published.status == 201, "\(published.body)")
        // Recorded, but nobody folded it: the read waits for a projector, then answers from the store as it stands.
        let started = ContinuousClock.now
        #expect(try await server.request("GET", "/api/contracts/sales.orders").status == 404)
        #expect(ContinuousClock.now - started >= .seconds(1), "the read waited for the projectors")
        #expect(try await server.request("GET", "/readyz").status == 503, "one event behind with --ready-lag 0")

        // Another process projects; the server reads what it wrote.
        let projected = try harness.run("project", "--until-caught-up", "--ledger", "ledger.db", "--store", "readmodels.db")
        #expect(projected.status == 0, "\(projected.stderr)")
        let shown = try await server.request("GET", "/api/contracts/sales.orders")
        #expect(shown.status == 200, "\(shown.body)")
        #expect(try await server.request("GET", "/readyz").status == 200)
        #expect(try server.terminate() == 0, "\(server.log)")
    }
}

@Suite("dcl serve with domain tokens (the built binary)")
struct ServeTokenTests {
    static func secret(in output: String) throws -> String {
        guard let range = output.range(of: #"dcl_[0-9a-f]{12}_[0-9a-f]{48}"#, options: .regularExpression) else {
            throw CLIHarness.Failure(message: "no secret in: \(output)")
        }
        return String(output[range])
    }

    @Test("another domain's token gets 403 and the ledger is unchanged; the right one gets 201 and history names it")
    func tokens() async throws {
        let harness = try CLIHarness()
        defer { harness.remove() }
        let marketing = try harness.run("token", "create", "--domain", "marketing", "--name", "marketing-ci", "--ledger", "ledger.db")
        #expect(marketing.status == 0, "\(marketing.stderr)")
        let sales = try harness.run("token", "create", "--domain", "sales", "--name", "sales-ci", "--ledger", "ledger.db")
        let marketingSecret = try Self.secret(in: marketing.stdout)
        let salesSecret = try Self.secret(in: sales.stdout)
        let list = try harness.run("token", "list", "--ledger", "ledger.db")
        #expect(list.stdout.contains("marketing-ci") && !list.stdout.contains(marketingSecret))

        let server = try ServeProcess(harness, ["--ledger", "ledger.db", "--store", "readmodels.db"])
        let before = try harness.run("audit", "verify", "--json", "--ledger", "ledger.db").stdout
        let refused = try await server.request("POST", "/api/contracts", body: ContractTexts.orders(),
                                               headers: ["Authorization": "Bearer \(marketingSecret)"])
        #expect(refused.status == 403)
        #expect(try refused.object()["domain"] as? String == "sales")
        #expect(try harness.run("audit", "verify", "--json", "--ledger", "ledger.db").stdout == before)
        #expect(try await server.request("POST", "/api/contracts", body: ContractTexts.orders()).status == 401)

        let accepted = try await server.request("POST", "/api/contracts", body: ContractTexts.orders(),
                                                headers: ["Authorization": "Bearer \(salesSecret)"])
        #expect(accepted.status == 201, "\(accepted.body)")
        #expect(try server.terminate() == 0)
        let history = try harness.run("history", "sales.orders", "--ledger", "ledger.db", "--store", "readmodels.db")
        #expect(history.stdout.contains("by sales-ci"), "\(history.stdout)")
        // The refusal was logged, naming the token but never its secret.
        #expect(server.log.contains("write refused") && server.log.contains("marketing-ci"))
        #expect(!server.log.contains(marketingSecret) && !server.log.contains(salesSecret))
    }
}
