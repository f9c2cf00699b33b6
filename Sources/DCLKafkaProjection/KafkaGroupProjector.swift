import DCLEventLog
import DCLKafka
import DCLProjections
import Foundation
import Logging
import ServiceLifecycle

/// `dcl project --kafka B --group G` as a `ServiceLifecycle.Service`: one member of a consumer
/// group of projectors that share the ledger's partitions and fold into one read-model store.
///
/// The group (`cooperative-sticky`) hands out the partitions of the contracts topic; a member
/// that owns partition p folds it and the quality topic's partitions q with q mod n = p (n: the
/// contracts topic's partition count), since a contract's lifecycle and quality streams share
/// its key (see `KafkaEventLog.readOnly(partitions:)`; the quality topic needs a multiple of n). The member never
/// reads through the group's consumer (it holds its partitions paused) and never commits offsets
/// to Kafka: it reads through its log from the per-partition cursor stored with the read models,
/// and each batch's commit checks that its partitions have not moved since it read them (see
/// `ProjectionBatch.fromCursor`), so a partition is never folded twice, whoever owned it before.
///
/// The member polls the group between catch-up turns of at most `turn`: a revoked partition is
/// let go once the batch in hand is committed, an assigned one is read from its stored cursor.
/// SIGTERM/SIGINT finish the batch in hand and leave the group at once (the others take over
/// without waiting for the session timeout). A killed member's partitions move to the others
/// after the session timeout (6 s); what it had not committed is folded again by them.
///
/// ```swift
/// let log = try KafkaEventLog(configuration: configuration)
/// let projector = Projector(log: log, store: try ReadModelStore(path: "readmodels.db"))
/// let member = KafkaGroupProjector(projector: projector, log: log, configuration: configuration, group: "projectors")
/// try await ServiceGroup(services: [member], gracefulShutdownSignals: [.sigterm], logger: logger).run()
/// ```
public struct KafkaGroupProjector: Service {
    public let projector: Projector
    public let log: KafkaEventLog
    public let configuration: KafkaConfiguration
    public let group: String
    /// How long one catch-up runs before the member polls the group again: the longest a
    /// rebalance waits for this member (plus the batch in hand). Each turn starts with a few
    /// store and log queries, so much shorter turns cost throughput.
    public var turn: Duration = .seconds(3)
    /// How long the member waits for new events when it has caught up.
    public var pollInterval: Duration = .milliseconds(200)
    /// Stop (leaving the group) once every partition of the ledger, whoever folds it, is in the
    /// store up to where the ledger ended when the member started.
    public var untilCaughtUp = false
    let logger: Logger

    public init(projector: Projector, log: KafkaEventLog, configuration: KafkaConfiguration, group: String,
                logger: Logger = Logger(label: "dcl.projector.group")) {
        self.projector = projector
        self.log = log
        self.configuration = configuration
        self.group = group
        self.logger = logger
    }

    /// What a member did until it stopped.
    public struct Report: Sendable {
        /// Events this member folded.
        public var events = 0
        /// How many times partitions were given to it and taken from it.
        public var assignments = 0
        public var revocations = 0
    }

    public func run() async throws {
        _ = try await runMember()
    }

    /// Runs until shutdown (or, with `untilCaughtUp`, until the whole ledger is folded), then
    /// leaves the group.
    @discardableResult
    public func runMember() async throws -> Report {
        log.readOnly(partitions: nil)
        // Partition p of the contracts topic stands for the quality partitions q ≡ p: only when
        // the quality topic's count is a multiple of the contracts topic's do those hold every
        // quality stream of p's contracts.
        let counts = try await log.partitionCounts()
        guard counts.contracts > 0, counts.quality % counts.contracts == 0 else {
            throw EventLogError(.invalidArgument, """
                a projector group needs the quality topic's partition count to be a multiple of the contracts topic's \
                (\(configuration.qualityTopic): \(counts.quality), \(configuration.contractsTopic): \(counts.contracts)), so that \
                the member owning a contract's lifecycle partition also owns its quality partition; run one projector without --group
                """)
        }
        // Members publish the changelog and notices of the contracts in their own partitions, found
        // by hashing each contract's key as the producer does: only murmur2 can be computed.
        guard configuration.usesMurmur2Partitioner else {
            throw EventLogError(.invalidArgument, """
                a projector group needs the murmur2 partitioner (the default; partitioner=\(configuration.properties["partitioner"] ?? "")), \
                so that each member can tell which contracts its partitions hold; run one projector without --group
                """)
        }
        let ledgerEnd = untilCaughtUp ? try await log.endCursor() : LogCursor()
        log.readOnly(partitions: [])
        // The store is shared: its bulk-load indexes are never dropped under the other members.
        var projector = self.projector
        projector.bulkLoadThreshold = .max
        let member = try KafkaGroupConsumer(configuration: configuration, group: group, logger: logger)
        var report = Report()
        do {
            try await member.subscribe([configuration.contractsTopic])
            logger.info("joined the projector group", metadata: ["group": "\(group)", "topic": "\(configuration.contractsTopic)"])
            var owned = Set<Int32>()
            while !Task.isShuttingDownGracefully && !Task.isCancelled {
                for event in try await member.poll(timeout: owned.isEmpty ? pollInterval : .zero) {
                    switch event {
                    case .assigned(let partitions):
                        try await member.assignWithoutReading(partitions)
                        owned.formUnion(partitions.map(\.partition))
                        log.readOnly(partitions: owned)
                        report.assignments += 1
                        logger.info("partitions assigned", metadata: ["partitions": "\(partitions.map(\.partition).sorted())",
                                                                      "owned": "\(owned.sorted())"])
                    case .revoked(let partitions, let lost):
                        // The batch in hand was committed before this poll; nothing is held for them.
                        owned.subtract(partitions.map(\.partition))
                        log.readOnly(partitions: owned)
                        try await member.unassign(partitions)
                        report.revocations += 1
                        logger.info(lost ? "partitions lost" : "partitions revoked",
                                    metadata: ["partitions": "\(partitions.map(\.partition).sorted())", "owned": "\(owned.sorted())"])
                    case .error(let error):
                        logger.warning("consumer group: \(error.message)")
                    case .message, .endOfPartition:
                        break
                    }
                }
                var folded = 0
                if !owned.isEmpty {
                    let deadline = ContinuousClock.now.advanced(by: turn)
                    let turnReport = try await projector.catchUp(shouldStop: {
                        Task.isShuttingDownGracefully || ContinuousClock.now >= deadline
                    })
                    folded = turnReport.events
                    report.events += folded
                }
                if untilCaughtUp, try await projector.store.checkpointHeader().cursor.remaining(to: ledgerEnd) == 0 { break }
                if folded == 0 {
                    // Sleeping is cut short by shutdown; the batch above always completes first.
                    try? await cancelWhenGracefulShutdown { try await Task.sleep(for: pollInterval) }
                }
            }
        } catch {
            await member.close()
            throw error
        }
        await member.close()
        logger.info("left the projector group", metadata: ["group": "\(group)", "events": "\(report.events)"])
        return report
    }
}
