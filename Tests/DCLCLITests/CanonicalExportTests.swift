import Foundation
import Testing

/// `dcl projections export`: stores built differently from one ledger print the same bytes.
@Suite("canonical export of the read models")
struct CanonicalExportTests {
    @Test func incrementalAndRebuiltStoresExportIdentically() throws {
        let cli = try CLIHarness()
        defer { cli.remove() }
        let ledger = cli.path("ledger.db")
        let incremental = cli.path("incremental.db")
        func dcl(_ arguments: String...) throws -> CLIHarness.Result {
            let result = try cli.run(arguments + ["--ledger", ledger])
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            return result
        }
        /// Folds what is new into the incremental store one event per transaction.
        func follow() throws { _ = try dcl("project", "--store", incremental, "--until-caught-up", "--batch-size", "1") }

        try cli.write("orders.yaml", ContractTexts.orders())
        _ = try dcl("publish", "orders.yaml")
        try follow()
        for (step, passed) in [true, false, true].enumerated() {
            _ = try dcl("quality", "record", "sales.orders", "--rule", "unique_order_id", passed ? "--passed" : "--failed",
                        "--value", String(step), "--observed-at", "2026-11-0\(step + 1)T00:00:00Z")
        }
        try follow()
        _ = try dcl("consumer", "subscribe", "sales.orders", "--consumer", "finance-reporting", "--fields", "order_id")
        try cli.write("orders-1.1.yaml", ContractTexts.orders(version: "1.1.0", extraField: true))
        _ = try dcl("publish", "orders-1.1.yaml")
        try follow()
        _ = try dcl("deprecate", "sales.orders", "--reason", "replaced by sales.orders_v2")
        try follow()

        _ = try dcl("project", "--store", cli.path("rebuilt.db"), "--rebuild", "--until-caught-up")
        let followed = try dcl("projections", "export", "--store", incremental, "--stale-ok").stdout
        let rebuilt = try dcl("projections", "export", "--store", cli.path("rebuilt.db"), "--stale-ok").stdout
        #expect(followed == rebuilt)

        // The export holds every read model, each row once, sorted.
        let lines = followed.split(separator: "\n").map(String.init)
        #expect(lines == lines.sorted())
        let tables = Set(lines.map { $0.prefix { $0 != "\t" } })
        for table in ["audit_timeline", "catalog_history", "contract_fields", "contract_quality", "contract_versions",
                      "data_product_contracts", "notifications", "policy_compliance", "fold_state"] {
            #expect(tables.contains(Substring(table)), "no \(table) row in:\n\(followed)")
        }
        // One timeline row per event: 7 of the contract's, its domain's registration and the subscription.
        #expect(lines.filter { $0.hasPrefix("audit_timeline\t") }.count == 9)
        #expect(lines.contains { $0.hasPrefix("contract_quality\t") && $0.contains("\"total_checks\":3") })
        #expect(lines.contains { $0.hasPrefix("fold_state\t") && $0.contains("finance-reporting") })
        #expect(!followed.contains("\"position\""), "store positions are not exported")

        // A store that has not folded the latest event exports something else.
        _ = try dcl("quality", "record", "sales.orders", "--rule", "unique_order_id", "--passed", "--observed-at", "2026-11-05T00:00:00Z")
        let stale = try dcl("projections", "export", "--store", incremental, "--stale-ok").stdout
        let caughtUp = try dcl("projections", "export", "--store", cli.path("rebuilt.db")).stdout
        #expect(stale == followed)
        #expect(caughtUp != stale)
        #expect(try dcl("projections", "export", "--store", incremental).stdout == caughtUp)
    }

    @Test func asOfIsRefusedAsUsage() throws {
        let cli = try CLIHarness()
        defer { cli.remove() }
        let result = try cli.run("projections", "export", "--ledger", cli.path("ledger.db"), "--as-of", "2026-11-01T00:00:00Z")
        #expect(result.status == 2)
        #expect(result.stderr.contains("--as-of"), "\(result.stderr)")
    }
}
