import DCLApplication
import DCLDomain
import DCLHTTP
import Foundation
import Hummingbird
import Testing

/// The web dashboard's pages over a live server: what they show as of a time, how they answer
/// bad input, and that text from requests and contracts comes back escaped. (The pages in a real
/// browser: Tests/DCLCLITests/DashboardBrowserTests.swift.)
@Suite("HTTP dashboard pages")
struct DashboardRoutesTests {
    static func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    @Test("a contract page as of a time shows the version then, and its links keep the time")
    func contractAsOf() async throws {
        let fixture = try APIFixture()
        try await fixture.test { client in
            #expect(try await client.post("/api/contracts", APIFixture.orders()).status == .created)
            try await Task.sleep(for: .milliseconds(20))
            let between = Timestamp(millisecondsSinceEpoch: Int64(Date().timeIntervalSince1970 * 1000)).iso8601
            try await Task.sleep(for: .milliseconds(20))
            #expect(try await client.post("/api/contracts", APIFixture.orders(version: "1.1.0", channel: true)).status == .created)
            for index in 0..<3 {
                let result = #"{"rule": "unique_order_id", "passed": \#(index != 1), "value": \#(index)}"#
                #expect(try await client.post("/api/contracts/sales.orders/quality", result).status == .created)
            }

            let now = try await client.get("/ui/contracts/sales.orders")
            #expect(now.status == .ok)
            #expect(now.contentType == "text/html; charset=utf-8")
            #expect(now.text.contains(#"<strong id="shown-version">1.1.0</strong>"#))
            #expect(now.text.contains("Changes from 1.0.0 to 1.1.0: 1"))
            #expect(Self.count("<circle ", in: now.text) == 3)
            #expect(Self.count(#"<circle class="fail""#, in: now.text) == 1)

            let then = try await client.get("/ui/contracts/sales.orders?asOf=\(between)")
            #expect(then.status == .ok)
            #expect(then.text.contains(#"<strong id="shown-version">1.0.0</strong>"#))
            #expect(then.text.contains("One version only"))
            #expect(then.text.contains("No quality results recorded."))
            #expect(then.text.contains("The ledger as it stood at \(between)"))
            #expect(then.text.contains(#"href="/ui/quality?asOf=\#(between)""#), "navigation keeps the time")
        }
    }

    @Test("bad input is an HTML page with the problem's status; request text is escaped")
    func errorsAndEscaping() async throws {
        let fixture = try APIFixture()
        try await fixture.test { client in
            #expect(try await client.post("/api/contracts", APIFixture.orders()).status == .created)
            let badTime = try await client.get("/ui?asOf=yesterday")
            #expect(badTime.status == .badRequest)
            #expect(badTime.contentType == "text/html; charset=utf-8")
            #expect(badTime.text.contains("asOf: &#39;yesterday&#39; is not an ISO 8601 time"), "\(badTime.text)")

            let missing = try await client.get("/ui/contracts/sales.orders?version=9.9.9")
            #expect(missing.status == .notFound)
            #expect(missing.text.contains("has no version 9.9.9; versions: 1.0.0"))

            // Markup in a query parameter is echoed into the form, escaped.
            let hostile = try await client.get("/ui?q=%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E&tag=%3Cb%3E")
            #expect(hostile.status == .ok)
            #expect(!hostile.text.contains("<script"))
            #expect(!hostile.text.contains("<b>"))
            #expect(hostile.text.contains(#"value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;""#))
            #expect(hostile.text.contains(#"id="count">0 product(s)"#))

            let root = try await client.get("/")
            #expect(root.status == .ok, "the redirect to /ui is followed")
            #expect(root.text.contains(#"data-contract="sales.orders""#))
        }
    }
}
