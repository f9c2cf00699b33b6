import Foundation
import Testing

/// The web dashboard in a real headless browser: Debian's Chromium driven by PyPI's selenium
/// (scripts/browser-check), against the built `dcl serve` on loopback with `dcl demo`'s mesh and a
/// contract full of markup. The script clicks through the pages and reports what it saw; this test
/// judges it. Screenshots go to `$DCL_DASHBOARD_SCREENSHOTS` when set (docs/ keeps a set).
@Suite("Web dashboard in headless Chromium", .serialized)
struct DashboardBrowserTests {
    static let tools = HTTPConformanceTests.root.appendingPathComponent("scripts/browser-check")

    /// Readies Chromium, chromedriver and selenium; the venv's python.
    static func python() throws -> String {
        let setup = try HTTPConformanceTests.run("/bin/bash", [tools.appendingPathComponent("setup.sh").path], in: tools)
        guard setup.status == 0 else { throw CLIHarness.Failure(message: "scripts/browser-check/setup.sh failed: \(setup.output)") }
        return tools.appendingPathComponent(".venv-browser/bin/python").path
    }

    /// A contract whose every text is markup: the pages must show it as text and run none of it.
    static let hostile = """
    apiVersion: v3.1.0
    kind: DataContract
    id: sales.hostile
    name: '<script>document.title="pwned"</script><img src=x onerror=alert(1)>'
    version: 1.0.0
    status: active
    domain: sales
    dataProduct: hostile
    description:
      purpose: '</td></tr></table><script>alert(2)</script>'
    tags: ['"><script>alert(4)</script>']
    team:
      members:
        - username: sales-de@company.com
          role: owner
    schema:
      - name: orders
        properties:
          - name: order_id
            logicalType: string
            required: true
            description: '<b onmouseover=alert(3)>bold</b> & "quoted"'

    """

    @Test("pages load, search and filters narrow the catalog, asOf travels, a diff renders, the chart is drawn, markup stays text, no console errors")
    func dashboardInHeadlessChromium() async throws {
        let python = try Self.python()
        let harness = try CLIHarness()
        defer { harness.remove() }
        let demo = try harness.run("demo", "--ledger", "ledger.db")
        #expect(demo.status == 0, "\(demo.stderr)")
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let beforeHostile = formatter.string(from: Date())
        try await Task.sleep(for: .milliseconds(50))
        try harness.write("hostile.yaml", Self.hostile)
        let published = try harness.run("publish", "hostile.yaml", "--ledger", "ledger.db")
        #expect(published.status == 0, "\(published.stderr)")
        // A quality run over a CSV file with a repeated order id and a missing e-mail: a run with failed checks.
        try harness.write("crm.csv", """
            order_id,customer_email,amount,ordered_at
            a1,ann@example.com,10.50,2026-12-01T08:00:00Z
            a1,,12.00,2026-12-01T09:00:00Z
            a3,cy@example.com,7,2026-12-01T10:00:00Z

            """)
        let qualityRun = try harness.run("quality", "run", "sales.crm_orders", "--source", "crm.csv", "--json", "--ledger", "ledger.db")
        #expect(qualityRun.status == 1, "\(qualityRun.stderr)")
        let runReport = try QualityRunTests.json(qualityRun)
        let runId = try #require(runReport["runId"] as? String)
        let failedRules = QualityRunTests.results(runReport).filter { !$0.value.1 }.map(\.key)
        #expect(failedRules.count >= 2, "\(failedRules)")

        // What the audit page must count: the CLI's own verdict on the same ledger.
        let verified = try harness.run("audit", "verify", "--ledger", "ledger.db", "--json")
        #expect(verified.status == 0, "\(verified.stderr)")
        let audit = try #require(try JSONSerialization.jsonObject(with: Data(verified.stdout.utf8)) as? [String: Any])
        let eventsChecked = try #require(audit["eventsChecked"] as? Int)
        #expect(eventsChecked > 10)

        let server = try ServeProcess(harness, ["--ledger", "ledger.db", "--store", "readmodels.db"])
        let shots = harness.folder.appendingPathComponent("shots")
        try FileManager.default.createDirectory(at: shots, withIntermediateDirectories: true)
        let run = try HTTPConformanceTests.run(python, [Self.tools.appendingPathComponent("dashboard.py").path,
                                                        "http://127.0.0.1:\(server.port)", shots.path, beforeHostile],
                                               in: harness.folder)
        #expect(run.status == 0, "\(run.output)")
        let line = try #require(run.output.split(separator: "\n").last { $0.hasPrefix("{") }, "\(run.output)")
        let facts = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])

        // The catalog, a search and a filter.
        #expect(facts["catalog"] as? [String] == ["marketing.campaign_performance", "sales.crm_orders", "sales.hostile", "sales.revenue_metrics"])
        #expect(facts["search"] as? [String] == ["sales.revenue_metrics"])
        #expect((facts["searchCount"] as? String)?.hasPrefix("1 product") == true, "\(facts["searchCount"] ?? "")")
        #expect(facts["filter"] as? [String] == ["marketing.campaign_performance"])
        // The "as of" form: the catalog before the hostile contract, and links that keep the time.
        #expect(facts["asOf"] as? [String] == ["marketing.campaign_performance", "sales.crm_orders", "sales.revenue_metrics"])
        #expect((facts["asOfBanner"] as? String)?.contains(beforeHostile) == true, "\(facts["asOfBanner"] ?? "")")
        #expect((facts["asOfLink"] as? String)?.contains("asOf=") == true, "\(facts["asOfLink"] ?? "")")

        // The contract page: versions, schema, the diff chosen in the form, the chart, the timeline.
        #expect((facts["contractHeading"] as? String)?.contains("sales.revenue_metrics") == true)
        #expect(facts["versions"] as? [String] == ["1.0.0", "1.1.0"])
        #expect((facts["schemaFields"] as? [String])?.contains("channel") == true, "\(facts["schemaFields"] ?? "")")
        #expect((facts["diffHeading"] as? String)?.contains("from 1.0.0 to 1.1.0") == true, "\(facts["diffHeading"] ?? "")")
        let diff = try #require(facts["diffRows"] as? [[String]])
        #expect(diff.count == 1 && diff.first?.prefix(2) == ["fieldAdded", "revenue_metrics.channel"], "\(diff)")
        let chart = try #require(facts["chart"] as? [String: Any])
        #expect(chart["displayed"] as? Bool == true)
        #expect((chart["width"] as? Int ?? 0) > 100 && (chart["height"] as? Int ?? 0) > 100, "\(chart)")
        // The demo records four results for revenue_metrics, one of them failed.
        #expect(chart["dots"] as? Int == 4, "\(chart)")
        #expect(chart["failedDots"] as? Int == 1, "\(chart)")
        #expect(chart["linePoints"] as? Int == 4, "\(chart)")
        #expect((facts["timelineRows"] as? Int ?? 0) >= 7, "\(facts["timelineRows"] ?? "")")

        // Markup in contract text is shown as text; no page has any script or image element.
        #expect((facts["hostileHeading"] as? String)?.contains(#"<script>document.title="pwned"</script><img src=x onerror=alert(1)>"#) == true,
                "\(facts["hostileHeading"] ?? "")")
        #expect((facts["hostileFieldDocs"] as? [String])?.contains(#"<b onmouseover=alert(3)>bold</b> & "quoted""#) == true,
                "\(facts["hostileFieldDocs"] ?? "")")
        let pages = try #require(facts["pages"] as? [String: [String: Any]])
        #expect(pages.count >= 10)
        for (name, page) in pages {
            #expect(page["scripts"] as? Int == 0, "\(name): \(page)")
            #expect(page["images"] as? Int == 0, "\(name): \(page)")
            #expect((page["title"] as? String)?.contains("pwned") == false, "\(name): \(page)")
        }

        // The contract page lists the run and the failed checks of it (the latest run).
        // Newest first: the run, then the results the demo typed in (each a run of its own).
        #expect((facts["runs"] as? [String])?.first == runId, "\(facts["runs"] ?? "")")
        #expect((facts["latestRun"] as? String)?.contains(runId) == true, "\(facts["latestRun"] ?? "")")
        #expect((facts["latestRun"] as? String)?.contains("\(failedRules.count) failed") == true, "\(facts["latestRun"] ?? "")")
        #expect(Set(facts["latestFailures"] as? [String] ?? []) == Set(failedRules), "\(facts["latestFailures"] ?? "")")

        // The quality dashboard per domain, the audit, and a missing contract.
        #expect(facts["qualityDomains"] as? [String] == ["marketing", "sales"])
        #expect(facts["qualityRows"] as? Int == 4)
        #expect((facts["auditVerdict"] as? String)?.hasPrefix("Intact") == true, "\(facts["auditVerdict"] ?? "")")
        #expect(facts["auditEvents"] as? String == String(eventsChecked))
        #expect((facts["missing"] as? String)?.contains("no contract 'sales.nothing_here'") == true, "\(facts["missing"] ?? "")")

        // No console message on any page but the missing one (whose 404 the browser reports).
        let console = try #require(facts["console"] as? [[String: Any]])
        let unexpected = console.filter { $0["page"] as? String != "missing" }
        #expect(unexpected.isEmpty, "\(unexpected)")
        #expect(console.contains { ($0["message"] as? String)?.contains("404") == true }, "the browser logs what it sees: \(console)")

        // A PNG screenshot of each page.
        for name in ["catalog", "contract", "quality", "audit"] {
            let data = try Data(contentsOf: shots.appendingPathComponent("dashboard-\(name).png"))
            #expect(data.count > 10_000 && data.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), "\(name): \(data.count) bytes")
            if let keep = ProcessInfo.processInfo.environment["DCL_DASHBOARD_SCREENSHOTS"] {
                let target = URL(fileURLWithPath: keep).appendingPathComponent("dashboard-\(name).png")
                try? FileManager.default.removeItem(at: target)
                try data.write(to: target)
            }
        }
        #expect(try server.terminate() == 0)
    }
}
