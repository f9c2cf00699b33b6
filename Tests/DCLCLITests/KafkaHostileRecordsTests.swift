import Foundation
import Testing

/// Issue #16: hostile records on the ledger topics. Someone with produce rights puts malformed or
/// forged records beside real events (with kcat, an independent client). Readers skip them
/// without losing a real event, and `dcl audit verify --kafka` names each one by topic, partition
/// and offset, exiting 1.
@Suite("hostile records on the Kafka topics", .serialized)
struct KafkaHostileRecordsTests {
    /// One record to produce: where, with which key and headers, and what the audit must say.
    struct HostileRecord {
        var name: String
        var topic = "dcl.contracts.v1"
        var key = "sales.orders"
        var headers: [String] = []
        var value: Data
        /// In the quarantine line's reason; nil for a record readers read as an event (a forged hash).
        var reason: String?
    }

    static let kcat = URL(fileURLWithPath: "/usr/bin/kcat")

    /// Runs kcat with `arguments` in the harness's folder; returns standard output.
    @discardableResult
    static func kcat(_ arguments: [String], in cli: CLIHarness) throws -> String {
        let run = try cli.runExecutable(kcat.path, arguments)
        guard run.status == 0 else {
            throw CLIHarness.Failure(message: "kcat \(arguments.joined(separator: " ")): \(run.stderr)")
        }
        return run.stdout
    }

    @Test func malformedAndForgedRecordsAreQuarantinedOrRejectedAndReported() throws {
        let (broker, bootstrap) = try KafkaCLITests.startDevBroker()
        defer { broker.interrupt(); broker.waitUntilExit() }
        let cli = try CLIHarness()
        defer { cli.remove() }
        let kafka = ["--kafka", bootstrap]
        try cli.write("orders.yaml", ContractTexts.orders())
        try cli.write("orders-1.1.yaml", ContractTexts.orders(version: "1.1.0", extraField: true))
        #expect(try cli.run(["publish", "orders.yaml"] + kafka).status == 0)
        #expect(try cli.run(["publish", "orders-1.1.yaml"] + kafka).status == 0)
        let showBefore = try cli.run(["show", "sales.orders", "--json"] + kafka)
        #expect(showBefore.status == 0, "\(showBefore.stderr)")
        let clean = try cli.run(["audit", "verify"] + kafka)
        #expect(clean.status == 0 && !clean.stdout.contains("QUARANTINED"), "\(clean.stdout)\(clean.stderr)")

        // The first real envelope, as stored, to mutate.
        let first = Data(try Self.kcat(["-C", "-b", bootstrap, "-t", "dcl.contracts.v1", "-o", "beginning", "-e", "-q", "-f", "%k %s\n"],
                                       in: cli)
            .split(separator: "\n").first { $0.hasPrefix("sales.orders ") }.map { $0.dropFirst("sales.orders ".count) }.map(String.init)?.utf8 ?? "".utf8)
        let envelope = try #require(try JSONSerialization.jsonObject(with: first) as? [String: Any])
        let hash = try #require(envelope["hash"] as? String)
        let forged = Data(String(decoding: first, as: UTF8.self).replacingOccurrences(of: hash, with: String(repeating: "a", count: 64)).utf8)

        let records: [HostileRecord] = [
            HostileRecord(name: "truncated", value: first.prefix(first.count - 40), reason: "not JSON"),
            HostileRecord(name: "bad-json", value: Data("{\"eventId\": oops".utf8), reason: "not JSON"),
            HostileRecord(name: "not-an-envelope", value: Data("{\"hello\":\"world\"}".utf8), reason: "not an event envelope"),
            HostileRecord(name: "wrong-key", key: "sales.other", value: first, reason: "not its stream subject 'sales.orders'"),
            HostileRecord(name: "wrong-topic", topic: "dcl.quality.v1", value: first, reason: "belongs on dcl.contracts.v1"),
            HostileRecord(name: "wrong-version", headers: ["dcl-envelope-version=9"], value: first, reason: "envelope version '9'"),
            HostileRecord(name: "oversized", value: Data("{\"padding\":\"".utf8) + Data(repeating: UInt8(ascii: "x"), count: 1_100_000) + Data("\"}".utf8),
                          reason: "more than the 1000000 a dcl writer sends"),
            // Well-formed, claiming sequence 1 again with a hash that does not match: an event (not
            // quarantined), which every fold rejects (the sequence is taken) and the audit names.
            HostileRecord(name: "wrong-hash", value: forged, reason: nil),
        ]
        for record in records {
            let file = "record-\(record.name).bin"
            try record.value.write(to: cli.folder.appendingPathComponent(file))
            var arguments = ["-P", "-b", bootstrap, "-t", record.topic, "-k", record.key, "-H", "case=\(record.name)",
                             "-X", "partitioner=murmur2_random", "-X", "message.max.bytes=2000000"]
            for header in record.headers { arguments += ["-H", header] }
            try Self.kcat(arguments + [file], in: cli)
        }
        // Where each landed, read back by an independent consumer (the `case` header names it).
        var locations: [String: (topic: String, partition: String, offset: String)] = [:]
        for topic in ["dcl.contracts.v1", "dcl.quality.v1"] {
            let listing = try Self.kcat(["-C", "-b", bootstrap, "-t", topic, "-o", "beginning", "-e", "-q", "-f", "%t %p %o %h\n"], in: cli)
            for line in listing.split(separator: "\n") {
                let parts = line.split(separator: " ", maxSplits: 3).map(String.init)
                guard parts.count == 4, let name = parts[3].split(separator: ",").first(where: { $0.hasPrefix("case=") })?.dropFirst(5) else { continue }
                locations[String(name)] = (parts[0], parts[1], parts[2])
            }
        }
        #expect(locations.count == records.count, "every hostile record is on a topic: \(locations)")

        // Readers lose nothing real: the catalog, the contract and its history read as before.
        let list = try cli.run(["list"] + kafka)
        #expect(list.status == 0 && list.stdout.contains("sales.orders") && list.stdout.contains("1.1.0"), "\(list.stdout)\(list.stderr)")
        let showAfter = try cli.run(["show", "sales.orders", "--json"] + kafka)
        #expect(showAfter.status == 0 && showAfter.stdout == showBefore.stdout, "\(showAfter.stdout)\(showAfter.stderr)")
        let history = try cli.run(["history", "sales.orders", "--json"] + kafka)
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as? [[String: Any]])
        let accepted = entries.filter { ($0["outcome"] as? String ?? "accepted") == "accepted" }
        #expect(accepted.map { $0["type"] as? String } == ["ContractPublished", "ContractPublished", "SchemaChanged"], "\(history.stdout)")
        // The read models fold the same real events.
        let dashboard = try cli.run(["catalog", "--json", "--store", "kafka-read.db"] + kafka)
        #expect(dashboard.status == 0 && dashboard.stdout.contains("\"1.1.0\""), "\(dashboard.stdout)\(dashboard.stderr)")
        // A writer still appends after the hostile records.
        try cli.write("orders-1.2.yaml", ContractTexts.orders(version: "1.2.0", extraField: true))
        let publish = try cli.run(["publish", "orders-1.2.yaml"] + kafka)
        #expect(publish.status == 0, "\(publish.stderr)")

        // The audit names every quarantined record by topic, partition and offset, and the forged event.
        let audit = try cli.run(["audit", "verify"] + kafka)
        #expect(audit.status == 1, "\(audit.stdout)\(audit.stderr)")
        for record in records {
            guard let place = locations[record.name] else { continue }
            if let reason = record.reason {
                let line = audit.stdout.split(separator: "\n").first { $0.hasPrefix("QUARANTINED \(place.topic) partition \(place.partition) offset \(place.offset): ") }
                #expect(line?.contains(reason) == true, "\(record.name) at \(place): \(audit.stdout)")
            } else {
                #expect(audit.stdout.contains("TAMPERED") && audit.stdout.contains("stored at \(place.topic)[\(place.partition)]@\(place.offset)")
                        && audit.stdout.contains("does not match its hash"), "\(record.name) at \(place): \(audit.stdout)")
            }
        }
        #expect(audit.stderr.contains("audit failed"), "\(audit.stderr)")
        let json = try cli.run(["audit", "verify", "--json"] + kafka)
        #expect(json.status == 1)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let quarantined = try #require(report["quarantined"] as? [[String: Any]])
        #expect(quarantined.count == records.filter { $0.reason != nil }.count, "\(json.stdout)")
        #expect(Set(quarantined.map { "\($0["topic"]!) \($0["partition"]!) \($0["offset"]!)" })
                == Set(records.filter { $0.reason != nil }.compactMap { locations[$0.name] }.map { "\($0.topic) \($0.partition) \($0.offset)" }))
        #expect(report["intact"] as? Bool == false)
    }
}
