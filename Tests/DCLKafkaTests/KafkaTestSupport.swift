import DCLDomain
import DCLEventLog
@testable import DCLKafka
import Foundation
import Logging

/// A fresh 3-broker mock cluster over TCP with fresh ledger topics, and fast-failing client settings.
struct KafkaTestBed: Sendable {
    let cluster: MockKafkaCluster
    let configuration: KafkaConfiguration

    init(partitions: Int = 3, messageTimeout: Duration = .seconds(20)) throws {
        cluster = try MockKafkaCluster(brokers: 3, logger: KafkaTestBed.logger)
        let suffix = ".test-" + UUID().uuidString.prefix(8).lowercased()
        configuration = KafkaConfiguration(
            bootstrapServers: cluster.bootstrapServers,
            properties: [
                "message.timeout.ms": String(messageTimeout.components.seconds * 1000),
                "reconnect.backoff.ms": "50",
                "reconnect.backoff.max.ms": "500",
                "retry.backoff.ms": "50",
                "topic.metadata.refresh.interval.ms": "1000",
            ],
            topicSuffix: suffix,
            requestTimeout: .seconds(25))
        try cluster.createLedgerTopics(for: configuration, partitions: partitions, replicationFactor: 3)
    }

    func openLog(hooks: KafkaEventLog.Hooks = KafkaEventLog.Hooks()) throws -> KafkaEventLog {
        try KafkaEventLog(configuration: configuration, logger: KafkaTestBed.logger, hooks: hooks)
    }

    /// Quiet unless DCL_KAFKA_TEST_LOG is a swift-log level (e.g. `debug`).
    static let logger: Logger = {
        let level = ProcessInfo.processInfo.environment["DCL_KAFKA_TEST_LOG"].flatMap(Logger.Level.init(rawValue:))
        var logger = Logger(label: "dcl.kafka.test") { label in
            guard level != nil else { return SwiftLogNoOpLogHandler() }
            return StreamLogHandler.standardError(label: label)
        }
        logger.logLevel = level ?? .critical
        return logger
    }()
}

/// Chained envelopes for tests (the conformance suite's factory is internal to its module).
struct TestEnvelopes {
    let contract: ContractID
    let actor: String

    init(_ contract: String, actor: String = "kafka-test") {
        self.contract = ContractID(contract)!
        self.actor = actor
    }

    /// Publishes 1.0.0, 1.1.0, … on the lifecycle stream.
    func lifecycle(count: Int, startingAt first: Int = 0, previousHash: String = EventEnvelope.genesisHash) -> [EventEnvelope] {
        var previous = previousHash
        return (first..<(first + count)).map { index in
            let document = DataContract(id: contract, domain: DomainName("kafka")!, dataProduct: "product",
                                        version: SemanticVersion(major: 1, minor: index, patch: 0),
                                        owner: EmailAddress("owner@example.com")!)
            let previousVersion = index == 0 ? nil : SemanticVersion(major: 1, minor: index - 1, patch: 0)
            let event = LedgerEvent.contractPublished(ContractPublished(contract: document, previousVersion: previousVersion, document: nil))
            let envelope = EventCodec.envelope(for: ProposedEvent(stream: .lifecycle(contract), sequence: Int64(index + 1), event: event),
                                               eventId: "\(contract)-\(actor)-l\(index + 1)", occurredAt: time(index),
                                               recordedAt: time(index), actor: actor, previousHash: previous)
            previous = envelope.hash
            return envelope
        }
    }

    func quality(count: Int) -> [EventEnvelope] {
        var previous = EventEnvelope.genesisHash
        return (0..<count).map { index in
            let event = LedgerEvent.qualityCheckRecorded(QualityCheckRecorded(
                contractId: contract, rule: "not_null_id", passed: index % 2 == 0, observedAt: time(index)))
            let envelope = EventCodec.envelope(for: ProposedEvent(stream: .quality(contract), sequence: Int64(index + 1), event: event),
                                               eventId: "\(contract)-\(actor)-q\(index + 1)", occurredAt: time(index),
                                               recordedAt: time(index), actor: actor, previousHash: previous)
            previous = envelope.hash
            return envelope
        }
    }

    private func time(_ index: Int) -> Timestamp {
        Timestamp(millisecondsSinceEpoch: 1_764_000_000_000 + Int64(index) * 1000)
    }
}

/// Lets two tasks meet before going on.
actor Barrier {
    private let parties: Int
    private var arrived = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(parties: Int) { self.parties = parties }

    func arriveAndWait() async {
        arrived += 1
        if arrived >= parties {
            for continuation in waiting { continuation.resume() }
            waiting = []
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }
}
