import Foundation
import GRDB
import Testing

/// Runs the real `dcl` binary against real SQLite files in temporary folders.
@Suite("dcl end to end", .serialized)
struct CLIEndToEndTests {
    @Test func publishShowListHistoryAndAudit() throws {
        let cli = try CLIHarness()
        defer { cli.remove() }
        try cli.write("orders.yaml", ContractTexts.orders())
        try cli.write("orders-1.1.yaml", ContractTexts.orders(version: "1.1.0", extraField: true))
        let first = try cli.run("publish", "orders.yaml", "--actor", "ana")
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("ContractPublished"))
        #expect(FileManager.default.fileExists(atPath: cli.path(".dcl/ledger.db")), "default ledger path is .dcl/ledger.db")
        #expect(try cli.run("publish", "orders-1.1.yaml", environment: ["DCL_ACTOR": "bob"]).status == 0)

        let show = try cli.run("show", "sales.orders", "--json")
        #expect(show.status == 0)
        let shown = try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any]
        #expect((shown?["contract"] as? [String: Any])?["version"] as? String == "1.1.0")
        #expect(shown?["versions"] as? [String] == ["1.0.0", "1.1.0"])
        let old = try cli.run("show", "sales.orders", "--version", "1.0.0")
        #expect(old.stdout.contains("1.0.0") && !old.stdout.contains("channel"))

        let list = try cli.run("list", "--json", "--domain", "sales")
        let entries = try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]]
        #expect(entries?.count == 1)
        #expect(entries?.first?["contractId"] as? String == "sales.orders")
        let none = try cli.run("list", "--json", "--domain", "marketing")
        #expect((try JSONSerialization.jsonObject(with: Data(none.stdout.utf8)) as? [Any])?.isEmpty == true)

        let history = try cli.run("history", "sales.orders", "--json")
        let events = try JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as? [[String: Any]]
        #expect(events?.map { $0["type"] as? String } == ["ContractPublished", "ContractPublished", "SchemaChanged"])
        #expect(events?.map { $0["actor"] as? String } == ["ana", "bob", "bob"])
        #expect(events?.allSatisfy { $0["sequence"] != nil && $0["occurredAt"] != nil && $0["recordedAt"] != nil && $0["summary"] != nil } == true)
        #expect((events?[2]["summary"] as? String)?.contains("fieldAdded orders.channel") == true)

        let odcs = try cli.run("show", "sales.orders", "--odcs")
        #expect(odcs.status == 0)
        #expect(odcs.stdout.contains("kind: DataContract") && odcs.stdout.contains("1.1.0"))

        let audit = try cli.run("audit", "verify")
        #expect(audit.status == 0, "\(audit.stdout)\(audit.stderr)")
        #expect(audit.stdout.contains("intact"))
    }

    @Test func publishingTheSameVersionTwiceLeavesTheLedgerByteForByteUnchanged() throws {
        let cli = try CLIHarness()
        defer { cli.remove() }
        try cli.write("orders.yaml", ContractTexts.orders())
        #expect(try cli.run("publish", "orders.yaml").status == 0)
        let before = try cli.read(".dcl/ledger.db")
        let again = try cli.run("publish", "orders.yaml")
        #expect(again.status == 0, "the same content again is already recorded: \(again.stderr)")
        #expect(again.stdout.contains("unchanged sales.orders 1.0.0"))
        #expect(try cli.read(".dcl/ledger.db") == before)
        try cli.write("older.yaml", ContractTexts.orders(version: "0.9.0"))
        let older = try cli.run("publish", "older.yaml")
        #expect(older.status == 1)
        #expect(older.stderr.contains("not greater"))
        #expect(try cli.read(".dcl/ledger.db") == before)
    }

    @Test(arguments: [
        ("malformed.yaml", "apiVersion: v3.1.0\nkind: DataContract\nid: [unclosed\n", "malformed.yaml"),
        ("no-version.yaml", ContractTexts.orders().replacingOccurrences(of: "version: 1.0.0\n", with: ""), "version"),
        ("bad-semver.yaml", ContractTexts.orders(version: "1.0"), "version"),
        ("bad-status.yaml", ContractTexts.orders(status: "\"\""), "status"),
        ("no-id.yaml", ContractTexts.orders().replacingOccurrences(of: "id: sales.orders\n", with: ""), "id"),
        ("unknown-type.yaml", ContractTexts.orders().replacingOccurrences(of: "logicalType: number", with: "logicalType: money"), "logicalType"),
        ("dup-property.yaml", ContractTexts.orders(extraField: true).replacingOccurrences(of: "name: channel", with: "name: amount"), "amount"),
    ])
    func badFilesExitTwoNamingTheFileAndRecordNothing(name: String, text: String, mentions: String) throws {
        let cli = try CLIHarness()
        defer { cli.remove() }
        try cli.write("good.yaml", ContractTexts.orders())
        #expect(try cli.run("publish", "good.yaml").status == 0)
        let before = try cli.read(".dcl/ledger.db")
        try cli.write(name, text)
        let result = try cli.run("publish", name)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains(name), "error names the file: \(result.stderr)")
        #expect(result.stderr.contains(mentions), "error names the field: \(result.stderr)")
        #expect(try cli.read(".dcl/ledger.db") == before)
    }

    @Test func changingOneByteOfAStoredEventFailsTheAudit() throws {
        let cli = try CLIHarness()
        defer { cli.remove() }
        try cli.write("orders.yaml", ContractTexts.orders())
        #expect(try cli.run("publish", "orders.yaml", "--actor", "tamper-target-actor").status == 0)
        #expect(try cli.run("audit", "verify").status == 0)
        // Flip one byte of the stored actor in the database file itself.
        var bytes = [UInt8](try cli.read(".dcl/ledger.db"))
        let needle = Array("tamper-target-actor".utf8)
        let index = try #require((0...(bytes.count - needle.count)).first { bytes[$0..<($0 + needle.count)].elementsEqual(needle) })
        bytes[index] = UInt8(ascii: "T")
        try Data(bytes).write(to: cli.folder.appendingPathComponent(".dcl/ledger.db"))
        let ids = try DatabaseQueue(path: cli.path(".dcl/ledger.db")).read {
            try String.fetchAll($0, sql: "SELECT event_id FROM events WHERE actor = 'Tamper-target-actor'")
        }
        let tampered = try #require(ids.first)
        let audit = try cli.run("audit", "verify")
        #expect(audit.status == 1)
        #expect(audit.stdout.contains(tampered), "names the tampered event: \(audit.stdout)")
    }

    @Test func lifecycleQualityAndOwnershipCommands() throws {
        let cli = try CLIHarness()
        defer { cli.remove() }
        try cli.write("orders.yaml", ContractTexts.orders())
        #expect(try cli.run("publish", "orders.yaml").status == 0)
        for passed in ["--passed", "--passed", "--failed", "--passed"] {
            let result = try cli.run("quality", "record", "sales.orders", "--rule", "unique_order_id", passed, "--value", "0",
                                     "--observed-at", "2026-11-25T06:00:00Z")
            #expect(result.status == 0, "\(result.stderr)")
        }
        let unknownRule = try cli.run("quality", "record", "sales.orders", "--rule", "nope", "--passed")
        #expect(unknownRule.status == 1 && unknownRule.stderr.contains("unique_order_id"))
        #expect(try cli.run("quality", "record", "sales.orders", "--rule", "unique_order_id").status == 2, "needs --passed or --failed")
        #expect(try cli.run("quality", "record", "sales.orders", "--rule", "unique_order_id", "--passed", "--observed-at", "noon").status == 2)

        let list = try cli.run("list", "--json")
        let entry = try #require((try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])?.first)
        #expect(entry["totalChecks"] as? Int == 4)
        #expect(entry["passedChecks"] as? Int == 3)
        #expect(entry["qualityScore"] as? String == "0.7500")

        #expect(try cli.run("transfer", "sales.orders", "--owner", "not-an-email").status == 2)
        #expect(try cli.run("transfer", "sales.orders", "--owner", "finance@company.com").status == 0)
        #expect(try cli.run("retire", "sales.orders").status == 1, "must be deprecated first")
        #expect(try cli.run("deprecate", "sales.orders", "--reason", "replaced by sales.orders_v2").status == 0)
        #expect(try cli.run("retire", "sales.orders").status == 0)
        let show = try cli.run("show", "sales.orders")
        #expect(show.stdout.contains("[retired]") && show.stdout.contains("finance@company.com"))
        #expect(try cli.run("audit", "verify").status == 0)
    }

    @Test func usageErrorsExitTwo() throws {
        let cli = try CLIHarness()
        defer { cli.remove() }
        #expect(try cli.run("publish").status == 2)
        #expect(try cli.run("frobnicate").status == 2)
        #expect(try cli.run("show", "no.such.contract").status == 1)
        let help = try cli.run("--help")
        #expect(help.status == 0 && help.stdout.contains("publish"))
    }

    @Test func initScaffoldsAPublishableContract() throws {
        let cli = try CLIHarness()
        defer { cli.remove() }
        let made = try cli.run("init", "--domain", "marketing", "--product", "campaign_performance", "--output", "c.yaml")
        #expect(made.status == 0, "\(made.stderr)")
        #expect(try cli.run("init", "--domain", "marketing", "--product", "campaign_performance", "--output", "c.yaml").status == 2,
                "does not overwrite without --force")
        let published = try cli.run("publish", "c.yaml")
        #expect(published.status == 0, "\(published.stderr)")
        #expect(try cli.run("show", "marketing.campaign_performance").stdout.contains("[draft]"))
    }

    @Test func demoRunsInAnEmptyFolder() throws {
        let cli = try CLIHarness()
        defer { cli.remove() }
        let demo = try cli.run("demo", "--ledger", cli.path("demo/ledger.db"))
        #expect(demo.status == 0, "\(demo.stderr)")
        #expect(demo.stdout.contains("sales.revenue_metrics") && demo.stdout.contains("marketing.campaign_performance"))
        #expect(demo.stdout.contains("SchemaChanged") && demo.stdout.contains("fieldAdded revenue_metrics.channel"))
        #expect(demo.stdout.contains("intact"))
        #expect(!FileManager.default.fileExists(atPath: cli.path(".dcl")), "the demo does not touch the user's ledger")
    }
}
