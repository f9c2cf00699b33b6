import DCLApplication
import DCLDomain
import DCLHTTP
import Foundation
import Hummingbird
import Testing

@Suite("HTTP API: contracts")
struct ContractRoutesTests {
    @Test("publish records 201 with the header's actor; repeating is 200 unchanged; history names the actor")
    func publishAndHistory() async throws {
        let fixture = try APIFixture()
        try await fixture.test { client in
            let first = try await client.post("/api/contracts", APIFixture.orders(), headers: ["DCL-Actor": "ana@company.com"])
            #expect(first.status == .created)
            let recorded = try #require(try first.object()["recorded"] as? [[String: Any]])
            #expect(recorded.contains { $0["type"] as? String == "ContractPublished" && $0["actor"] as? String == "ana@company.com" })

            let again = try await client.post("/api/contracts", APIFixture.orders())
            #expect(again.status == .ok)
            #expect(try again.object()["unchanged"] as? [String] == ["sales.orders 1.0.0"])
            #expect(try await fixture.log.endPosition() == Int64(recorded.count))

            let history = try await client.get("/api/contracts/sales.orders/history")
            #expect(history.status == .ok)
            let entries = try #require(try history.json() as? [[String: Any]])
            #expect(entries.contains { $0["type"] as? String == "ContractPublished" && $0["actor"] as? String == "ana@company.com" })
        }
    }

    @Test("a taken version with other content is 409 naming the rule, and records nothing")
    func versionConflict() async throws {
        let fixture = try APIFixture()
        try await fixture.test { client in
            #expect(try await client.post("/api/contracts", APIFixture.orders(version: "1.1.0")).status == .created)
            let end = try await fixture.log.endPosition()
            let changed = try await client.post("/api/contracts", APIFixture.orders(version: "1.1.0", channel: true))
            #expect(changed.status == .conflict)
            #expect(changed.contentType == "application/problem+json")
            let problem = try changed.object()
            #expect(problem["type"] as? String == "urn:dcl:problem:version-conflict")
            #expect(problem["rule"] as? String == "version-exists")
            #expect(problem["status"] as? Int == 409)
            #expect((problem["detail"] as? String)?.contains("already exists with other content") == true)

            let lower = try await client.post("/api/contracts", APIFixture.orders(version: "1.0.5"))
            #expect(lower.status == .conflict)
            #expect(try lower.object()["rule"] as? String == "version-not-increasing")
            #expect(try await fixture.log.endPosition() == end)
        }
    }

    @Test("an invalid document is 422 naming the field and line; a breaking change under a minor bump is 422 with the rule")
    func invalidAndIncompatible() async throws {
        let fixture = try APIFixture()
        try await fixture.test { client in
            let broken = APIFixture.orders().replacingOccurrences(of: "logicalType: number", with: "logicalType: money")
            let invalid = try await client.post("/api/contracts", broken)
            #expect(invalid.status == .unprocessableContent)
            let problem = try invalid.object()
            #expect(problem["type"] as? String == "urn:dcl:problem:invalid-contract")
            #expect((problem["path"] as? String)?.contains("logicalType") == true)
            #expect(problem["file"] as? String == "request body")
            #expect(Int(problem["line"] as? String ?? "") != nil)

            #expect(try await client.post("/api/contracts", APIFixture.orders()).status == .created)
            let breaking = try await client.post("/api/contracts", APIFixture.orders(version: "1.1.0", removeAmount: true))
            #expect(breaking.status == .unprocessableContent)
            #expect(try breaking.object()["rule"] as? String == "incompatible")
            #expect(try await fixture.log.endPosition() > 0)
        }
    }

    @Test("the dry-run check answers as a publish would and writes nothing")
    func dryRunCheck() async throws {
        let fixture = try APIFixture()
        try await fixture.test { client in
            #expect(try await client.post("/api/contracts", APIFixture.orders()).status == .created)
            let end = try await fixture.log.endPosition()
            let breaking = try await client.post("/api/contracts/check", APIFixture.orders(version: "1.1.0", removeAmount: true))
            #expect(breaking.status == .ok)
            let verdict = try breaking.object()
            #expect(verdict["accepted"] as? Bool == false)
            #expect(verdict["rule"] as? String == "incompatible")
            #expect(verdict["previousVersion"] as? String == "1.0.0")
            let fine = try await client.post("/api/contracts/check", APIFixture.orders(version: "1.1.0", channel: true))
            #expect(try fine.object()["accepted"] as? Bool == true)
            #expect(try await fixture.log.endPosition() == end)
        }
    }

    @Test("list searches by text and domain with paging; show gives latest, a version, or the ODCS YAML")
    func listAndShow() async throws {
        let fixture = try APIFixture()
        try await fixture.test { client in
            #expect(try await client.post("/api/contracts", APIFixture.orders()).status == .created)
            #expect(try await client.post("/api/contracts", APIFixture.orders(version: "1.1.0", channel: true)).status == .created)
            #expect(try await client.post("/api/contracts", APIFixture.orders(id: "marketing.campaigns", domain: "marketing",
                                                                               description: "Campaign spend")).status == .created)
            let all = try await client.get("/api/contracts").object()
            #expect(all["total"] as? Int == 2)
            let page = try await client.get("/api/contracts?limit=1&offset=1").object()
            #expect((page["items"] as? [[String: Any]])?.map { $0["contractId"] as? String } == ["sales.orders"])
            #expect(page["total"] as? Int == 2)
            let search = try await client.get("/api/contracts?q=campaign").object()
            #expect((search["items"] as? [[String: Any]])?.map { $0["contractId"] as? String } == ["marketing.campaigns"])
            let byDomain = try await client.get("/api/contracts?domain=sales&status=active").object()
            #expect((byDomain["items"] as? [[String: Any]])?.count == 1)

            let latest = try await client.get("/api/contracts/sales.orders").object()
            #expect((latest["contract"] as? [String: Any])?["version"] as? String == "1.1.0")
            #expect(latest["versions"] as? [String] == ["1.0.0", "1.1.0"])
            let old = try await client.get("/api/contracts/sales.orders?version=1.0.0").object()
            #expect((old["contract"] as? [String: Any])?["version"] as? String == "1.0.0")
            let yaml = try await client.get("/api/contracts/sales.orders?version=1.0.0", headers: ["Accept": "application/yaml"])
            #expect(yaml.contentType == "application/yaml")
            #expect(yaml.text.contains("version: 1.0.0"))
            #expect(!yaml.text.contains("channel"))

            let missing = try await client.get("/api/contracts/sales.nothing")
            #expect(missing.status == .notFound)
            #expect(try missing.object()["type"] as? String == "urn:dcl:problem:not-found")
            let noVersion = try await client.get("/api/contracts/sales.orders?version=9.0.0")
            #expect(noVersion.status == .notFound)
            #expect((try noVersion.object()["detail"] as? String)?.contains("versions: 1.0.0, 1.1.0") == true)
        }
    }

    @Test("versions carry their decisions; diff names the added field; asOf answers as the ledger stood")
    func versionsDiffAndAsOf() async throws {
        let fixture = try APIFixture()
        try await fixture.test { client in
            #expect(try await client.post("/api/contracts", APIFixture.orders()).status == .created)
            try await Task.sleep(for: .milliseconds(20))
            let between = LedgerService.systemNow()
            try await Task.sleep(for: .milliseconds(20))
            #expect(try await client.post("/api/contracts", APIFixture.orders(version: "1.1.0", channel: true)).status == .created)

            let versions = try await client.get("/api/contracts/sales.orders/versions").object()
            let list = try #require(versions["versions"] as? [[String: Any]])
            #expect(list.map { $0["version"] as? String } == ["1.0.0", "1.1.0"])
            #expect((versions["latestPerMajor"] as? [String: String])?["1"] == "1.1.0")

            let diff = try await client.get("/api/contracts/sales.orders/diff?from=1.0.0&to=1.1.0").object()
            let changes = try #require(diff["changes"] as? [[String: Any]])
            #expect(changes.contains { ($0["path"] as? String)?.contains("channel") == true })

            let then = try await client.get("/api/contracts/sales.orders?asOf=\(between.iso8601)").object()
            #expect((then["contract"] as? [String: Any])?["version"] as? String == "1.0.0")
            let thenVersions = try await client.get("/api/contracts/sales.orders/versions?asOf=\(between.iso8601)").object()
            #expect((thenVersions["versions"] as? [[String: Any]])?.count == 1)
            let badTime = try await client.get("/api/contracts?asOf=yesterday")
            #expect(badTime.status == .badRequest)
            #expect(try badTime.object()["parameter"] as? String == "asOf")
            let missingFrom = try await client.get("/api/contracts/sales.orders/diff")
            #expect(missingFrom.status == .badRequest)
        }
    }
}
