import DCLTestSupport
import Foundation
import Testing

/// On Kafka, `dcl project` publishes the current catalog entry and quality summary of every
/// contract a batch changed on the compacted topics `dcl.catalog.v1` and `dcl.quality-summary.v1`
/// (a tombstone in the catalog once retired). kcat, an independent client, reads them; the latest
/// value per key — what compaction keeps — matches `dcl catalog --json`, and a rebuild publishes
/// the same values again.
@Suite("Changelog topics dcl.catalog.v1 and dcl.quality-summary.v1", .serialized)
struct KafkaChangelogTests {
    struct Record: Hashable {
        var key: String
        /// nil: a tombstone.
        var value: String?
    }

    /// Every record of the topic, read by kcat to the end of each partition, each partition in offset order.
    static func records(_ bootstrap: String, topic: String) throws -> [Record] {
        let kcat = ChildProcess()
        kcat.executableURL = URL(fileURLWithPath: "/usr/bin/kcat")
        // %S is the value's length, -1 for a null value (a tombstone).
        kcat.arguments = ["-C", "-b", bootstrap, "-t", topic, "-e", "-q", "-f", "%k\\t%S\\t%s\\n"]
        let out = Pipe()
        kcat.standardOutput = out
        kcat.standardError = FileHandle.nullDevice
        try kcat.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        kcat.waitUntilExit()
        #expect(kcat.terminationStatus == 0, "kcat: \(text)")
        return text.split(separator: "\n").map { line in
            let parts = line.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
            return Record(key: parts[0], value: parts.count > 2 && parts[1] != "-1" ? parts[2] : nil)
        }
    }

    /// What compaction keeps: the last value per key (all records of a key share a partition).
    static func latest(_ records: [Record]) -> [String: String?] {
        var latest: [String: String?] = [:]
        for record in records { latest[record.key] = .some(record.value) }
        return latest
    }

    static func object(_ text: String?) throws -> NSDictionary {
        guard let text, let value = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? NSDictionary else {
            throw CLIHarness.Failure(message: "not a JSON object: \(text ?? "null")")
        }
        return value
    }

    @Test("latest per key matches dcl catalog --json, a retired contract is a tombstone, a rebuild publishes the same values")
    func changelogMatchesTheReadModels() throws {
        let (broker, bootstrap) = try KafkaCLITests.startDevBroker()
        defer { broker.interrupt(); broker.waitUntilExit() }
        let cli = try CLIHarness()
        defer { cli.remove() }
        let kafka = ["--kafka", bootstrap]
        func dcl(_ arguments: [String]) throws -> CLIHarness.Result {
            let result = try cli.run(arguments + kafka)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            return result
        }
        try cli.write("orders.yaml", ContractTexts.orders())
        try cli.write("returns.yaml", ContractTexts.orders().replacingOccurrences(of: "sales.orders", with: "sales.returns")
            .replacingOccurrences(of: "dataProduct: orders", with: "dataProduct: returns"))
        _ = try dcl(["publish", "orders.yaml", "returns.yaml"])
        _ = try dcl(["project", "--until-caught-up", "--store", "first.db"])
        for (day, passed) in [(1, true), (2, false)] {
            _ = try dcl(["quality", "record", "sales.orders", "--rule", "unique_order_id", passed ? "--passed" : "--failed",
                         "--observed-at", "2026-11-0\(day)T00:00:00Z"])
        }
        _ = try dcl(["deprecate", "sales.returns", "--reason", "merged into sales.orders"])
        _ = try dcl(["retire", "sales.returns"])
        _ = try dcl(["project", "--until-caught-up", "--store", "first.db"])

        let catalogRecords = try Self.records(bootstrap, topic: "dcl.catalog.v1")
        let catalog = Self.latest(catalogRecords)
        #expect(Set(catalog.keys) == ["sales.orders", "sales.returns"], "\(catalogRecords)")
        #expect(catalog["sales.returns"] == .some(nil), "a retired contract's latest catalog record is a tombstone")
        let listed = try #require(try JSONSerialization.jsonObject(with: Data(try dcl(["catalog", "--json", "--store", "first.db"]).stdout.utf8))
                                  as? [NSDictionary])
        let current = listed.filter { $0["status"] as? String != "retired" }
        #expect(current.count == 1)
        #expect(try current.map { try Self.object(catalog[$0["contractId"] as? String ?? ""] ?? nil) } == current)

        let summaries = Self.latest(try Self.records(bootstrap, topic: "dcl.quality-summary.v1"))
        let orders = try Self.object(summaries["sales.orders"] ?? nil)
        #expect(orders["totalChecks"] as? Int == 2 && orders["passedChecks"] as? Int == 1, "\(orders)")
        #expect(orders["qualityScore"] as? String == "0.5000", "\(orders)")
        #expect(orders["lastChecked"] as? String == "2026-11-02T00:00:00.000Z", "\(orders)")
        #expect(orders["freshUntil"] as? String == "2026-11-03T00:00:00.000Z", "\(orders): the default freshness SLA is a day")
        #expect(orders["slaAdherence"] is String, "\(orders)")

        // A projector with nothing new publishes nothing; a rebuild publishes every contract's current value again.
        let before = try Self.records(bootstrap, topic: "dcl.catalog.v1").count
        _ = try dcl(["project", "--until-caught-up", "--store", "first.db"])
        #expect(try Self.records(bootstrap, topic: "dcl.catalog.v1").count == before)
        _ = try dcl(["project", "--until-caught-up", "--rebuild", "--store", "rebuilt.db"])
        let afterRebuild = try Self.records(bootstrap, topic: "dcl.catalog.v1")
        #expect(afterRebuild.count > before)
        #expect(Self.latest(afterRebuild) == catalog)
        #expect(Self.latest(try Self.records(bootstrap, topic: "dcl.quality-summary.v1")) == summaries)
    }
}
