import Foundation
import Testing

/// A read-model store answers only for the ledger it was folded from.
@Suite("a store knows its ledger", .serialized)
struct StoreLedgerBindingTests {
    @Test func aStoreBuiltFromAnotherLedgerIsRefusedUntilRebuilt() throws {
        let cli = try CLIHarness()
        defer { cli.remove() }
        try cli.write("orders.yaml", ContractTexts.orders())
        try cli.write("refunds.yaml", ContractTexts.orders().replacingOccurrences(of: "id: sales.orders", with: "id: sales.refunds")
            .replacingOccurrences(of: "dataProduct: orders", with: "dataProduct: refunds"))
        #expect(try cli.run("publish", "orders.yaml").status == 0)
        #expect(try cli.run("catalog", "--json").status == 0)   // builds .dcl/readmodels.db from .dcl/ledger.db
        #expect(try cli.run("publish", "--ledger", "other.db", "refunds.yaml").status == 0)
        #expect(try cli.run("publish", "--ledger", "other.db", "orders.yaml").status == 0)

        let foreign = try cli.run("catalog", "--ledger", "other.db", "--json")
        #expect(foreign.status == 2, "\(foreign.stdout)")
        #expect(foreign.stdout.isEmpty, "nothing of either ledger is printed")
        #expect(foreign.stderr.contains("another ledger") && foreign.stderr.contains("--rebuild"), "\(foreign.stderr)")
        #expect(try cli.run("projections", "status", "--ledger", "other.db").status == 2)

        // Its own ledger still reads it, and a rebuild binds it to the other one.
        let own = try cli.run("catalog", "--json")
        #expect(own.status == 0 && own.stdout.contains("sales.orders") && !own.stdout.contains("sales.refunds"), "\(own.stderr)")
        #expect(try cli.run("project", "--ledger", "other.db", "--rebuild", "--until-caught-up").status == 0)
        let rebound = try cli.run("catalog", "--ledger", "other.db", "--json")
        #expect(rebound.status == 0 && rebound.stdout.contains("sales.refunds"), "\(rebound.stderr)")
    }

    @Test func aDivergedCopyOfTheLedgerIsRefused() throws {
        let cli = try CLIHarness()
        defer { cli.remove() }
        try cli.write("orders.yaml", ContractTexts.orders())
        try cli.write("v2.yaml", ContractTexts.orders(version: "1.1.0", extraField: true))
        #expect(try cli.run("publish", "orders.yaml").status == 0)
        // Same identity from here on: a copy of the file.
        try FileManager.default.copyItem(atPath: cli.path(".dcl/ledger.db"), toPath: cli.path("copy.db"))
        try FileManager.default.copyItem(atPath: cli.path(".dcl/ledger.db"), toPath: cli.path("short.db"))
        #expect(try cli.run("publish", "v2.yaml").status == 0)
        #expect(try cli.run("quality", "record", "sales.orders", "--rule", "unique_order_id", "--passed").status == 0)
        #expect(try cli.run("catalog", "--json").status == 0)
        // The copy diverges with another event at the positions the store has folded.
        for _ in 0..<4 {
            #expect(try cli.run("quality", "record", "sales.orders", "--ledger", "copy.db", "--rule", "unique_order_id", "--failed").status == 0)
        }
        let diverged = try cli.run("dashboard", "quality", "--ledger", "copy.db", "--json")
        #expect(diverged.status == 2, "\(diverged.stdout)")
        #expect(diverged.stderr.contains("another copy of this ledger"), "\(diverged.stderr)")
        // A copy that is behind the store is refused too.
        let short = try cli.run("catalog", "--ledger", "short.db", "--json")
        #expect(short.status == 2 && short.stderr.contains("lost events"), "\(short.stderr)")
    }
}

/// The same on Kafka: a store folded from one cluster's topics is not read for another's.
@Suite("a store knows its Kafka ledger", .serialized)
struct KafkaStoreLedgerBindingTests {
    @Test func aStoreFoldedFromOneClusterIsRefusedForAnother() throws {
        let (first, firstBootstrap) = try KafkaCLITests.startDevBroker()
        defer { first.interrupt(); first.waitUntilExit() }
        let (second, secondBootstrap) = try KafkaCLITests.startDevBroker()
        defer { second.interrupt(); second.waitUntilExit() }
        let cli = try CLIHarness()
        defer { cli.remove() }
        try cli.write("orders.yaml", ContractTexts.orders())
        try cli.write("refunds.yaml", ContractTexts.orders().replacingOccurrences(of: "id: sales.orders", with: "id: sales.refunds")
            .replacingOccurrences(of: "dataProduct: orders", with: "dataProduct: refunds"))
        #expect(try cli.run("publish", "orders.yaml", "--kafka", firstBootstrap).status == 0)
        #expect(try cli.run("publish", "refunds.yaml", "--kafka", secondBootstrap).status == 0)
        #expect(try cli.run("publish", "orders.yaml", "--kafka", secondBootstrap).status == 0)
        let own = try cli.run("catalog", "--json", "--kafka", firstBootstrap)
        #expect(own.status == 0 && own.stdout.contains("sales.orders"), "\(own.stderr)")
        let foreign = try cli.run("catalog", "--json", "--kafka", secondBootstrap)
        #expect(foreign.status == 2 && foreign.stdout.isEmpty, "\(foreign.stdout)")
        #expect(foreign.stderr.contains("--rebuild"), "\(foreign.stderr)")
        // Nor is the embedded ledger's store read for Kafka's, or the other way round.
        #expect(try cli.run("publish", "orders.yaml").status == 0)
        #expect(try cli.run("list", "--json").status == 2)
    }
}
