import Foundation
import Testing

/// Issue #16 finding 10: a refused broker fails fast, and librdkafka's own log lines stay off the
/// terminal unless asked for.
@Suite("Kafka fails fast and quietly", .serialized)
struct KafkaFailFastTests {
    /// A loopback port nothing listens on: bound, then closed, so connecting is refused.
    private static func closedPort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0 }
        }
        guard bound else { throw CLIHarness.Failure(message: "cannot bind a loopback port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    @Test(arguments: [["list"], ["history", "sales.orders"], ["publish", "orders.yaml"], ["audit", "verify"],
                      ["topics", "check"], ["topics", "create", "--partitions", "1", "--replication-factor", "1"]])
    func everyBrokerRefusingFailsInSecondsWithOneLine(arguments: [String]) throws {
        let cli = try CLIHarness()
        defer { cli.remove() }
        try cli.write("orders.yaml", ContractTexts.orders())
        let port = try Self.closedPort()
        let started = Date()
        let result = try cli.run(arguments + ["--kafka", "127.0.0.1:\(port)"])
        let seconds = Date().timeIntervalSince(started)
        #expect(result.status == 2, "\(result.stdout) \(result.stderr)")
        #expect(seconds < 10, "the old behaviour waited the whole 30 s timeout: \(seconds) s")
        #expect(result.stderr.contains("refused") && result.stderr.contains("127.0.0.1:\(port)"), "\(result.stderr)")
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "one line, no librdkafka log lines: \(result.stderr)")
    }

    @Test func theDevBrokerIsQuietByDefaultAndLogsOnRequest() throws {
        let (broker, bootstrap) = try KafkaCLITests.startDevBroker()
        defer { broker.interrupt(); broker.waitUntilExit() }
        let cli = try CLIHarness()
        defer { cli.remove() }
        try cli.write("orders.yaml", ContractTexts.orders())
        let publish = try cli.run("publish", "orders.yaml", "--kafka", bootstrap)
        #expect(publish.status == 0, "\(publish.stderr)")
        #expect(publish.stderr.isEmpty, "no librdkafka warning on a command that worked: \(publish.stderr)")
        let list = try cli.run("list", "--kafka", bootstrap)
        #expect(list.status == 0 && list.stderr.isEmpty, "\(list.stderr)")
        let verbose = try cli.run(["list", "--kafka", bootstrap], environment: ["DCL_LOG_LEVEL": "debug"])
        #expect(verbose.status == 0)
        #expect(verbose.stderr.contains("dcl.kafka"), "with DCL_LOG_LEVEL=debug the client's log lines show, labelled: \(verbose.stderr)")
        let bad = try cli.run(["list"], environment: ["DCL_LOG_LEVEL": "loud"])
        #expect(bad.status == 2 && bad.stderr.contains("DCL_LOG_LEVEL"), "\(bad.stderr)")
    }
}
