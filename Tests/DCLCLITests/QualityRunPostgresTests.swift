import DCLTestSupport
import Foundation
import Testing

/// `dcl quality run` on a real PostgreSQL table (the test-support server): the same six rows as a CSV
/// file and a SQLite table give the same, hand-counted values; every check is measured in one scan of
/// the table; bad input and an unreachable server exit 2 and record nothing.
@Suite("dcl quality run on PostgreSQL", .serialized)
struct QualityRunPostgresTests {
    /// A database holding `crafted` as table `orders_pg`, loaded from the same CSV the CSV run reads.
    static func crafted(_ cli: CLIHarness) throws -> (PostgresTestServer, String) {
        let server = try PostgresTestServer.shared()
        let database = try server.createDatabase()
        try cli.write("orders.csv", QualityRunTests.crafted.csv())
        try QualityDataset.loadPostgres(csvPath: cli.path("orders.csv"), columns: QualityRunContract.columns, server: server,
                                        url: database, table: "orders_pg")
        return (server, database)
    }

    @Test("a CSV file, a SQLite table and a PostgreSQL table with the same rows: identical values, failures exit 1, all recorded")
    func threeSourcesAgree() throws {
        let cli = try CLIHarness()
        defer { cli.remove() }
        try QualityRunTests.publish(cli)
        let (_, database) = try Self.crafted(cli)
        try QualityRunTests.crafted.writeSQLite(path: cli.path("warehouse.db"), table: "orders_v1")

        let csvRun = try cli.run("quality", "run", QualityRunContract.id, "--source", "orders.csv", "--json", "--ledger", "ledger.db")
        let sqliteRun = try cli.run("quality", "run", QualityRunContract.id, "--source", "sqlite:warehouse.db",
                                    "--object", "orders=orders_v1", "--json", "--ledger", "ledger.db")
        let pgRun = try cli.run("quality", "run", QualityRunContract.id, "--source", database, "--object", "orders=orders_pg",
                                "--json", "--ledger", "ledger.db")
        #expect(pgRun.status == 1, "\(pgRun.stderr)")
        #expect(pgRun.stderr.contains("checks failed (all recorded)"), "\(pgRun.stderr)")
        let csv = QualityRunTests.results(try QualityRunTests.json(csvRun))
        let sqlite = QualityRunTests.results(try QualityRunTests.json(sqliteRun))
        let report = try QualityRunTests.json(pgRun)
        let pg = QualityRunTests.results(report)

        // Every check the hand count knows, with the same value and verdict as the file and SQLite.
        for (rule, (value, passed)) in QualityRunTests.expected {
            #expect(pg[rule]?.0 == value && pg[rule]?.1 == passed, "PostgreSQL \(rule): \(String(describing: pg[rule]))")
        }
        for (rule, result) in csv where rule != "freshness_created" {
            #expect(pg[rule]?.0 == result.0 && pg[rule]?.1 == result.1, "\(rule): CSV \(result), PostgreSQL \(String(describing: pg[rule]))")
        }
        // Freshness: the same newest time (2026-12-01T08:30:00Z), so the same age up to the runs' second apart.
        let observed = QualityRunTests.date(report["observedAt"] as! String)!
        let age = Int(observed.timeIntervalSince(QualityRunTests.date("2026-12-01T08:30:00Z")!).rounded(.down))
        #expect(Int(pg["freshness_created"]?.0 ?? "").map { abs($0 - age) <= 1 } == true, "\(String(describing: pg["freshness_created"]))")
        // The sql rules run on PostgreSQL as on SQLite, placeholders filled with PostgreSQL's identifiers.
        #expect(pg["settled_orders"]?.0 == "2" && sqlite["settled_orders"]?.0 == "2")
        #expect(pg["abc_codes"]?.0 == "2" && sqlite["abc_codes"]?.0 == "2")
        #expect(Set(pg.keys) == Set(sqlite.keys))

        // Every result is in the ledger, with the run's id, the version, 6 rows and the table's fingerprint.
        let events = try QualityRunTests.qualityEvents(cli).filter { $0["runId"] as? String == report["runId"] as? String }
        #expect(events.count == pg.count)
        let fingerprint = (report["objects"] as? [[String: Any]])?.first?["fingerprint"] as? String ?? ""
        #expect(fingerprint.hasPrefix("postgres:rows=6;checksum="), "\(fingerprint)")
        #expect(events.allSatisfy {
            $0["origin"] as? String == "dcl:postgres" && $0["contractVersion"] as? String == "1.0.0"
                && $0["rowsScanned"] as? Int == 6 && $0["fingerprint"] as? String == fingerprint
        })
    }

    @Test("the fingerprint follows the rows: the same rows give the same one, a changed value another")
    func fingerprint() throws {
        let cli = try CLIHarness()
        defer { cli.remove() }
        try QualityRunTests.publish(cli)
        let (server, database) = try Self.crafted(cli)
        func fingerprint() throws -> String {
            let run = try cli.run("quality", "run", QualityRunContract.id, "--source", database, "--object", "orders=orders_pg",
                                  "--json", "--ledger", "ledger.db")
            return ((try QualityRunTests.json(run))["objects"] as? [[String: Any]])?.first?["fingerprint"] as? String ?? "none"
        }
        let first = try fingerprint()
        // Same rows, another physical order: the checksum does not depend on it.
        try server.psql(database, "CREATE TABLE shuffled AS SELECT * FROM orders_pg ORDER BY random(); "
            + "DROP TABLE orders_pg; ALTER TABLE shuffled RENAME TO orders_pg")
        #expect(try fingerprint() == first)
        try server.psql(database, "UPDATE orders_pg SET name = 'Anna' WHERE name = 'Ann'")
        let changed = try fingerprint()
        #expect(changed != first && changed.hasPrefix("postgres:rows=6;"), "\(changed)")
    }

    @Test("every check of the object is one scan of the table, plus one per sql rule (pg_stat_user_tables)")
    func oneScan() throws {
        let cli = try CLIHarness()
        defer { cli.remove() }
        try QualityRunTests.publish(cli)
        let (server, database) = try Self.crafted(cli)
        func scans() throws -> (Int, Int) {
            let text = try server.psql(database, "SELECT seq_scan, seq_tup_read FROM pg_stat_user_tables WHERE relname = 'orders_pg'")
            let parts = text.split(separator: "|").compactMap { Int($0) }
            return (parts.first ?? -1, parts.last ?? -1)
        }
        let before = try scans()
        let run = try cli.run("quality", "run", QualityRunContract.id, "--source", database, "--object", "orders=orders_pg",
                              "--json", "--ledger", "ledger.db")
        #expect(run.status == 1, "\(run.stderr)")
        let checks = QualityRunTests.results(try QualityRunTests.json(run)).count
        #expect(checks > 15)
        // The server publishes a backend's counters when it ends; wait for dcl's session's to arrive.
        var after = try scans()
        for _ in 0..<50 where after.0 < before.0 + 3 {
            Thread.sleep(forTimeInterval: 0.1)
            after = try scans()
        }
        // One aggregate scan for every check, and one for each of the two sql rules: 3 scans of 6 rows.
        #expect(after.0 - before.0 == 3, "seq_scan \(before.0) → \(after.0)")
        #expect(after.1 - before.1 == 18, "seq_tup_read \(before.1) → \(after.1)")
    }

    @Test("a missing table, a missing column, a bad URL and an unreachable server exit 2, naming what, and record nothing")
    func badInput() throws {
        let cli = try CLIHarness()
        defer { cli.remove() }
        try QualityRunTests.publish(cli)
        let (server, database) = try Self.crafted(cli)
        try server.psql(database, "CREATE TABLE no_amount AS SELECT id, name, status, code, created FROM orders_pg")
        // A port nothing listens on: the shared server's port + 1 would be a guess; ask the kernel for a free one.
        let closedPort = try Self.freePort()
        let cases: [([String], String)] = [
            (["--source", database, "--object", "orders=missing_table"], "no table 'missing_table' for object 'orders'; its tables: no_amount, orders_pg"),
            (["--source", database, "--object", "orders=no_amount"], "no column 'amount' for property 'amount'"),
            (["--source", "postgres://postgres@127.0.0.1:\(closedPort)/shop"], "cannot connect to PostgreSQL at postgres://postgres@127.0.0.1:\(closedPort)/shop"),
            (["--source", server.url(database: "no_such_database")], "database \"no_such_database\" does not exist"),
            (["--source", database + "?sslmode=verify-full"], "sslmode=verify-full is not supported"),
        ]
        let before = try cli.read("ledger.db")
        for (arguments, message) in cases {
            let result = try cli.run(["quality", "run", QualityRunContract.id] + arguments + ["--ledger", "ledger.db"])
            #expect(result.status == 2, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
        }
        #expect(try cli.read("ledger.db") == before)
        #expect(try QualityRunTests.qualityEvents(cli).isEmpty)
    }

    static func freePort() throws -> Int {
        let (status, output) = try HTTPConformanceTests.run("/usr/bin/env", ["python3", "-c",
            "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1]); s.close()"],
                                                            in: FileManager.default.temporaryDirectory)
        guard status == 0, let port = Int(output.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw CLIHarness.Failure(message: "no free port: \(output)")
        }
        return port
    }
}
