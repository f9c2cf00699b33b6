import DCLTestSupport
import Foundation
import Testing

/// The foundation's CLI flow against Kafka: `dcl dev kafka` (librdkafka's mock cluster over TCP)
/// as a separate process, and `dcl … --kafka BOOTSTRAP` as users run it.
@Suite("dcl on Kafka end to end", .serialized)
struct KafkaCLITests {
    /// Starts `dcl dev kafka` and returns it with the bootstrap servers it printed.
    static func startDevBroker() throws -> (ChildProcess, String) {
        let process = ChildProcess()
        process.executableURL = CLIHarness.binary
        process.arguments = ["dev", "kafka", "--brokers", "3", "--partitions", "4"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self).split(separator: "\n").first.map(String.init) ?? ""
        guard text.hasPrefix("bootstrap=") else {
            process.terminate()
            throw CLIHarness.Failure(message: "dcl dev kafka printed '\(text)'")
        }
        return (process, String(text.dropFirst("bootstrap=".count)))
    }

    @Test func publishDuplicateHistoryAndAuditOnKafka() throws {
        let (broker, bootstrap) = try Self.startDevBroker()
        defer { broker.interrupt(); broker.waitUntilExit() }
        let cli = try CLIHarness()
        defer { cli.remove() }
        let kafka = ["--kafka", bootstrap]
        try cli.write("orders.yaml", ContractTexts.orders())
        try cli.write("orders-1.1.yaml", ContractTexts.orders(version: "1.1.0", extraField: true))
        let first = try cli.run(["publish", "orders.yaml"] + kafka)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(try cli.run(["publish", "orders-1.1.yaml"] + kafka).status == 0)
        let before = try #require(try JSONSerialization.jsonObject(with: Data(try cli.run(["history", "sales.orders", "--json"] + kafka).stdout.utf8)) as? [Any])
        // The same file again is unchanged (exit 0, nothing appended); other content under 1.0.0 is rejected.
        let duplicate = try cli.run(["publish", "orders.yaml"] + kafka)
        #expect(duplicate.status == 0 && duplicate.stdout.contains("unchanged sales.orders 1.0.0"), "\(duplicate.stderr)")
        try cli.write("orders-changed.yaml", ContractTexts.orders(removeAmount: true))
        let changed = try cli.run(["publish", "orders-changed.yaml"] + kafka)
        #expect(changed.status == 1 && changed.stderr.contains("fieldRemoved orders.amount"), "\(changed.stderr)")
        let history = try cli.run(["history", "sales.orders", "--json"] + kafka)
        let after = try #require(try JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as? [[String: Any]])
        #expect(after.count == before.count, "an unchanged or rejected publish appends nothing")
        #expect(after.map { $0["type"] as? String } == ["ContractPublished", "ContractPublished", "SchemaChanged"])
        let audit = try cli.run(["audit", "verify"] + kafka)
        #expect(audit.status == 0 && audit.stdout.contains("intact"), "\(audit.stdout)\(audit.stderr)")
        #expect(!FileManager.default.fileExists(atPath: cli.path(".dcl/ledger.db")), "nothing went to the embedded ledger")

        // The projector folds the Kafka ledger into the same read models.
        #expect(try cli.run(["quality", "record", "sales.orders", "--rule", "unique_order_id", "--failed"] + kafka).status == 0)
        let dashboard = try cli.run(["dashboard", "quality", "--json", "--store", "kafka-read.db"] + kafka)
        #expect(dashboard.status == 0, "\(dashboard.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(dashboard.stdout.utf8)) as? [[String: Any]])
        #expect(rows.first?["totalChecks"] as? Int == 1 && rows.first?["passedChecks"] as? Int == 0)
        let catalog = try #require(try JSONSerialization.jsonObject(with: Data(try cli.run(["catalog", "--field", "channel", "--json", "--store", "kafka-read.db"] + kafka).stdout.utf8)) as? [[String: Any]])
        #expect(catalog.map { $0["version"] as? String } == ["1.1.0"])

        // An independent Kafka client sees the events on dcl.contracts.v1, keyed by contract id.
        let kcat = ChildProcess()
        kcat.executableURL = URL(fileURLWithPath: "/usr/bin/kcat")
        kcat.arguments = ["-C", "-b", bootstrap, "-t", "dcl.contracts.v1", "-e", "-q", "-f", "%k %h\\n"]
        let out = Pipe()
        kcat.standardOutput = out
        kcat.standardError = FileHandle.nullDevice
        try kcat.run()
        let records = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        kcat.waitUntilExit()
        let keys = records.split(separator: "\n").map { $0.split(separator: " ").first.map(String.init) ?? "" }
        #expect(keys.filter { $0 == "sales.orders" }.count == 3, "\(records)")
        #expect(records.contains("dcl-event-type=ContractPublished"))
    }

    @Test func twoProcessesRacingForTheSameVersionOneWins() throws {
        let (broker, bootstrap) = try Self.startDevBroker()
        defer { broker.interrupt(); broker.waitUntilExit() }
        let cli = try CLIHarness()
        defer { cli.remove() }
        try cli.write("orders.yaml", ContractTexts.orders())
        #expect(try cli.run(["publish", "orders.yaml", "--kafka", bootstrap]).status == 0)
        try cli.write("a.yaml", ContractTexts.orders(version: "1.1.0", extraField: true).replacingOccurrences(of: "name: Orders", with: "name: Orders by A"))
        try cli.write("b.yaml", ContractTexts.orders(version: "1.1.0").replacingOccurrences(of: "name: Orders", with: "name: Orders by B"))
        func start(_ file: String) throws -> ChildProcess {
            let process = ChildProcess()
            process.executableURL = CLIHarness.binary
            process.arguments = ["publish", file, "--kafka", bootstrap, "--actor", file]
            process.currentDirectoryURL = cli.folder
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            return process
        }
        let a = try start("a.yaml")
        let b = try start("b.yaml")
        try a.run()
        try b.run()
        a.waitUntilExit()
        b.waitUntilExit()
        let statuses = [a.terminationStatus, b.terminationStatus]
        #expect(statuses.sorted() == [0, 1], "exactly one wins: \(statuses)")
        let winner = a.terminationStatus == 0 ? "Orders by A" : "Orders by B"
        let show = try cli.run(["show", "sales.orders", "--json", "--kafka", bootstrap])
        let shown = try #require(try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any])
        #expect((shown["contract"] as? [String: Any])?["name"] as? String == winner)
        #expect((shown["contract"] as? [String: Any])?["version"] as? String == "1.1.0")
        #expect(try cli.run(["audit", "verify", "--kafka", bootstrap]).status == 0)
    }
}
