import DCLApplication
import DCLHTTP
import Foundation
import Testing

@Suite("HTTP API: metrics and request ids")
struct MetricsTests {
    @Test("/metrics counts requests per route and status, events appended by type, and the projectors' lag")
    func prometheusText() async throws {
        let fixture = try APIFixture()
        try await fixture.test { client in
            #expect(try await client.post("/api/contracts", APIFixture.orders()).status == .created)
            #expect(try await client.get("/api/contracts/sales.orders").status == .ok)
            #expect(try await client.get("/api/contracts/sales.nothing").status == .notFound)
            let scrape = try await client.get("/metrics")
            #expect(scrape.status == .ok)
            #expect(scrape.contentType?.hasPrefix("text/plain") == true)
            let text = scrape.text
            #expect(text.contains(#"dcl_events_appended_total{type="ContractPublished"} 1"#), "\(text)")
            #expect(text.contains(#"dcl_events_appended_total{type="DomainRegistered"} 1"#))
            // One series per route pattern: both contract reads land on the same route, split by status.
            let countLines = text.split(separator: "\n").filter { $0.hasPrefix("dcl_http_request_duration_seconds_count") }
            #expect(countLines.contains { $0.contains(#"method="POST""#) && $0.contains(#"status="201""#) && $0.hasSuffix(" 1") })
            #expect(countLines.contains { $0.contains(#"status="404""#) && $0.contains("{id}") && !$0.contains("nothing") }, "\(countLines)")
            #expect(text.contains(#"dcl_projector_lag_events{projector="catalog"} 0"#))
        }
    }

    @Test("every response carries a request id; a sane one from the client is kept")
    func requestIDs() async throws {
        let fixture = try APIFixture()
        try await fixture.test { client in
            let fresh = try await client.execute("GET", "/healthz")
            #expect(fresh.requestID?.count == 36)
            let given = try await client.execute("GET", "/healthz", headers: ["X-Request-Id": "trace-42"])
            #expect(given.requestID == "trace-42")
            let hostile = try await client.execute("GET", "/healthz", headers: ["X-Request-Id": "a b\"c"])
            #expect(hostile.requestID != "a b\"c")
        }
    }
}
