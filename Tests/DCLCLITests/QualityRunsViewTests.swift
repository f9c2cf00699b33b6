import Foundation
import Testing

/// The runs read model seen through the built binary: `dcl quality runs`, the quality dashboard's
/// latest run and its failed checks, `--as-of`, and the HTTP API of a real `dcl serve`.
@Suite("quality runs: CLI, dashboard and HTTP")
struct QualityRunsViewTests {
    static func array(_ result: CLIHarness.Result) throws -> [[String: Any]] {
        guard let rows = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]] else {
            throw CLIHarness.Failure(message: "not a JSON array: \(result.stdout) \(result.stderr)")
        }
        return rows
    }

    /// One failing CSV run, then one typed-in result: the time between them is returned.
    static func twoRuns(_ cli: CLIHarness) throws -> (csvRun: [String: Any], between: String) {
        try QualityRunTests.publish(cli)
        try cli.write("orders.csv", QualityRunTests.crafted.csv())
        let run = try cli.run("quality", "run", QualityRunContract.id, "--source", "orders.csv", "--json", "--ledger", "ledger.db")
        #expect(run.status == 1, "\(run.stderr)")
        Thread.sleep(forTimeInterval: 0.05)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let between = formatter.string(from: Date())
        Thread.sleep(forTimeInterval: 0.05)
        let typed = try cli.run("quality", "record", QualityRunContract.id, "--rule", "not_null_name", "--passed", "--value", "0",
                                "--ledger", "ledger.db")
        #expect(typed.status == 0, "\(typed.stderr)")
        return (try QualityRunTests.json(run), between)
    }

    @Test("runs are listed newest first with origin, version, counts, rows and fingerprint; one run's results; the dashboard's latest run and --as-of")
    func cliViews() throws {
        let cli = try CLIHarness()
        defer { cli.remove() }
        let (csvRun, between) = try Self.twoRuns(cli)
        let runId = try #require(csvRun["runId"] as? String)
        let csvResults = QualityRunTests.results(csvRun)
        let failed = Set(csvResults.filter { !$0.value.1 }.map(\.key))
        #expect(failed.isSuperset(of: ["unique_id", "type_id", "regex_code"]), "\(failed)")
        let fingerprint = (csvRun["objects"] as? [[String: Any]])?.first?["fingerprint"] as? String

        let listed = try cli.run("quality", "runs", QualityRunContract.id, "--json", "--ledger", "ledger.db", "--store", "store.db")
        #expect(listed.status == 0, "\(listed.stderr)")
        let runs = try Self.array(listed)
        #expect(runs.count == 2, "\(runs)")
        // Newest first: the typed-in result is a run of its own.
        #expect(runs.first?["origin"] as? String == "manual" && runs.first?["checks"] as? Int == 1 && runs.first?["failed"] as? Int == 0)
        let run = try #require(runs.last)
        #expect(run["runId"] as? String == runId)
        #expect(run["origin"] as? String == "dcl:csv")
        #expect(run["contractVersion"] as? String == "1.0.0")
        #expect(run["checks"] as? Int == csvResults.count)
        #expect(run["failed"] as? Int == failed.count && run["passed"] as? Int == csvResults.count - failed.count)
        #expect(run["rowsScanned"] as? Int == 6)
        #expect(run["fingerprint"] as? String == fingerprint && fingerprint?.hasPrefix("sha256:") == true)
        #expect(run["startedAt"] as? String == csvRun["observedAt"] as? String)

        let text = try cli.run("quality", "runs", QualityRunContract.id, "--ledger", "ledger.db", "--store", "store.db")
        #expect(text.stdout.contains(runId) && text.stdout.contains("dcl:csv") && text.stdout.contains("manual"), "\(text.stdout)")

        let one = try cli.run("quality", "runs", QualityRunContract.id, "--run", runId, "--json", "--ledger", "ledger.db", "--store", "store.db")
        #expect(one.status == 0, "\(one.stderr)")
        let detail = try QualityRunTests.json(one)
        let results = detail["results"] as? [[String: Any]] ?? []
        #expect(results.count == csvResults.count)
        #expect(Set(results.filter { $0["passed"] as? Bool == false }.compactMap { $0["rule"] as? String }) == failed)
        #expect(results.allSatisfy { $0["threshold"] as? String != nil && $0["rowsScanned"] as? Int == 6 })
        let unique = results.first { $0["rule"] as? String == "unique_id" }
        #expect(unique?["value"] as? String == "1" && unique?["threshold"] as? String == "mustBe 0")

        // The dashboard: the latest run is the typed-in one, with nothing failed.
        let now = try Self.array(cli.run("dashboard", "quality", "--all", "--json", "--ledger", "ledger.db", "--store", "store.db"))
        let row = try #require(now.first { $0["contractId"] as? String == QualityRunContract.id })
        #expect((row["latestRun"] as? [String: Any])?["origin"] as? String == "manual")
        #expect((row["latestRunFailures"] as? [Any])?.isEmpty == true)
        // As of a time between the two, the CSV run is the latest, with its failed checks.
        let then = try cli.run("dashboard", "quality", "--all", "--json", "--as-of", between, "--ledger", "ledger.db", "--store", "store.db")
        #expect(then.status == 0, "\(then.stderr)")
        let thenRow = try #require(try Self.array(then).first { $0["contractId"] as? String == QualityRunContract.id })
        #expect((thenRow["latestRun"] as? [String: Any])?["runId"] as? String == runId)
        let thenFailures = (thenRow["latestRunFailures"] as? [[String: Any]] ?? []).compactMap { $0["rule"] as? String }
        #expect(Set(thenFailures) == failed)
        let thenText = try cli.run("dashboard", "quality", "--all", "--as-of", between, "--ledger", "ledger.db", "--store", "store.db")
        #expect(thenText.stdout.contains("latest run \(runId)") && thenText.stdout.contains("✗ unique_id  value 1  (mustBe 0)"),
                "\(thenText.stdout)")
        let runsThen = try Self.array(cli.run("quality", "runs", QualityRunContract.id, "--json", "--as-of", between,
                                              "--ledger", "ledger.db", "--store", "store.db"))
        #expect(runsThen.compactMap { $0["runId"] as? String } == [runId])

        // Unknown contract or run: rejected (exit 1), saying what is unknown.
        let noContract = try cli.run("quality", "runs", "sales.nothing", "--ledger", "ledger.db", "--store", "store.db")
        #expect(noContract.status == 1 && noContract.stderr.contains("no contract 'sales.nothing'"), "\(noContract.stderr)")
        let noRun = try cli.run("quality", "runs", QualityRunContract.id, "--run", "nope", "--ledger", "ledger.db", "--store", "store.db")
        #expect(noRun.status == 1 && noRun.stderr.contains("no quality run 'nope'"), "\(noRun.stderr)")
    }

    @Test("GET /api/contracts/{id}/quality/runs and /runs/{runId} on a real server, with asOf; 404s name what is missing")
    func httpViews() async throws {
        let cli = try CLIHarness()
        defer { cli.remove() }
        let (csvRun, between) = try Self.twoRuns(cli)
        let runId = try #require(csvRun["runId"] as? String)
        let server = try ServeProcess(cli, ["--ledger", "ledger.db", "--store", "store.db"])
        let id = QualityRunContract.id

        let list = try await server.request("GET", "/api/contracts/\(id)/quality/runs")
        #expect(list.status == 200, "\(list.body)")
        let runs = try list.object()["runs"] as? [[String: Any]] ?? []
        #expect(runs.map { $0["origin"] as? String } == ["manual", "dcl:csv"])
        #expect(runs.last?["rowsScanned"] as? Int == 6)

        let old = try await server.request("GET", "/api/contracts/\(id)/quality/runs?asOf=\(between)")
        #expect((try old.object()["runs"] as? [[String: Any]])?.compactMap { $0["runId"] as? String } == [runId])

        let one = try await server.request("GET", "/api/contracts/\(id)/quality/runs/\(runId)")
        #expect(one.status == 200, "\(one.body)")
        let detail = try one.object()
        #expect((detail["summary"] as? [String: Any])?["runId"] as? String == runId)
        let failedThere = (detail["results"] as? [[String: Any]] ?? []).filter { $0["passed"] as? Bool == false }.compactMap { $0["rule"] as? String }
        #expect(failedThere.contains("unique_id"))

        let dashboard = try await server.request("GET", "/api/dashboard/quality?all=true&asOf=\(between)")
        let rows = try JSONSerialization.jsonObject(with: Data(dashboard.body.utf8)) as? [[String: Any]] ?? []
        #expect((rows.first?["latestRun"] as? [String: Any])?["runId"] as? String == runId)
        #expect(Set((rows.first?["latestRunFailures"] as? [[String: Any]] ?? []).compactMap { $0["rule"] as? String }) == Set(failedThere))

        let missingRun = try await server.request("GET", "/api/contracts/\(id)/quality/runs/nope")
        #expect(missingRun.status == 404 && missingRun.body.contains("no quality run 'nope'"), "\(missingRun.body)")
        let missingContract = try await server.request("GET", "/api/contracts/sales.nothing/quality/runs")
        #expect(missingContract.status == 404, "\(missingContract.body)")
        #expect(try server.terminate() == 0, "\(server.log)")
    }
}
