import Foundation
import GRDB
import Testing

/// `dcl quality run` end to end: the built binary against real CSV files and SQLite tables,
/// results read back from the ledger file.
@Suite("dcl quality run")
struct QualityRunTests {
    /// Six rows where every check has something to find; expected values counted by hand below.
    static let crafted = QualityDataset(columns: QualityRunContract.columns, rows: [
        ["1", "Ann", "10.5", "new", "ABC-1", "2026-11-30T10:00:00Z"],
        ["2", "Bob, Jr.", "2000", "paid", "ABC-1", "2026-12-01T08:00:00Z"],
        ["2", nil, nil, "lost", "N/A", "not a time"],
        ["x4", "Zoë\nline", "abc", "shipped", "abc-9", "2026-11-29"],
        [nil, "Très long nom", "900.5", nil, nil, nil],
        ["6", "\"Q\"", "0", "new", "XYZ-42", "2026-12-01T09:30:00+01:00"],
    ])

    /// rule → (value, passed), counted by hand from `crafted`.
    static let expected: [String: (String, Bool)] = [
        "row_count_orders": ("6", true),
        "type_id": ("1", false),              // x4
        "type_amount": ("1", false),          // abc
        "type_created": ("1", false),         // not a time
        "required_id": ("1", false),
        "unique_id": ("1", false),            // 2 twice
        "primary_key_orders": ("2", false),   // one null, one repeat
        "length_name": ("1", false),          // Très long nom (13)
        "not_null_name": ("1", false),
        "range_amount": ("2", false),         // 2000, abc
        "amount_null_share": ("16.6667", false),
        "accepted_values_status": ("1", false),  // lost
        "regex_code": ("2", false),           // N/A, abc-9
        "duplicate_codes": ("1", true),
        "missing_codes": ("2", true),         // null, N/A
    ]

    static func publish(_ cli: CLIHarness) throws {
        try cli.write("contract.yaml", QualityRunContract.text())
        let published = try cli.run("publish", "contract.yaml", "--ledger", "ledger.db")
        #expect(published.status == 0, "\(published.stderr)")
    }

    static func json(_ result: CLIHarness.Result) throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any] else {
            throw CLIHarness.Failure(message: "not a JSON object: \(result.stdout) \(result.stderr)")
        }
        return object
    }

    /// An ISO 8601 time with or without milliseconds.
    static func date(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text) ?? ISO8601DateFormatter().date(from: text)
    }

    /// rule → value text (nil when none) and passed.
    static func results(_ run: [String: Any]) -> [String: (String?, Bool)] {
        var out: [String: (String?, Bool)] = [:]
        for case let result as [String: Any] in run["results"] as? [Any] ?? [] {
            let value = result["value"].flatMap { $0 is NSNull ? nil : "\($0)" }
            out[result["rule"] as! String] = (value, result["passed"] as! Bool)
        }
        return out
    }

    /// The quality events of the ledger file, as payload objects.
    static func qualityEvents(_ cli: CLIHarness) throws -> [[String: Any]] {
        let queue = try DatabaseQueue(path: cli.path("ledger.db"))
        let payloads = try queue.read { db in
            try String.fetchAll(db, sql: "SELECT payload FROM events WHERE type = 'QualityCheckRecorded' ORDER BY position")
        }
        return try payloads.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
    }

    @Test("a CSV file and a SQLite table with the same rows give the same, hand-counted values; failures exit 1, all recorded")
    func csvAndSQLiteAgree() throws {
        let cli = try CLIHarness()
        defer { cli.remove() }
        try Self.publish(cli)
        try cli.write("orders.csv", Self.crafted.csv())
        try Self.crafted.writeSQLite(path: cli.path("warehouse.db"), table: "orders_v1")

        let csvRun = try cli.run("quality", "run", QualityRunContract.id, "--source", "orders.csv", "--json", "--ledger", "ledger.db")
        #expect(csvRun.status == 1, "\(csvRun.stderr)")
        #expect(csvRun.stderr.contains("checks failed (all recorded)"))
        let sqliteRun = try cli.run("quality", "run", QualityRunContract.id, "--source", "sqlite:warehouse.db",
                                    "--object", "orders=orders_v1", "--json", "--ledger", "ledger.db")
        #expect(sqliteRun.status == 1, "\(sqliteRun.stderr)")

        let csv = try Self.json(csvRun)
        let sqlite = try Self.json(sqliteRun)
        let csvResults = Self.results(csv)
        let sqliteResults = Self.results(sqlite)
        for (rule, (value, passed)) in Self.expected {
            #expect(csvResults[rule]?.0 == value && csvResults[rule]?.1 == passed, "CSV \(rule): \(String(describing: csvResults[rule]))")
            #expect(sqliteResults[rule]?.0 == value && sqliteResults[rule]?.1 == passed,
                    "SQLite \(rule): \(String(describing: sqliteResults[rule]))")
        }
        // Freshness: the newest timestamp is 2026-12-01T08:30:00Z (09:30 at +01:00); the value is its age.
        let observed = Self.date(csv["observedAt"] as! String)!
        let newest = Self.date("2026-12-01T08:30:00Z")!
        let age = Int(observed.timeIntervalSince(newest).rounded(.down))
        let recordedAge = try #require(Int(csvResults["freshness_created"]?.0 ?? ""))
        #expect(abs(recordedAge - age) <= 1, "\(recordedAge) vs \(age)")
        // The sql rules run on the database (paid and shipped; ABC-1 twice), and are listed as not run on the file.
        #expect(sqliteResults["settled_orders"]?.0 == "2")
        #expect(sqliteResults["abc_codes"]?.0 == "2")
        #expect(csvResults["settled_orders"] == nil && csvResults["abc_codes"] == nil)
        let notRun = (csv["notRun"] as? [[String: Any]] ?? []).compactMap { $0["rule"] as? String }
        #expect(notRun.sorted() == ["abc_codes", "settled_orders"])

        // Every result of both runs is in the ledger, pinned to the version, with its run's id.
        let events = try Self.qualityEvents(cli)
        #expect(events.count == csvResults.count + sqliteResults.count)
        for (run, count) in [(csv, csvResults.count), (sqlite, sqliteResults.count)] {
            let mine = events.filter { $0["runId"] as? String == run["runId"] as? String }
            #expect(mine.count == count)
            #expect(mine.allSatisfy { $0["contractVersion"] as? String == "1.0.0" && $0["threshold"] != nil && $0["rowsScanned"] as? Int == 6 })
        }
        let fileHash = (csv["objects"] as? [[String: Any]])?.first?["fingerprint"] as? String
        #expect(fileHash?.hasPrefix("sha256:") == true)
        #expect(events.contains { $0["fingerprint"] as? String == fileHash && $0["origin"] as? String == "dcl:csv" })
    }

    @Test("quoted CSV, CRLF line ends and a folder source read the same as plain LF")
    func csvSpellings() throws {
        let cli = try CLIHarness()
        defer { cli.remove() }
        try Self.publish(cli)
        try FileManager.default.createDirectory(atPath: cli.path("exports"), withIntermediateDirectories: true)
        try cli.write("exports/orders.csv", Self.crafted.csv(quoteEvery: true, crlf: true))
        let run = try cli.run("quality", "run", QualityRunContract.id, "--source", "exports", "--json", "--ledger", "ledger.db")
        #expect(run.status == 1, "\(run.stderr)")
        let results = Self.results(try Self.json(run))
        for (rule, (value, _)) in Self.expected { #expect(results[rule]?.0 == value, "\(rule): \(String(describing: results[rule]))") }
    }

    @Test("a run where every check passes exits 0; --version pins the checks of an older version")
    func passingRun() throws {
        let cli = try CLIHarness()
        defer { cli.remove() }
        try Self.publish(cli)
        let clean = QualityDataset(columns: QualityRunContract.columns, rows: [
            ["1", "Ann", "10.5", "new", "ABC-1", "2026-11-30T10:00:00Z"],
            ["2", "Bob", "20", "paid", "XYZ-2", "2026-12-01T08:00:00Z"],
        ])
        try cli.write("orders.csv", clean.csv())
        let run = try cli.run("quality", "run", QualityRunContract.id, "--source", "orders.csv", "--ledger", "ledger.db")
        #expect(run.status == 0, "\(run.stdout) \(run.stderr)")
        #expect(run.stdout.contains("checks passed; recorded"))
        // 1.1.0 promises data at most one hour old: the same data now fails freshness, under 1.1.0.
        try cli.write("contract.yaml", QualityRunContract.text(version: "1.1.0", freshness: "1h"))
        #expect(try cli.run("publish", "contract.yaml", "--ledger", "ledger.db").status == 0)
        let stale = try cli.run("quality", "run", QualityRunContract.id, "--source", "orders.csv", "--json", "--ledger", "ledger.db")
        #expect(stale.status == 1)
        #expect(Self.results(try Self.json(stale))["freshness_created"]?.1 == false)
        let pinned = try cli.run("quality", "run", QualityRunContract.id, "--version", "1.0.0", "--source", "orders.csv",
                                 "--json", "--ledger", "ledger.db")
        #expect(pinned.status == 0, "\(pinned.stderr)")
        let events = try Self.qualityEvents(cli)
        #expect(Set(events.compactMap { $0["contractVersion"] as? String }) == ["1.0.0", "1.1.0"])
    }

    @Test("bad input and unreadable sources exit 2 and record nothing", arguments: [
        (["--source", "missing.csv"], "no such file"),
        (["--source", "broken.csv"], "is not closed"),
        (["--source", "nocolumn.csv"], "no column 'amount'"),
        (["--source", "short.csv"], "line 3: 2 fields, the header has 6"),
        (["--source", "sqlite:warehouse.db"], "no table 'orders'"),
        (["--source", "sqlite:nothere.db"], "no SQLite database"),
        (["--source", "postgres://127.0.0.1:1/shop"], "name the user"),
        (["--source", "postgres://ci@127.0.0.1:1/shop"], "cannot connect to PostgreSQL at postgres://ci@127.0.0.1:1/shop"),
        (["--source", "postgres://ci@127.0.0.1:1"], "name one database after the host"),
        (["--source", "orders.csv", "--object", "nope=orders.csv"], "has no object 'nope'"),
        (["--source", "orders.csv", "--version", "9.9.9"], "has no version 9.9.9"),
    ])
    func badInput(arguments: [String], message: String) throws {
        let cli = try CLIHarness()
        defer { cli.remove() }
        try Self.publish(cli)
        try cli.write("orders.csv", Self.crafted.csv())
        try cli.write("broken.csv", "id,name,amount,status,code,created\n1,\"open,x,1,new,ABC-1,2026-11-30\n")
        try cli.write("nocolumn.csv", "id,name,status,code,created\n1,a,new,ABC-1,2026-11-30\n")
        try cli.write("short.csv", "id,name,amount,status,code,created\n1,a,1,new,ABC-1,2026-11-30\n2,b\n")
        try QualityDataset(columns: ["x"], rows: [["1"]]).writeSQLite(path: cli.path("warehouse.db"), table: "other")
        let before = try cli.read("ledger.db")
        let result = try cli.run(["quality", "run", QualityRunContract.id] + arguments + ["--ledger", "ledger.db"])
        // An unknown version is the ledger's rule (exit 1); everything else is bad input (exit 2).
        #expect(result.status == (message.hasPrefix("has no version") ? 1 : 2), "\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(try cli.read("ledger.db") == before)
        #expect(try Self.qualityEvents(cli).isEmpty)
    }
}
