import Foundation
import Testing

/// The read-model commands, run as a user would, against real SQLite files.
@Suite("dcl read models end to end", .serialized)
struct ReadModelCommandTests {
    func json(_ result: CLIHarness.Result) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
    }

    @Test func dashboardAfterTwoVersionsAndFourChecks() throws {
        let cli = try CLIHarness()
        defer { cli.remove() }
        try cli.write("v1.yaml", ContractTexts.orders())
        try cli.write("v2.yaml", ContractTexts.orders(version: "1.1.0", extraField: true))
        #expect(try cli.run("publish", "v1.yaml").status == 0)
        #expect(try cli.run("publish", "v2.yaml").status == 0)
        for outcome in ["--passed", "--failed", "--passed", "--passed"] {
            #expect(try cli.run("quality", "record", "sales.orders", "--rule", "unique_order_id", outcome).status == 0)
        }
        let dashboard = try cli.run("dashboard", "quality", "--json")
        #expect(dashboard.status == 0, "\(dashboard.stderr)")
        let rows = try #require(try json(dashboard) as? [[String: Any]])
        let row = try #require(rows.first { $0["contractId"] as? String == "sales.orders" })
        #expect(row["totalChecks"] as? Int == 4)
        #expect(row["passedChecks"] as? Int == 3)
        #expect(row["qualityScore"] as? String == "0.7500")
        #expect(row["domain"] as? String == "sales" && row["product"] as? String == "orders")
        #expect(row["lastChecked"] as? String != nil && row["freshness"] as? String == "fresh")
        #expect(FileManager.default.fileExists(atPath: cli.path(".dcl/readmodels.db")), "default store is .dcl/readmodels.db")
    }

    @Test func dashboardPagesSayWhichProductsTheyShow() throws {
        let cli = try CLIHarness()
        defer { cli.remove() }
        let products = ["alpha", "bravo", "charlie"]
        for product in products {
            try cli.write("\(product).yaml", ContractTexts.orders().replacingOccurrences(of: "id: sales.orders", with: "id: sales.\(product)")
                .replacingOccurrences(of: "dataProduct: orders", with: "dataProduct: \(product)"))
            #expect(try cli.run("publish", "\(product).yaml").status == 0)
        }
        #expect(try cli.run("quality", "record", "sales.charlie", "--rule", "unique_order_id", "--failed").status == 0)

        let whole = try #require(try json(try cli.run("dashboard", "quality", "--json")) as? [[String: Any]])
        #expect(whole.map { $0["contractId"] as? String } == ["sales.alpha", "sales.bravo", "sales.charlie"])
        let last = try #require(try json(try cli.run("dashboard", "quality", "--json", "--limit", "1", "--offset", "2")) as? [[String: Any]])
        #expect(last.map { $0["contractId"] as? String } == ["sales.charlie"])
        #expect((last.first?["latestRun"] as? [String: Any])?["failed"] as? Int == 1, "the page's rows carry their latest run")

        let first = try cli.run("dashboard", "quality", "--limit", "2")
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("alpha") && first.stdout.contains("bravo") && !first.stdout.contains("charlie"))
        #expect(first.stdout.contains("products 1–2 of 3 (next: --offset 2)"))
        let end = try cli.run("dashboard", "quality", "--offset", "2")
        #expect(end.stdout.contains("products 3–3 of 3") && !end.stdout.contains("next:"))
        let beyond = try cli.run("dashboard", "quality", "--offset", "7")
        #expect(beyond.status == 0 && beyond.stdout.contains("No products from offset 7 on: the dashboard lists 3 products."))

        let zero = try cli.run("dashboard", "quality", "--limit", "0")
        #expect(zero.status != 0 && zero.stderr.contains("--limit must be at least 1 (got 0)"))
        let negative = try cli.run("dashboard", "quality", "--offset=-1")
        #expect(negative.status != 0 && negative.stderr.contains("--offset must not be negative (got -1)"))
    }

    @Test func catalogByFieldAndAsOf() throws {
        let cli = try CLIHarness()
        defer { cli.remove() }
        try cli.write("v1.yaml", ContractTexts.orders())
        try cli.write("v2.yaml", ContractTexts.orders(version: "1.1.0", extraField: true))
        try cli.write("other.yaml", ContractTexts.orders().replacingOccurrences(of: "id: sales.orders", with: "id: sales.refunds")
            .replacingOccurrences(of: "dataProduct: orders", with: "dataProduct: refunds"))
        #expect(try cli.run("publish", "v1.yaml", "other.yaml").status == 0)
        // Record times have millisecond resolution: make sure the second version is recorded later.
        Thread.sleep(forTimeInterval: 0.05)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let between = formatter.string(from: Date())
        Thread.sleep(forTimeInterval: 0.05)
        #expect(try cli.run("publish", "v2.yaml").status == 0)

        let secondPage = try #require(try json(try cli.run("catalog", "--json", "--limit", "1", "--offset", "1")) as? [[String: Any]])
        #expect(secondPage.map { $0["contractId"] as? String } == ["sales.refunds"])
        let firstPage = try cli.run("catalog", "sales", "--limit", "1")
        #expect(firstPage.stdout.contains("sales.orders") && !firstPage.stdout.contains("sales.refunds"), "\(firstPage.stdout)")
        #expect(firstPage.stdout.contains("entries 1–1 of 2 (next: --offset 1)"))
        #expect(try cli.run("catalog", "--limit", "0").stderr.contains("--limit must be at least 1 (got 0)"))
        let withChannel = try #require(try json(try cli.run("catalog", "--field", "channel", "--json")) as? [[String: Any]])
        #expect(withChannel.map { $0["contractId"] as? String } == ["sales.orders"])
        let withAmount = try #require(try json(try cli.run("catalog", "--field", "amount", "--json")) as? [[String: Any]])
        #expect(withAmount.map { $0["contractId"] as? String } == ["sales.orders", "sales.refunds"])
        let none = try #require(try json(try cli.run("catalog", "--field", "nope", "--json")) as? [Any])
        #expect(none.isEmpty)

        let before = try cli.run("catalog", "sales.orders", "--as-of", between, "--json")
        #expect(before.status == 0, "\(before.stderr)")
        let old = try #require(try json(before) as? [[String: Any]])
        #expect(old.map { $0["version"] as? String } == ["1.0.0"])
        let oldPage = try #require(try json(try cli.run("catalog", "--as-of", between, "--limit", "1", "--offset", "1", "--json")) as? [[String: Any]])
        #expect(oldPage.map { "\($0["contractId"] ?? "")@\($0["version"] ?? "")" } == ["sales.refunds@1.0.0"], "a page of the catalog as of a time")
        let oldChannel = try #require(try json(try cli.run("catalog", "--field", "channel", "--as-of", between, "--json")) as? [Any])
        #expect(oldChannel.isEmpty)
        let now = try #require(try json(try cli.run("catalog", "sales.orders", "--json")) as? [[String: Any]])
        #expect(now.map { $0["version"] as? String } == ["1.1.0"])

        let versions = try #require(try json(try cli.run("versions", "sales.orders", "--json")) as? [String: Any])
        #expect((versions["versions"] as? [[String: Any]])?.map { $0["version"] as? String } == ["1.0.0", "1.1.0"])
        #expect((versions["latestPerMajor"] as? [String: String])?["1"] == "1.1.0")

        let replay = try cli.run("audit", "replay", "--as-of", between, "--store", "audit.db")
        #expect(replay.status == 0, "\(replay.stderr)")
        let kept = try #require(try json(try cli.run("catalog", "--store", "audit.db", "--stale-ok", "--json")) as? [[String: Any]])
        #expect(kept.first { $0["contractId"] as? String == "sales.orders" }?["version"] as? String == "1.0.0")
        #expect(try cli.run("catalog", "--as-of", "last tuesday").status == 2)
    }

    @Test func twoStoresAtTheSamePositionPrintTheSame() throws {
        let cli = try CLIHarness()
        defer { cli.remove() }
        try cli.write("v1.yaml", ContractTexts.orders())
        #expect(try cli.run("publish", "v1.yaml").status == 0)
        #expect(try cli.run("quality", "record", "sales.orders", "--rule", "unique_order_id", "--passed").status == 0)
        #expect(try cli.run("project", "--until-caught-up", "--store", "a.db").status == 0)
        Thread.sleep(forTimeInterval: 0.2)
        #expect(try cli.run("project", "--rebuild", "--until-caught-up", "--store", "b.db").status == 0)
        for command in [["catalog", "--json"], ["dashboard", "quality", "--json"], ["timeline", "sales.orders", "--json"]] {
            let left = try cli.run(command + ["--store", "a.db", "--stale-ok"])
            let right = try cli.run(command + ["--store", "b.db", "--stale-ok"])
            #expect(left.status == 0 && left.stdout == right.stdout, "\(command)")
        }
        // A rebuild in place writes a.db.rebuilding and renames it over a.db: same answers, no file left.
        let before = try cli.run("dashboard", "quality", "--json", "--store", "a.db", "--stale-ok")
        #expect(try cli.run("project", "--rebuild", "--until-caught-up", "--store", "a.db").status == 0)
        #expect(!FileManager.default.fileExists(atPath: cli.path("a.db.rebuilding")))
        #expect(try cli.run("dashboard", "quality", "--json", "--store", "a.db", "--stale-ok").stdout == before.stdout)
        let status = try cli.run("projections", "status", "--store", "a.db", "--json")
        let rows = try #require(try json(status) as? [[String: Any]])
        #expect(rows.count == 4 && rows.allSatisfy { $0["lag"] as? Int == 0 && $0["quarantined"] as? Int == 0 })
    }
}
