import DCLApplication
import DCLDomain
import DCLHTTP
import DCLSQLite
import Foundation
import Hummingbird
import Testing

/// Kept answers never hide a write: the server's own, or another process's on the same ledger.
@Suite("HTTP API: kept answers")
struct ResponseCacheTests {
    @Test("a kept contract and catalog page are answered again until the ledger moves, then rendered anew")
    func keptUntilTheLedgerMoves() async throws {
        let fixture = try APIFixture()
        try await fixture.test { client in
            #expect(try await client.post("/api/contracts", APIFixture.orders()).status == .created)
            let first = try await client.get("/api/contracts/sales.orders")
            #expect(first.status == .ok)
            let again = try await client.get("/api/contracts/sales.orders")
            #expect(again.text == first.text && again.contentType == "application/json")
            let search = try await client.get("/api/contracts?q=order&limit=5")
            #expect(fixture.ports.responses.count == 2, "one contract and one catalog page are kept")

            // A write through the API moves the log: the next reads are rendered from the new state.
            #expect(try await client.post("/api/contracts", APIFixture.orders(version: "1.1.0", channel: true)).status == .created)
            let after = try await client.get("/api/contracts/sales.orders").object()
            #expect((after["contract"] as? [String: Any])?["version"] as? String == "1.1.0")
            let searchAfter = try await client.get("/api/contracts?q=order&limit=5")
            #expect(searchAfter.text != search.text)
            #expect((try searchAfter.object()["items"] as? [[String: Any]])?.first?["version"] as? String == "1.1.0")

            // Another writer on the same ledger file (as `dcl publish` in another process would be).
            let other = LedgerService(log: try SQLiteEventLog(path: fixture.folder.appendingPathComponent("ledger.db").path))
            try await other.execute([.deprecateContract(ContractID("sales.orders")!, reason: "replaced")], actor: "cli")
            let deprecated = try await client.get("/api/contracts/sales.orders").object()
            #expect(deprecated["status"] as? String == "deprecated")
            let listed = try await client.get("/api/contracts?q=order&limit=5").object()
            #expect((listed["items"] as? [[String: Any]])?.first?["status"] as? String == "deprecated")

            // Errors are not kept; a read asOf a time is not kept either, and answers as the ledger stood.
            #expect(try await client.get("/api/contracts/sales.orders?version=9.9.9").status == .notFound)
            let kept = fixture.ports.responses.count
            let later = try await client.get("/api/contracts/sales.orders?asOf=2999-01-01T00:00:00Z")
            #expect(later.status == .ok)
            #expect(try later.object()["status"] as? String == "deprecated")
            #expect(fixture.ports.responses.count == kept)
        }
    }

    @Test("the YAML and JSON of one contract, and each version, are kept apart")
    func keptPerRepresentation() async throws {
        let fixture = try APIFixture()
        try await fixture.test { client in
            #expect(try await client.post("/api/contracts", APIFixture.orders()).status == .created)
            #expect(try await client.post("/api/contracts", APIFixture.orders(version: "1.1.0", channel: true)).status == .created)
            for _ in 0..<2 {
                let json = try await client.get("/api/contracts/sales.orders?version=1.0.0")
                #expect(json.contentType == "application/json")
                #expect((try json.object()["contract"] as? [String: Any])?["version"] as? String == "1.0.0")
                let yaml = try await client.get("/api/contracts/sales.orders", headers: ["Accept": "application/yaml"])
                #expect(yaml.contentType == "application/yaml")
                #expect(yaml.text.contains("version: 1.1.0"))
                let latest = try await client.get("/api/contracts/sales.orders")
                #expect((try latest.object()["contract"] as? [String: Any])?["version"] as? String == "1.1.0")
            }
        }
    }
}
