import Foundation
import Testing

/// `dcl check FILE --json` and `POST /api/contracts/check` are one use case (`PublishDryRun`): for
/// the same documents against the same ledger they answer the same JSON. And a contract published
/// over HTTP keeps the posted bytes, as one published from a file does (`dcl show --original`).
@Suite("The CLI and the API answer with one use case and one shape (the built binary)")
struct PublishCheckParityTests {
    static func object(_ text: String) throws -> NSDictionary {
        guard let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? NSDictionary else {
            throw CLIHarness.Failure(message: "not a JSON object: \(text)")
        }
        return object
    }

    @Test("check --json and POST /api/contracts/check agree on new, compatible, breaking and conflicting documents")
    func sameAnswer() async throws {
        let harness = try CLIHarness()
        defer { harness.remove() }
        try harness.write("v1.yaml", ContractTexts.orders())
        #expect(try harness.run("publish", "v1.yaml", "--ledger", "ledger.db").status == 0)
        let documents: [(name: String, text: String, accepted: Bool)] = [
            ("new.yaml", ContractTexts.orders().replacingOccurrences(of: "sales.orders", with: "sales.returns")
                .replacingOccurrences(of: "dataProduct: orders", with: "dataProduct: returns"), true),
            ("minor.yaml", ContractTexts.orders(version: "1.1.0", extraField: true), true),
            // A required field removed under a minor bump: the bump is too small.
            ("breaking.yaml", ContractTexts.orders(version: "1.1.0", removeAmount: true), false),
            // Other content under the version the ledger holds.
            ("conflict.yaml", ContractTexts.orders(extraField: true), false),
            ("same.yaml", ContractTexts.orders(), true),
        ]
        let server = try ServeProcess(harness, ["--ledger", "ledger.db", "--store", "readmodels.db", "--open-writes"])
        var graded = 0
        for document in documents {
            try harness.write(document.name, document.text)
            let cli = try harness.run("check", document.name, "--json", "--ledger", "ledger.db")
            #expect(cli.status == (document.accepted ? 0 : 1), "\(document.name): \(cli.stdout) \(cli.stderr)")
            let http = try await server.request("POST", "/api/contracts/check", body: document.text,
                                                headers: ["Content-Type": "application/yaml"])
            #expect(http.status == 200, "\(document.name): \(http.body)")
            let fromCLI = try Self.object(cli.stdout)
            let fromHTTP = try Self.object(http.body)
            #expect(fromCLI == fromHTTP, "\(document.name)\n CLI:  \(cli.stdout)\n HTTP: \(http.body)")
            #expect(fromHTTP["accepted"] as? Bool == document.accepted, "\(document.name): \(http.body)")
            let changes = fromHTTP["changes"] as? [[String: Any]] ?? []
            graded += changes.filter { $0["grade"] is String }.count
            #expect(changes.allSatisfy { $0["grade"] is String }, "\(document.name): every change is graded: \(http.body)")
        }
        #expect(graded >= 2, "the compatible and breaking documents have graded changes")
        #expect(try server.terminate() == 0)
    }

    @Test("a contract published over HTTP gives back the posted bytes with show --original")
    func postedBytesKept() async throws {
        let harness = try CLIHarness()
        defer { harness.remove() }
        let server = try ServeProcess(harness, ["--ledger", "ledger.db", "--store", "readmodels.db", "--open-writes"])
        // Comments, a quoted scalar and odd spacing: what only the original bytes keep.
        let posted = "# owned by the sales data team\n" + ContractTexts.orders().replacingOccurrences(of: "name: Orders", with: "name:   'Orders'  # display name")
        let reply = try await server.request("POST", "/api/contracts", body: posted, headers: ["Content-Type": "application/yaml"])
        #expect(reply.status == 201, "\(reply.body)")
        #expect(try server.terminate() == 0)
        let shown = try harness.run("show", "sales.orders", "--original", "--ledger", "ledger.db", "--store", "readmodels.db")
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stdout == posted, "\(shown.stdout)")
    }

    @Test("show --json and GET /api/contracts/{id}, audit verify --json and GET /api/audit/verify answer the same JSON")
    func sameShapes() async throws {
        let harness = try CLIHarness()
        defer { harness.remove() }
        try harness.write("v1.yaml", ContractTexts.orders())
        try harness.write("v2.yaml", ContractTexts.orders(version: "1.1.0", extraField: true))
        #expect(try harness.run("publish", "v1.yaml", "v2.yaml", "--ledger", "ledger.db").status == 0)
        #expect(try harness.run("quality", "record", "sales.orders", "--rule", "unique_order_id", "--passed", "--ledger", "ledger.db").status == 0)
        let server = try ServeProcess(harness, ["--ledger", "ledger.db", "--store", "readmodels.db"])
        let store = ["--store", "cli-readmodels.db"]
        for (arguments, path) in [(["show", "sales.orders", "--json"] + store, "/api/contracts/sales.orders"),
                                  (["show", "sales.orders", "--version", "1.0.0", "--json"] + store, "/api/contracts/sales.orders?version=1.0.0"),
                                  (["audit", "verify", "--json"], "/api/audit/verify")] {
            let cli = try harness.run(arguments + ["--ledger", "ledger.db"])
            #expect(cli.status == 0, "\(arguments): \(cli.stderr)")
            let http = try await server.request("GET", path)
            #expect(http.status == 200, "\(path): \(http.body)")
            #expect(try Self.object(cli.stdout) == Self.object(http.body), "\(arguments)\n CLI:  \(cli.stdout)\n HTTP: \(http.body)")
        }
        #expect(try server.terminate() == 0)
    }
}
