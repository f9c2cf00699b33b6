import DCLTestSupport
import DCLApplication
import DCLDomain
import DCLKafka
import Foundation
import Testing

/// A single `dcl project` on the mock Kafka cluster (12 partitions), killed with SIGKILL twice while
/// a writer appends quality results: once caught up, its SQLite store exports byte for byte what a
/// clean rebuild exports (`dcl projections export`), although the two stores number the events in
/// different orders (each in the order it read the partitions).
///
/// The suite writes 1,000 results: through `LedgerService` on Kafka the writer appends about ten
/// events a second in a debug build on a busy two-core machine, so the 20,000 take half an
/// hour; run them with `DCL_KAFKA_KILL_RESULTS=20000 swift test --filter KafkaProjectorKillTests`.
@Suite("projector on Kafka killed mid-way", .serialized)
struct KafkaProjectorKillTests {
    static let contracts = 20
    /// 1,000 by default; `DCL_KAFKA_KILL_RESULTS` (a multiple of 100) for a longer run.
    static let results = ProcessInfo.processInfo.environment["DCL_KAFKA_KILL_RESULTS"].flatMap(Int.init) ?? 1_000

    /// `dcl dev kafka` with 12 partitions per topic: 20,000 events stay well below the mock's
    /// per-partition cap (about 5 MiB, past which it silently drops the oldest records).
    static func startBroker() throws -> (ChildProcess, String) {
        let process = ChildProcess()
        process.executableURL = CLIHarness.binary
        process.arguments = ["dev", "kafka", "--brokers", "1", "--partitions", "12"]
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

    /// Publishes `count` contracts, `sales.orders_0` to `sales.orders_<count-1>`, in one `dcl publish`.
    static func publishContracts(_ count: Int, in cli: CLIHarness, kafka: [String]) throws {
        var files: [String] = []
        for index in 0..<count {
            let name = "orders_\(index)"
            try cli.write("\(name).yaml", ContractTexts.orders().replacingOccurrences(of: "sales.orders", with: "sales.\(name)")
                .replacingOccurrences(of: "dataProduct: orders", with: "dataProduct: \(name)"))
            files.append("\(name).yaml")
        }
        let published = try cli.run(["publish"] + files + kafka)
        #expect(published.status == 0, "\(published.stderr)")
    }

    @Test func killedProjectorExportsWhatACleanRebuildExports() async throws {
        let (broker, bootstrap) = try Self.startBroker()
        defer { broker.interrupt(); broker.waitUntilExit() }
        let cli = try CLIHarness()
        defer { cli.remove() }
        let kafka = ["--kafka", bootstrap]
        try Self.publishContracts(Self.contracts, in: cli, kafka: kafka)

        // The writer: appends of 100 results each, round-robin over the contracts.
        let writer = Task.detached {
            let log = try KafkaEventLog(bootstrapServers: bootstrap)
            let service = LedgerService(log: log)
            for batch in 0..<(Self.results / 100) {
                let commands: [LedgerCommand] = (0..<100).map { offset in
                    let step = batch * 100 + offset
                    return .recordQualityCheck(ContractID("sales.orders_\(step % Self.contracts)")!, rule: "unique_order_id",
                                               passed: step % 7 != 0, value: NumericLiteral(step),
                                               observedAt: Timestamp(millisecondsSinceEpoch: 1_764_000_000_000 + Int64(step) * 1000))
                }
                try await service.execute(commands, actor: "writer")
                if batch % 20 == 19 { FileHandle.standardError.write(Data("writer: \((batch + 1) * 100) results at \(Date())\n".utf8)) }
            }
            await log.shutdown()
        }

        // The projector follows the topics and is killed twice while the writer appends.
        let store = cli.path("killed.db")
        for pause in [2, 3] {
            let process = ChildProcess()
            process.executableURL = CLIHarness.binary
            process.arguments = ["project", "--store", store, "--batch-size", "500"] + kafka
            process.currentDirectoryURL = cli.folder
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            try await Task.sleep(for: .seconds(pause))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            #expect(process.terminationReason == .uncaughtSignal)
        }
        try await writer.value

        let finish = try cli.run(["project", "--store", store, "--until-caught-up"] + kafka)
        #expect(finish.status == 0, "\(finish.stderr)")
        let rebuild = try cli.run(["project", "--store", cli.path("rebuilt.db"), "--rebuild", "--until-caught-up"] + kafka)
        #expect(rebuild.status == 0, "\(rebuild.stderr)")
        let killed = try cli.run(["projections", "export", "--store", store, "--stale-ok"] + kafka)
        let rebuilt = try cli.run(["projections", "export", "--store", cli.path("rebuilt.db"), "--stale-ok"] + kafka)
        #expect(killed.status == 0 && rebuilt.status == 0, "\(killed.stderr) \(rebuilt.stderr)")
        #expect(killed.stdout == rebuilt.stdout, "the killed projector's store differs from a clean rebuild")
        let timeline = killed.stdout.split(separator: "\n").filter { $0.hasPrefix("audit_timeline\t") }
        #expect(timeline.count == Self.results + Self.contracts + 1, "every result, publish and the domain's registration once")
        let totals = killed.stdout.split(separator: "\n").filter { $0.hasPrefix("contract_quality\t") }
        #expect(totals.count == Self.contracts && totals.allSatisfy { $0.contains("\"total_checks\":\(Self.results / Self.contracts)") })
    }
}
