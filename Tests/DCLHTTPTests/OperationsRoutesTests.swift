import DCLApplication
import DCLDomain
import DCLEventLog
import DCLHTTP
import Foundation
import Hummingbird
import Testing

@Suite("HTTP API: lifecycle, quality, operations, problems")
struct OperationsRoutesTests {
    @Test("deprecate, transfer and retire go through the ledger's rules")
    func lifecycle() async throws {
        let fixture = try APIFixture()
        try await fixture.test { client in
            #expect(try await client.post("/api/contracts", APIFixture.orders()).status == .created)
            let early = try await client.post("/api/contracts/sales.orders/retire", "{}")
            #expect(early.status == .unprocessableContent)
            #expect(try early.object()["rule"] as? String == "invalid-status")

            let badOwner = try await client.post("/api/contracts/sales.orders/transfer", #"{"owner": "nobody"}"#)
            #expect(badOwner.status == .badRequest)
            #expect(try badOwner.object()["type"] as? String == "urn:dcl:problem:invalid-body")
            #expect(try await client.post("/api/contracts/sales.orders/transfer", #"{"owner": "finance@company.com"}"#).status == .created)

            let missingReason = try await client.post("/api/contracts/sales.orders/deprecate", "{}")
            #expect(missingReason.status == .badRequest)
            #expect((try missingReason.object()["detail"] as? String)?.contains("reason") == true)
            #expect(try await client.post("/api/contracts/sales.orders/deprecate", #"{"reason": "use v2"}"#).status == .created)
            let shown = try await client.get("/api/contracts/sales.orders").object()
            #expect(shown["status"] as? String == "deprecated")
            #expect(shown["owner"] as? String == "finance@company.com")
            #expect(try await client.post("/api/contracts/sales.orders/retire", #"{"reason": "gone"}"#).status == .created)
            #expect(try await client.get("/api/contracts/sales.orders").object()["status"] as? String == "retired")

            let unknown = try await client.post("/api/contracts/sales.none/deprecate", #"{"reason": "x"}"#)
            #expect(unknown.status == .notFound)
            #expect(try unknown.object()["rule"] as? String == "unknown-contract")
        }
    }

    @Test("quality results, one and a batch, reach the dashboard; an undeclared rule is 422")
    func quality() async throws {
        let fixture = try APIFixture()
        try await fixture.test { client in
            #expect(try await client.post("/api/contracts", APIFixture.orders()).status == .created)
            let one = try await client.post("/api/contracts/sales.orders/quality",
                                            #"{"rule": "unique_order_id", "passed": true, "value": 0, "observedAt": "2026-11-30T06:00:00Z"}"#)
            #expect(one.status == .created)
            let batch = try await client.post("/api/quality", """
                {"results": [{"contractId": "sales.orders", "rule": "unique_order_id", "passed": false, "value": "3"},
                             {"contractId": "sales.orders", "rule": "unique_order_id", "passed": true}]}
                """)
            #expect(batch.status == .created)
            #expect((try batch.object()["recorded"] as? [Any])?.count == 2)
            let unknown = try await client.post("/api/contracts/sales.orders/quality", #"{"rule": "nope", "passed": true}"#)
            #expect(unknown.status == .unprocessableContent)
            #expect(try unknown.object()["rule"] as? String == "unknown-rule")
            let badBatch = try await client.post("/api/quality", #"{"results": [{"rule": "x", "passed": true}]}"#)
            #expect(badBatch.status == .badRequest)
            #expect((try badBatch.object()["detail"] as? String)?.hasPrefix("results[0].contractId") == true)
            // A value beyond a double's range is refused, not recorded as infinity.
            let huge = try await client.post("/api/contracts/sales.orders/quality", #"{"rule": "unique_order_id", "passed": true, "value": "1e999"}"#)
            #expect(huge.status == .badRequest)
            #expect((try huge.object()["detail"] as? String)?.contains("'1e999' is out of range") == true, "\(huge.text)")
            let hugeNumber = try await client.post("/api/contracts/sales.orders/quality",
                                                   #"{"rule": "unique_order_id", "passed": true, "value": 1e999}"#)
            #expect(hugeNumber.status == .badRequest, "\(hugeNumber.text)")

            let rows = try #require(try await client.get("/api/dashboard/quality?domain=sales").json() as? [[String: Any]])
            #expect(rows.count == 1)
            #expect(rows.first?["totalChecks"] as? Int == 3)
            #expect(rows.first?["passedChecks"] as? Int == 2)
            #expect(try await client.get("/api/dashboard/quality?domain=sales").totalCount == nil, "the whole dashboard is not a page")
            let page = try await client.get("/api/dashboard/quality?domain=sales&limit=1")
            #expect(page.totalCount == "1")
            #expect((try page.json() as? [[String: Any]])?.map { $0["totalChecks"] as? Int } == [3])
            let beyond = try await client.get("/api/dashboard/quality?offset=1")
            let beyondRows = try beyond.json() as? [Any]
            #expect(beyond.totalCount == "1" && beyondRows?.isEmpty == true)
            let zero = try await client.get("/api/dashboard/quality?limit=0")
            let zeroDetail = try zero.object()["detail"] as? String
            #expect(zero.status == .badRequest && zeroDetail?.contains("limit") == true, "\(zero.text)")
        }
    }

    @Test("a quality result observed beyond the clock skew is 400 and records nothing; the server's skew is configurable")
    func futureObservations() async throws {
        let fixture = try APIFixture()
        // Ten minutes ahead of the moment the request is made (not of the test's start: on a loaded
        // machine minutes can pass before the request), 300 s beyond either skew's edge.
        @Sendable func tenMinutesAhead() -> String { ISO8601DateFormatter().string(from: Date().addingTimeInterval(600)) }
        try await fixture.test { client in
            let published = try await client.post("/api/contracts", APIFixture.orders())
            #expect(published.status == .created)
        }
        let afterPublish = try await fixture.log.readAll().count
        try await fixture.test { client in
            let ahead = try await client.post("/api/contracts/sales.orders/quality", #"{"rule": "unique_order_id", "passed": true, "observedAt": "\#(tenMinutesAhead())"}"#)
            #expect(ahead.status == .badRequest, "\(ahead.text)")
            #expect((try ahead.object()["detail"] as? String)?.contains("in the future") == true, "\(ahead.text)")
            let farAhead = try await client.post("/api/quality", """
                {"results": [{"contractId": "sales.orders", "rule": "unique_order_id", "passed": true},
                             {"contractId": "sales.orders", "rule": "unique_order_id", "passed": true, "observedAt": "2999-01-01T00:00:00Z"}]}
                """)
            #expect(farAhead.status == .badRequest, "a batch is refused whole: \(farAhead.text)")
        }
        #expect(try await fixture.log.readAll().count == afterPublish, "nothing is recorded")
        // `dcl serve --max-clock-skew 900`: the same result is accepted, and carries the skew it was allowed.
        var generous = LedgerService(log: fixture.log)
        generous.maxClockSkew = TimeSpan(seconds: 900)
        let ports = LedgerPorts(commands: generous, reads: ProjectedReadSide(log: fixture.log, store: fixture.store),
                                defaultActor: "api-test", access: .open)
        try await fixture.test(ports: ports) { client in
            let allowed = try await client.post("/api/contracts/sales.orders/quality", #"{"rule": "unique_order_id", "passed": true, "observedAt": "\#(tenMinutesAhead())"}"#)
            #expect(allowed.status == .created, "\(allowed.text)")
        }
        let recorded = try await fixture.log.readAll().last
        #expect(recorded?.envelope.type == "QualityCheckRecorded")
        #expect(recorded.map { String(decoding: $0.envelope.canonicalBytes, as: UTF8.self).contains("\"maxClockSkewSeconds\":900") } == true)
    }

    @Test("compatibility configuration is recorded and decides the next publish")
    func compatibilityConfiguration() async throws {
        let fixture = try APIFixture()
        try await fixture.test { client in
            #expect(try await client.post("/api/contracts", APIFixture.orders()).status == .created)
            let bad = try await client.put("/api/config/compatibility", #"{"mode": "SIDEWAYS"}"#)
            #expect(bad.status == .badRequest)
            let set = try await client.put("/api/config/compatibility", #"{"mode": "NONE", "contract": "sales.orders"}"#)
            #expect(set.status == .created)
            // Under NONE a removed field needs no major bump.
            let check = try await client.post("/api/contracts/check", APIFixture.orders(version: "1.1.0", removeAmount: true)).object()
            #expect(check["mode"] as? String == "NONE")
            #expect(check["accepted"] as? Bool == true)
        }
    }

    @Test("health, readiness, projections status and audit answer; unknown routes and bad parameters are problems")
    func operations() async throws {
        let fixture = try APIFixture()
        try await fixture.test { client in
            #expect(try await client.get("/healthz").status == .ok)
            #expect(try await client.post("/api/contracts", APIFixture.orders()).status == .created)
            // No projector runs here: a read catches the read models up.
            #expect(try await client.get("/api/contracts").status == .ok)
            let ready = try await client.get("/readyz")
            #expect(ready.status == .ok)
            #expect(try ready.object()["lag"] as? Int == 0)
            let status = try #require(try await client.get("/api/projections/status").json() as? [[String: Any]])
            #expect(status.count == 4)
            #expect(status.allSatisfy { $0["lag"] as? Int == 0 })
            let audit = try await client.get("/api/audit/verify").object()
            #expect(audit["intact"] as? Bool == true)
            #expect((audit["eventsChecked"] as? Int ?? 0) > 0)

            let nowhere = try await client.get("/api/nowhere")
            #expect(nowhere.status == .notFound)
            #expect(nowhere.contentType == "application/problem+json")
            let badLimit = try await client.get("/api/contracts?limit=0")
            #expect(badLimit.status == .badRequest)
            let problem = try badLimit.object()
            #expect(problem["type"] as? String == "urn:dcl:problem:invalid-parameter")
            #expect(problem["parameter"] as? String == "limit")
        }
    }

    @Test("readiness is 503 while the read models lag beyond the bound")
    func notReady() async throws {
        let fixture = try APIFixture()
        // Written straight through the command port, so the read models have not caught up.
        _ = try await fixture.ports.commands.execute([.registerDomain(DomainRegistered(domain: DomainName("sales")!, ownerTeam: "t",
                                                                                      description: nil, slaHours: 4,
                                                                                      qualityThreshold: NumericLiteral("0.99")!))],
                                                     actor: "t")
        var strict = fixture.ports
        strict.readinessMaxLag = 0
        try await fixture.test(ports: strict) { client in
            let ready = try await client.get("/readyz")
            #expect(ready.status == .serviceUnavailable)
            #expect(try ready.object()["lag"] as? Int == 1)
        }
    }
}
