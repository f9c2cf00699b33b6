import ArgumentParser
import DCLKafka
import Foundation
import Logging
import ServiceLifecycle

struct DevCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dev",
        abstract: "Development helpers: nothing here is for production data.",
        subcommands: [DevKafkaCommand.self])
}

struct DevKafkaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kafka",
        abstract: "Run an in-memory mock Kafka cluster for tests and demos. NOT DURABLE: everything is lost on exit.",
        discussion: """
        NOT DURABLE. This is librdkafka's built-in mock cluster: real brokers on localhost TCP ports that speak the \
        Kafka protocol, but they keep everything in this process's memory only. Every event written to it is lost \
        when the command exits. Each partition holds about 5 MiB (or 100,000 batches); beyond that the mock silently \
        drops the oldest records. Use it for tests and demos, never for a ledger you want to keep.

        It creates both ledger topics (dcl.contracts.v1, dcl.quality.v1), dcl.notifications.v1 and the changelog \
        topics (dcl.catalog.v1, dcl.quality-summary.v1; the mock does not compact) with --partitions partitions, prints \
        exactly one line to standard output, bootstrap=HOST:PORT,HOST:PORT,…, and then serves until SIGINT (Ctrl-C) or SIGTERM, exiting 0. The mock cannot create topics on request (no \
        CreateTopics: `dcl topics create` fails against it) and does not describe topic configs (`dcl topics check` \
        reports them as unknown).

        Examples:
          dcl dev kafka > kafka.env &
          export DCL_KAFKA=$(sed -n 's/^bootstrap=//p' kafka.env)
          dcl topics check
        """)

    @Option(help: "Number of mock brokers.") var brokers: Int = 3
    @Option(help: "Partitions of each ledger topic.") var partitions: Int = 6
    @Option(help: "Replicas per partition (default: the smaller of 3 and --brokers).") var replicationFactor: Int?

    func validate() throws {
        if brokers < 1 || brokers > 32 { throw ValidationError("--brokers must be between 1 and 32") }
        if partitions < 1 || partitions > 1000 { throw ValidationError("--partitions must be between 1 and 1000") }
        if let replicationFactor, replicationFactor < 1 || replicationFactor > brokers {
            throw ValidationError("--replication-factor must be between 1 and --brokers (\(brokers))")
        }
    }

    func run() async throws {
        try await withExitCodes {
            // Log lines go to standard error: standard output carries only the bootstrap line.
            var logger = Logger(label: "dcl.dev.kafka") { StreamLogHandler.standardError(label: $0) }
            logger.logLevel = .warning
            let cluster = try MockKafkaCluster(brokers: brokers, logger: logger)
            let configuration = KafkaConfiguration(bootstrapServers: cluster.bootstrapServers)
            let replicas = replicationFactor ?? min(3, brokers)
            try cluster.createLedgerTopics(for: configuration, partitions: partitions, replicationFactor: replicas)
            try cluster.createTopic(configuration.notificationsTopic, partitions: partitions, replicationFactor: replicas)
            StandardStreams.writeOutput("bootstrap=\(cluster.bootstrapServers)\n")
            StandardStreams.writeError("""
                dcl dev kafka: mock cluster with \(brokers) broker\(brokers == 1 ? "" : "s"), topics \((configuration.topics + [configuration.notificationsTopic] + configuration.changelogTopics).joined(separator: ", ")) \
                (\(partitions) partitions, replication factor \(replicas)). NOT DURABLE: memory only, everything is lost on exit. \
                Ctrl-C to stop.\n
                """)
            let group = ServiceGroup(configuration: .init(
                services: [.init(service: MockClusterService(cluster: cluster))],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
            try await group.run()
        }
    }
}

/// Keeps the mock cluster alive until graceful shutdown (SIGINT/SIGTERM).
private struct MockClusterService: Service {
    let cluster: MockKafkaCluster

    func run() async throws {
        try? await gracefulShutdown()
        withExtendedLifetime(cluster) {}
    }
}
