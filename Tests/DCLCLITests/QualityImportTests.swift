import Foundation
import Testing

/// `dcl quality import`: results files from dbt, Great Expectations and Soda, mapped onto the
/// contract's rules, recorded as one run each, and counted by the quality dashboard.
@Suite("dcl quality import")
struct QualityImportTests {
    static func imported(_ result: CLIHarness.Result) throws -> (recorded: [String: (String, Bool)], unmapped: [String]) {
        let json = try QualityRunTests.json(result)
        var recorded: [String: (String, Bool)] = [:]
        for case let item as [String: Any] in json["recorded"] as? [Any] ?? [] {
            recorded[item["rule"] as! String] = (item["from"] as! String, item["passed"] as! Bool)
        }
        let unmapped = (json["unmapped"] as? [[String: Any]] ?? []).compactMap { $0["from"] as? String }
        return (recorded, unmapped)
    }

    @Test("dbt, GX and Soda results map onto the rules by what they check; the rest is reported; the dashboard counts them")
    func importsShowInDashboard() throws {
        let cli = try CLIHarness()
        defer { cli.remove() }
        try QualityRunTests.publish(cli)
        try cli.write("run_results.json", QualityImportFixtures.dbt)
        try cli.write("validation.json", QualityImportFixtures.gx)
        try cli.write("scan.json", QualityImportFixtures.soda)
        let id = QualityRunContract.id

        let dbt = try cli.run("quality", "import", "--format", "dbt", "run_results.json", id, "--json", "--ledger", "ledger.db")
        #expect(dbt.status == 1, "a failed test is recorded and exits 1: \(dbt.stderr)")
        let dbtImport = try Self.imported(dbt)
        #expect(dbtImport.recorded["not_null_name"]! == ("not_null_orders_name", true))
        #expect(dbtImport.recorded["accepted_values_status"]! == ("accepted_values_orders_status__new__paid__shipped", false))
        // No unique rule on id in the contract, and an errored test has no verdict: both reported, neither recorded.
        #expect(Set(dbtImport.unmapped) == ["unique_orders_id", "relationships_orders_customer_id__id__ref_customers_"])

        let gx = try cli.run("quality", "import", "--format", "gx", "validation.json", id, "--json", "--ledger", "ledger.db")
        #expect(gx.status == 1, "\(gx.stderr)")
        let gxImport = try Self.imported(gx)
        #expect(Set(gxImport.recorded.keys) == ["not_null_name", "regex_code", "range_amount"])
        #expect(gxImport.recorded["regex_code"]?.1 == false)
        #expect(gxImport.unmapped == ["expect_column_mean_to_be_between"])

        let soda = try cli.run("quality", "import", "--format", "soda", "scan.json", id, "--json", "--ledger", "ledger.db")
        #expect(soda.status == 1, "\(soda.stderr)")
        let sodaImport = try Self.imported(soda)
        #expect(Set(sodaImport.recorded.keys) == ["row_count_orders", "not_null_name", "accepted_values_status", "freshness_created"])
        #expect(sodaImport.unmapped == ["duplicate_count(id) = 0"])

        // The ledger holds each run with its tool as origin, its own run id and the file's time.
        let events = try QualityRunTests.qualityEvents(cli)
        #expect(events.count == 2 + 3 + 4)
        #expect(events.filter { $0["origin"] as? String == "dbt" }.allSatisfy {
            $0["runId"] as? String == "5f2d1c1e-8f0a-4b7e-9a77-1c2d3e4f5a6b" && $0["observedAt"] as? String == "2026-12-01T06:00:00.123Z"
        })
        #expect(events.filter { $0["origin"] as? String == "gx" }.allSatisfy { $0["runId"] as? String == "nightly-2026-12-01" })

        // The quality dashboard counts every imported result: 9 checks, 3 failed.
        let dashboard = try cli.run("dashboard", "quality", "--all", "--json", "--ledger", "ledger.db", "--store", "store.db")
        #expect(dashboard.status == 0, "\(dashboard.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(dashboard.stdout.utf8)) as? [[String: Any]])
        let row = try #require(rows.first { $0["contractId"] as? String == id } ?? rows.first)
        #expect(row["totalChecks"] as? Int == 9 && row["passedChecks"] as? Int == 6, "\(row)")

        // Each import is a run (newest first) with its tool as origin; the dashboard shows the
        // latest one (Soda's) and the checks of it that failed.
        let runs = try QualityRunsViewTests.array(cli.run("quality", "runs", id, "--json", "--ledger", "ledger.db", "--store", "store.db"))
        #expect(runs.compactMap { $0["origin"] as? String } == ["soda", "gx", "dbt"], "\(runs)")
        #expect(runs.compactMap { $0["checks"] as? Int } == [4, 3, 2])
        #expect(runs.last?["runId"] as? String == "5f2d1c1e-8f0a-4b7e-9a77-1c2d3e4f5a6b")
        #expect(runs[1]["runId"] as? String == "nightly-2026-12-01")
        let sodaFailed = Set(sodaImport.recorded.filter { !$0.value.1 }.map(\.key))
        #expect(!sodaFailed.isEmpty)
        #expect((row["latestRun"] as? [String: Any])?["origin"] as? String == "soda")
        #expect(Set((row["latestRunFailures"] as? [[String: Any]] ?? []).compactMap { $0["rule"] as? String }) == sodaFailed)
    }

    @Test("a file that is not the format, or with no result that maps, exits 2 and records nothing")
    func badFiles() throws {
        let cli = try CLIHarness()
        defer { cli.remove() }
        try QualityRunTests.publish(cli)
        try cli.write("run_results.json", QualityImportFixtures.dbt)
        try cli.write("nothing.json", #"{"results": [{"unique_id": "test.shop.unique_orders_id.1", "status": "pass", "failures": 0}]}"#)
        for (arguments, message) in [
            (["--format", "soda", "run_results.json"], "not a Soda scan result"),
            (["--format", "gx", "run_results.json"], "not a Great Expectations validation result"),
            (["--format", "dbt", "nothing.json"], "none of the 1 results maps onto a rule"),
            (["--format", "dbt", "missing.json"], "cannot read missing.json"),
        ] {
            let result = try cli.run(["quality", "import"] + arguments + [QualityRunContract.id, "--ledger", "ledger.db"])
            #expect(result.status == 2, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains(message), "\(result.stderr)")
        }
        #expect(try QualityRunTests.qualityEvents(cli).isEmpty)
    }
}
