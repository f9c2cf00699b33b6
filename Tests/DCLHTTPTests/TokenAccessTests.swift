import DCLApplication
import DCLDomain
import DCLHTTP
import Foundation
import Testing

@Suite("HTTP API: domain tokens")
struct TokenAccessTests {
    /// Issues a token through the command port, as `dcl token create` does; returns its secret.
    static func issue(_ fixture: APIFixture, name: String, domains: [String], admin: Bool = false) async throws -> String {
        let (secret, issued) = APITokenSecret.issue(name: name, domains: domains, admin: admin)
        _ = try await fixture.ports.commands.execute([.issueToken(issued)], actor: "admin-cli")
        return secret
    }

    static func bearer(_ secret: String) -> [String: String] { ["Authorization": "Bearer \(secret)"] }

    @Test("a publish with another domain's token is 403 and records nothing; the right token is 201 and history names it")
    func domainScopedPublish() async throws {
        let fixture = try APIFixture()
        let marketing = try await Self.issue(fixture, name: "marketing-ci", domains: ["marketing"])
        let sales = try await Self.issue(fixture, name: "sales-ci", domains: ["sales"])
        var guarded = fixture.ports
        guarded.access = AccessPolicy()
        try await fixture.test(ports: guarded) { client in
            let end = try await fixture.log.endPosition()
            let none = try await client.post("/api/contracts", APIFixture.orders())
            #expect(none.status == .unauthorized)
            #expect(try none.object()["type"] as? String == "urn:dcl:problem:unauthorized")
            let wrong = try await client.post("/api/contracts", APIFixture.orders(), headers: Self.bearer(marketing))
            #expect(wrong.status == .forbidden)
            let problem = try wrong.object()
            #expect(problem["type"] as? String == "urn:dcl:problem:forbidden")
            #expect(problem["domain"] as? String == "sales")
            #expect(problem["token"] as? String == "marketing-ci")
            #expect(!wrong.text.contains(marketing), "a secret never comes back")
            #expect(try await fixture.log.endPosition() == end)

            let right = try await client.post("/api/contracts", APIFixture.orders(),
                                              headers: Self.bearer(sales).merging(["DCL-Actor": "someone-else"]) { $1 })
            #expect(right.status == .created)
            let history = try #require(try await client.get("/api/contracts/sales.orders/history").json() as? [[String: Any]])
            #expect(history.first { $0["type"] as? String == "ContractPublished" }?["actor"] as? String == "sales-ci")

            // Lifecycle and quality writes are judged by the contract's domain too.
            #expect(try await client.post("/api/contracts/sales.orders/deprecate", #"{"reason": "x"}"#, headers: Self.bearer(marketing)).status == .forbidden)
            #expect(try await client.post("/api/contracts/sales.orders/deprecate", #"{"reason": "x"}"#, headers: Self.bearer(sales)).status == .created)
        }
    }

    @Test("unknown, malformed and revoked tokens are 401; mesh-wide settings need an admin token")
    func revokedAndAdmin() async throws {
        let fixture = try APIFixture()
        let sales = try await Self.issue(fixture, name: "sales-ci", domains: ["sales"])
        let admin = try await Self.issue(fixture, name: "platform", domains: [], admin: true)
        var guarded = fixture.ports
        guarded.access = AccessPolicy()
        try await fixture.test(ports: guarded) { client in
            let global = #"{"mode": "FULL"}"#
            #expect(try await client.execute("PUT", "/api/config/compatibility", body: global, headers: Self.bearer(sales)).status == .forbidden)
            let byAdmin = try await client.execute("PUT", "/api/config/compatibility", body: global, headers: Self.bearer(admin))
            #expect(byAdmin.status == .created)
            #expect((try byAdmin.object()["recorded"] as? [[String: Any]])?.first?["actor"] as? String == "platform")

            #expect(try await client.post("/api/contracts", APIFixture.orders(), headers: ["Authorization": "Bearer nonsense"]).status == .unauthorized)
            let forged = "dcl_" + String(APITokenSecret.tokenId(of: sales)!) + "_" + String(repeating: "0", count: 48)
            #expect(try await client.post("/api/contracts", APIFixture.orders(), headers: Self.bearer(forged)).status == .unauthorized)

            let id = try #require(APITokenSecret.tokenId(of: sales))
            _ = try await fixture.ports.commands.execute([.revokeToken(id: id, reason: "rotated")], actor: "admin-cli")
            #expect(try await client.post("/api/contracts", APIFixture.orders(), headers: Self.bearer(sales)).status == .unauthorized)
        }
    }

    @Test("with readsNeedToken, reads need a valid token but the probes do not")
    func readsNeedToken() async throws {
        let fixture = try APIFixture()
        let sales = try await Self.issue(fixture, name: "sales-ci", domains: ["sales"])
        var guarded = fixture.ports
        guarded.access = AccessPolicy(readsNeedToken: true)
        try await fixture.test(ports: guarded) { client in
            let denied = try await client.get("/api/contracts")
            #expect(denied.status == .unauthorized)
            #expect(try await client.get("/subjects").status == .unauthorized)
            #expect(try await client.get("/api/contracts", headers: Self.bearer(sales)).status == .ok)
            #expect(try await client.get("/healthz").status == .ok)
            #expect(try await client.get("/readyz").status == .ok)
        }
    }
}
