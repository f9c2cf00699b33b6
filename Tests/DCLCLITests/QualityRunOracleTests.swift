import DCLTestSupport
import Foundation
import Testing

/// DuckDB (PyPI `duckdb`, pinned by scripts/quality-check/setup.sh) as an independent oracle:
/// on seeded random datasets — nulls, duplicates, unicode, quoted fields with commas, quotes and
/// line breaks, invalid numbers and times — plus an empty file and a header-only file, every
/// metric `dcl quality run` records for a CSV file, a SQLite table and a PostgreSQL table (loaded with
/// PostgreSQL's own CSV reader from the same file, measured by DuckDB on what PostgreSQL gives back)
/// equals DuckDB's.
@Suite("dcl quality run against DuckDB", .serialized)
struct QualityRunOracleTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let tools = root.appendingPathComponent("scripts/quality-check")

    static func python() throws -> String {
        let setup = try HTTPConformanceTests.run("/bin/bash", [tools.appendingPathComponent("setup.sh").path], in: tools)
        guard setup.status == 0 else { throw CLIHarness.Failure(message: "scripts/quality-check/setup.sh failed: \(setup.output)") }
        return tools.appendingPathComponent(".venv-quality/bin/python").path
    }

    /// dcl's rule → the oracle's metric of the same name (freshness is compared through the newest time).
    static let compared = ["row_count_orders", "type_id", "type_amount", "type_created", "required_id", "unique_id",
                           "primary_key_orders", "length_name", "not_null_name", "range_amount", "amount_null_share",
                           "accepted_values_status", "regex_code", "duplicate_codes", "missing_codes"]

    @Test("0 differences from DuckDB on random, empty and header-only datasets, for CSV (in memory, spilled, two threads), SQLite and PostgreSQL")
    func matchesDuckDB() throws {
        let python = try Self.python()
        let server = try PostgresTestServer.shared()
        let database = try server.createDatabase()
        let cli = try CLIHarness()
        defer { cli.remove() }
        try QualityRunTests.publish(cli)
        var datasets: [(String, QualityDataset, String?)] = [
            ("empty", QualityDataset(columns: QualityRunContract.columns, rows: []), ""),
            ("header-only", QualityDataset(columns: QualityRunContract.columns, rows: []), nil),
        ]
        for seed in UInt64(1)...6 {
            datasets.append(("seed-\(seed)", QualityDataset.random(seed: seed, rows: Int(seed * seed * 20)), nil))
        }
        // Ids far apart (a bitmap page each) with repeats, for the uniqueness sets' overflow paths.
        var sparse = QualityDataset.random(seed: 7, rows: 300)
        sparse.rows = sparse.rows.map { row in
            var row = row
            if let id = row[0], let number = Int(id) { row[0] = String(number * 1_000_003 - 500_000_000) }
            return row
        }
        datasets.append(("sparse-ids", sparse, nil))
        var differences: [String] = []
        var compared = 0
        for (name, dataset, override) in datasets {
            let csvName = "\(name).csv"
            try cli.write(csvName, override ?? dataset.csv(quoteEvery: name.hasSuffix("3"), crlf: name.hasSuffix("4")))
            try dataset.writeSQLite(path: cli.path("\(name).db"), table: "orders")
            let table = name.replacingOccurrences(of: "-", with: "_")
            try QualityDataset.loadPostgres(csvPath: cli.path(csvName), columns: dataset.columns, server: server, url: database, table: table)
            try QualityDataset.exportPostgres(server: server, url: database, table: table, columns: dataset.columns,
                                              to: cli.path("\(name).pg.csv"))
            let oracle = try HTTPConformanceTests.run(python, [Self.tools.appendingPathComponent("oracle.py").path, cli.path(csvName),
                                                              cli.path("\(name).db"), "orders", cli.path("\(name).pg.csv")],
                                                      in: cli.folder)
            guard oracle.status == 0, let expected = try JSONSerialization.jsonObject(with: Data(oracle.output.utf8)) as? [String: [String: Any]]
            else {
                Issue.record("oracle failed on \(name): \(oracle.output)")
                continue
            }
            // `csv-spilled`: the CSV source with a few bytes for its uniqueness sets, so every distinct-value
            // set overflows its bitmap and spills to temporary files; it must count what DuckDB counts.
            // `csv-split`: two parsing threads taking chunks of 37 bytes, so records and quoted line breaks
            // straddle chunk ends and each thread sees part of the rows; the merged counts must be DuckDB's.
            let sources: [(String, [String], [String: String])] = [
                ("csv", [csvName], [:]), ("csv-spilled", [csvName], ["DCL_QUALITY_UNIQUE_MEMORY": "16"]),
                ("csv-split", [csvName], ["DCL_QUALITY_CSV_WORKERS": "2", "DCL_QUALITY_CSV_CHUNK_BYTES": "37"]),
                ("sqlite", ["sqlite:\(name).db"], [:]),
                ("postgres", [database, "--object", "orders=\(table)"], [:]),
            ]
            for (kind, source, environment) in sources {
                let run = try cli.run(["quality", "run", QualityRunContract.id, "--source"] + source + ["--json", "--ledger", "ledger.db"],
                                      environment: environment)
                guard run.status == 0 || run.status == 1 else {
                    Issue.record("\(name) \(kind): exit \(run.status): \(run.stderr)")
                    continue
                }
                let report = try QualityRunTests.json(run)
                let results = QualityRunTests.results(report)
                let truth = expected[kind.hasPrefix("csv") ? "csv" : kind] ?? [:]
                for rule in Self.compared {
                    compared += 1
                    let mine = results[rule]?.0 ?? "missing"
                    let theirs = truth[rule].map { "\($0)" } ?? "missing"
                    // Numbers compare as numbers: the JSON printer writes 20.0000 as 20.
                    let same = mine == theirs || (Double(mine) != nil && Double(mine) == Double(theirs))
                    if !same { differences.append("\(name) \(kind) \(rule): dcl \(mine), duckdb \(theirs)") }
                }
                // Freshness: dcl records the age of the newest time in whole seconds at observedAt.
                let observed = QualityRunTests.date(report["observedAt"] as! String)!.timeIntervalSince1970 * 1000
                let newest = truth["newest_created"] as? Double ?? (truth["newest_created"] as? Int).map(Double.init)
                let age = newest.map { String(Int64((observed - $0) / 1000)) } ?? "none"
                if (results["freshness_created"]?.0 ?? "none") != age {
                    differences.append("\(name) \(kind) freshness_created: dcl \(results["freshness_created"]?.0 ?? "none"), duckdb age \(age)")
                }
            }
        }
        #expect(compared == datasets.count * 5 * Self.compared.count, "every dataset compared for the five sources")
        #expect(differences.isEmpty, "\(differences.count) differences:\n\(differences.joined(separator: "\n"))")
    }
}
