import Foundation
import Testing

/// `dcl serve` keeps rendered answers while the ledger file has not changed (`ResponseCache`, told by
/// `PRAGMA data_version` on a connection of its own, `SQLiteLogEndWatch`). A write by another process
/// must show in the very next read, however many times the answer was served before.
@Suite("dcl serve: kept answers and writes by other processes (the built binary)")
struct ServeKeptAnswerTests {
    @Test("reads served again and again show a CLI publish and deprecation made in another process right after them")
    func anotherProcessWrites() async throws {
        let harness = try CLIHarness()
        defer { harness.remove() }
        try harness.write("v1.yaml", ContractTexts.orders())
        #expect(try harness.run("publish", "v1.yaml", "--ledger", "ledger.db").status == 0)
        let server = try ServeProcess(harness, ["--ledger", "ledger.db", "--store", "readmodels.db", "--log-level", "debug"])

        for _ in 0..<5 {
            let shown = try await server.request("GET", "/api/contracts/sales.orders")
            #expect((try shown.object()["contract"] as? [String: Any])?["version"] as? String == "1.0.0")
            let found = try await server.request("GET", "/api/contracts?q=orders")
            #expect((try found.object()["items"] as? [[String: Any]])?.first?["version"] as? String == "1.0.0")
        }

        try harness.write("v2.yaml", ContractTexts.orders(version: "1.1.0", extraField: true))
        let published = try harness.run("publish", "v2.yaml", "--ledger", "ledger.db", "--actor", "cli-user")
        #expect(published.status == 0, "\(published.stderr)")
        let shown = try await server.request("GET", "/api/contracts/sales.orders")
        #expect((try shown.object()["contract"] as? [String: Any])?["version"] as? String == "1.1.0")
        let found = try await server.request("GET", "/api/contracts?q=orders")
        #expect((try found.object()["items"] as? [[String: Any]])?.first?["version"] as? String == "1.1.0")

        let deprecated = try harness.run("deprecate", "sales.orders", "--reason", "replaced", "--ledger", "ledger.db")
        #expect(deprecated.status == 0, "\(deprecated.stderr)")
        #expect(try await server.request("GET", "/api/contracts/sales.orders").object()["status"] as? String == "deprecated")
        let listed = try await server.request("GET", "/api/contracts?q=orders").object()
        #expect((listed["items"] as? [[String: Any]])?.first?["status"] as? String == "deprecated")

        // Every log line of a request carries its id (here the client's), from the logger's metadata provider.
        _ = try await server.request("GET", "/api/contracts/sales.orders", headers: ["X-Request-Id": "trace-kept-77"])
        #expect(try server.terminate() == 0, "\(server.log)")
        let line = server.log.split(separator: "\n").first { $0.contains("trace-kept-77") }
        #expect(line?.contains("request_id=trace-kept-77") == true, "\(server.log)")
        #expect(line?.contains("route=/api/contracts/{id}") == true, "\(line ?? "")")
    }
}
