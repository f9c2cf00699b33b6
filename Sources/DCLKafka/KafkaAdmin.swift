import CRDKafka
import Logging

extension KafkaError.Code {
    /// The cluster refused or could not serve an admin request (CreateTopics, DescribeConfigs):
    /// unsupported by the broker, not authorised, a policy violation, an invalid replication factor…
    public static let adminRequest = KafkaError.Code(rawValue: "admin-request")
}

/// How `createLedgerTopics` left one topic.
public struct KafkaTopicCreation: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Outcome: String, Sendable, Hashable, Codable {
        case created
        /// The topic was there already; it was not changed (run `checkLedgerTopics` to see its config).
        case alreadyExists = "already-exists"
    }

    public var topic: String
    public var outcome: Outcome

    public init(topic: String, outcome: Outcome) {
        self.topic = topic
        self.outcome = outcome
    }

    public var description: String { "\(topic): \(outcome == .created ? "created" : "already exists (not changed)")" }
}

/// What `checkLedgerTopics` found for one ledger topic.
public struct KafkaTopicStatus: Sendable, Hashable, Codable {
    public var topic: String
    public var exists: Bool
    public var partitions: Int?
    /// The smallest replica count over the topic's partitions.
    public var replicationFactor: Int?
    /// nil when unknown (the cluster did not describe the topic's configs; see `notes`).
    public var cleanupPolicy: String?
    public var retentionMs: String?
    public var retentionBytes: String?
    /// What makes the topic unfit for the ledger: missing, compacting or expiring. Empty when fine.
    public var problems: [String]
    /// What could not be checked, and other remarks that are not problems.
    public var notes: [String]

    public init(topic: String, exists: Bool, partitions: Int? = nil, replicationFactor: Int? = nil, cleanupPolicy: String? = nil,
                retentionMs: String? = nil, retentionBytes: String? = nil, problems: [String] = [], notes: [String] = []) {
        self.topic = topic
        self.exists = exists
        self.partitions = partitions
        self.replicationFactor = replicationFactor
        self.cleanupPolicy = cleanupPolicy
        self.retentionMs = retentionMs
        self.retentionBytes = retentionBytes
        self.problems = problems
        self.notes = notes
    }

    /// True when the cluster described the topic's cleanup.policy and retention.ms.
    public var isConfigKnown: Bool { cleanupPolicy != nil && retentionMs != nil }
}

/// The result of `checkLedgerTopics`: one status per ledger topic, in `KafkaConfiguration.topics` order.
public struct KafkaTopicsCheck: Sendable, Hashable, Codable {
    public var topics: [KafkaTopicStatus]

    public init(topics: [KafkaTopicStatus]) { self.topics = topics }

    /// Every problem, prefixed with its topic.
    public var problems: [String] { topics.flatMap { status in status.problems.map { "\(status.topic): \($0)" } } }
    /// Every note, prefixed with its topic.
    public var notes: [String] { topics.flatMap { status in status.notes.map { "\(status.topic): \($0)" } } }
    /// No problem found (notes, such as an unknown config, do not count).
    public var isHealthy: Bool { problems.isEmpty }
}

/// Creates and checks the ledger topics through librdkafka's Admin API.
///
/// ```swift
/// let admin = try KafkaAdmin(configuration: KafkaConfiguration(bootstrapServers: "localhost:9092"))
/// for outcome in try await admin.createLedgerTopics(partitions: 6, replicationFactor: 3) { print(outcome) }
/// let check = try await admin.checkLedgerTopics()
/// if !check.isHealthy { print(check.problems.joined(separator: "\n")) }
/// ```
///
/// Both topics get `cleanup.policy=delete`, `retention.ms=-1`, `retention.bytes=-1` (never
/// compacted, never expiring) and, with a replication factor of 3 or more, `min.insync.replicas=2`.
/// librdkafka's mock cluster serves neither CreateTopics nor DescribeConfigs: `create` fails with
/// `.adminRequest`, and `check` reports the config as unknown with a note.
public final class KafkaAdmin: Sendable {
    /// The topic configs `createLedgerTopics` sets (plus `min.insync.replicas`, see `topicConfigs(replicationFactor:)`).
    public static let ledgerTopicConfigs: [(key: String, value: String)] = [
        ("cleanup.policy", "delete"), ("retention.ms", "-1"), ("retention.bytes", "-1"),
    ]
    /// The configs of the changelog topics (`dcl.catalog.v1`, `dcl.quality-summary.v1`): compacted,
    /// as a consumer wants the latest value per contract, and a tombstone removes a retired one.
    public static let changelogTopicConfigs: [(key: String, value: String)] = [("cleanup.policy", "compact")]

    public let configuration: KafkaConfiguration
    private let client: RDKafkaClient
    /// How long to wait for the controller's id after a metadata request (it normally comes with it).
    static let controllerWait: Int32 = 2000
    private let blocking = BlockingQueue(label: "dcl.kafka.admin")

    public init(configuration: KafkaConfiguration, logger: Logger = Logger(label: "dcl.kafka.admin")) throws(KafkaError) {
        self.configuration = configuration
        client = try RDKafkaClient(kind: .producer, properties: configuration.adminProperties(), logger: logger)
    }

    /// The configs a new ledger topic gets.
    public static func topicConfigs(replicationFactor: Int, changelog: Bool = false) -> [(key: String, value: String)] {
        (changelog ? changelogTopicConfigs : ledgerTopicConfigs) + (replicationFactor >= 3 ? [("min.insync.replicas", "2")] : [])
    }

    /// The topics `createLedgerTopics` creates and `checkLedgerTopics` checks: the ledger's two,
    /// then the two changelog topics.
    var managedTopics: [String] { configuration.topics + configuration.changelogTopics }

    /// Creates both ledger topics (with the configuration's suffix). A topic that exists already
    /// is left as it is and reported `.alreadyExists`. Throws `.adminRequest` when the cluster
    /// refuses (naming the topics and the broker's reason), `.timedOut` when it cannot be reached.
    public func createLedgerTopics(partitions: Int = 6, replicationFactor: Int = 3) async throws(KafkaError) -> [KafkaTopicCreation] {
        guard partitions >= 1 else { throw KafkaError(.invalidConfiguration, "partitions must be at least 1 (got \(partitions))") }
        guard replicationFactor >= 1 else {
            throw KafkaError(.invalidConfiguration, "the replication factor must be at least 1 (got \(replicationFactor))")
        }
        let changelogTopics = Set(configuration.changelogTopics)
        let specs = managedTopics.map {
            RDKafkaClient.NewTopicSpec(name: $0, partitions: partitions, replicationFactor: replicationFactor,
                                       configs: KafkaAdmin.topicConfigs(replicationFactor: replicationFactor,
                                                                        changelog: changelogTopics.contains($0)))
        }
        let client = self.client
        let timeout = Int32(clamping: configuration.requestTimeout.milliseconds)
        let topics = managedTopics
        let bootstrap = configuration.bootstrapServers
        let results: [RDKafkaClient.TopicResult]
        do {
            results = try await blocking.run { () throws(KafkaError) in
                defer { client.logs.drain() }
                let metadata: RDKafkaClient.ClusterMetadata
                do throws(KafkaError) {
                    metadata = try client.clusterMetadata(timeoutMilliseconds: timeout)
                } catch {
                    throw KafkaError(error.code, "cannot reach the cluster: \(error.message)", rdKafkaCode: error.rdKafkaCode)
                }
                guard client.controllerID(among: metadata.brokerIDs, timeoutMilliseconds: min(timeout, KafkaAdmin.controllerWait)) != nil else {
                    throw KafkaError(.adminRequest, "the cluster names no usable controller, so it cannot serve CreateTopics "
                                     + "(librdkafka's mock cluster, e.g. `dcl dev kafka`, never does: it creates its topics itself)")
                }
                return try client.createTopics(specs, timeoutMilliseconds: timeout)
            }
        } catch {
            throw KafkaError(error.code, "cannot create \(topics.joined(separator: ", ")) on \(bootstrap): "
                             + "\(error.message). Create them by hand instead (see docs/kafka.md, Topics).", rdKafkaCode: error.rdKafkaCode)
        }
        var outcomes: [KafkaTopicCreation] = []
        var refused: [(String, RDKafkaClient.TopicResult)] = []
        for topic in topics {
            guard let result = results.first(where: { $0.name == topic }) else {
                refused.append((topic, RDKafkaClient.TopicResult(name: topic, error: -1, message: "no result from the cluster")))
                continue
            }
            switch result.error {
            case RD_KAFKA_RESP_ERR_NO_ERROR.rawValue: outcomes.append(KafkaTopicCreation(topic: topic, outcome: .created))
            case RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS.rawValue: outcomes.append(KafkaTopicCreation(topic: topic, outcome: .alreadyExists))
            default: refused.append((topic, result))
            }
        }
        guard refused.isEmpty else {
            let reasons = refused.map { "\($0.0): \($0.1.message)" }.joined(separator: "; ")
            let done = outcomes.isEmpty ? "" : " (\(outcomes.map(\.description).joined(separator: ", ")))"
            throw KafkaError(.adminRequest, "the cluster refused to create \(refused.map(\.0).joined(separator: ", ")): \(reasons)\(done)",
                             rdKafkaCode: refused.first?.1.error)
        }
        return outcomes
    }

    /// Checks both ledger topics: that they exist, their partition count and replication, and
    /// that they neither compact (`cleanup.policy` with `compact`) nor expire (`retention.ms` or
    /// `retention.bytes` other than -1). When the cluster does not describe configs (no
    /// DescribeConfigs support, e.g. the mock cluster, or no permission), the config is unknown
    /// and a note says so. Throws `.timedOut` when the cluster cannot be reached.
    public func checkLedgerTopics() async throws(KafkaError) -> KafkaTopicsCheck {
        let client = self.client
        let timeout = Int32(clamping: configuration.requestTimeout.milliseconds)
        let topics = managedTopics
        let changelogTopics = Set(configuration.changelogTopics)
        let bootstrap = configuration.bootstrapServers
        return try await blocking.run { () throws(KafkaError) in
            defer { client.logs.drain() }
            let metadata: RDKafkaClient.ClusterMetadata
            do throws(KafkaError) {
                metadata = try client.clusterMetadata(timeoutMilliseconds: timeout)
            } catch {
                throw KafkaError(error.code, "cannot reach the Kafka cluster at \(bootstrap): \(error.message)", rdKafkaCode: error.rdKafkaCode)
            }
            var statuses = topics.map { KafkaAdmin.status(of: $0, metadata: metadata.topics[$0]) }
            let existing = statuses.filter(\.exists).map(\.topic)
            guard !existing.isEmpty else { return KafkaTopicsCheck(topics: statuses) }
            guard client.controllerID(among: metadata.brokerIDs, timeoutMilliseconds: min(timeout, KafkaAdmin.controllerWait)) != nil else {
                let reason = KafkaError(.adminRequest, "the cluster names no usable controller, so it cannot serve DescribeConfigs "
                                        + "(librdkafka's mock cluster never does)")
                for index in statuses.indices where statuses[index].exists {
                    KafkaAdmin.judge(&statuses[index], .failure(reason), changelog: changelogTopics.contains(statuses[index].topic))
                }
                return KafkaTopicsCheck(topics: statuses)
            }
            let configs: [String: Result<RDKafkaConfigEntries, KafkaError>]
            do throws(KafkaError) {
                configs = try client.describeTopicConfigs(existing, timeoutMilliseconds: timeout)
            } catch {
                let reason = error.rdKafkaCode == RD_KAFKA_RESP_ERR__UNSUPPORTED_FEATURE.rawValue
                    ? "the cluster does not support DescribeConfigs (librdkafka's mock cluster does not)" : error.message
                configs = Dictionary(uniqueKeysWithValues: existing.map { ($0, .failure(KafkaError(error.code, reason))) })
            }
            for index in statuses.indices where statuses[index].exists {
                KafkaAdmin.judge(&statuses[index], configs[statuses[index].topic]
                                 ?? .failure(KafkaError(.adminRequest, "the cluster did not describe it")),
                                 changelog: changelogTopics.contains(statuses[index].topic))
            }
            return KafkaTopicsCheck(topics: statuses)
        }
    }

    /// Existence, partitions and replication from metadata.
    static func status(of topic: String, metadata: RDKafkaTopicMetadata?) -> KafkaTopicStatus {
        guard let metadata, metadata.error != RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART.rawValue else {
            return KafkaTopicStatus(topic: topic, exists: false, problems: ["does not exist: create it with `dcl topics create` (see docs/kafka.md)"])
        }
        if metadata.error != RD_KAFKA_RESP_ERR_NO_ERROR.rawValue {
            let reason = String(cString: rd_kafka_err2str(rd_kafka_resp_err_t(rawValue: metadata.error)))
            return KafkaTopicStatus(topic: topic, exists: false, problems: ["cannot be described: \(reason)"])
        }
        var status = KafkaTopicStatus(topic: topic, exists: true, partitions: metadata.partitionCount,
                                      replicationFactor: metadata.replicationFactor)
        if metadata.replicationFactor == 1 {
            status.notes.append("replication factor 1: an acknowledged event is lost with its broker's disk (use 3 in production)")
        }
        if !metadata.partitionsWithErrors.isEmpty {
            status.notes.append("partitions \(metadata.partitionsWithErrors.map(String.init).joined(separator: ", ")) report an error (no leader?)")
        }
        return status
    }

    /// Flags compaction and expiry from the described configs, or notes that they are unknown.
    /// A changelog topic (`changelog`) is judged the other way round: it must compact, and
    /// retention does not matter to a compacted topic.
    static func judge(_ status: inout KafkaTopicStatus, _ configs: Result<RDKafkaConfigEntries, KafkaError>, changelog: Bool = false) {
        let entries: RDKafkaConfigEntries
        switch configs {
        case .success(let described): entries = described
        case .failure(let error):
            status.notes.append("cleanup.policy and retention unknown: \(error.message); check them by hand "
                                + "(kafka-configs.sh --describe --entity-type topics --entity-name \(status.topic))")
            return
        }
        func value(_ key: String) -> String? { entries.values[key] ?? nil }
        status.cleanupPolicy = value("cleanup.policy")
        status.retentionMs = value("retention.ms")
        status.retentionBytes = value("retention.bytes")
        if changelog {
            if let policy = status.cleanupPolicy,
               !policy.lowercased().split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }).contains("compact") {
                status.problems.append("cleanup.policy=\(policy) does not compact: a changelog keeps the latest value per contract "
                                       + "(and drops retired ones); set cleanup.policy=compact")
            }
            if status.cleanupPolicy == nil { status.notes.append("cleanup.policy unknown: the cluster did not report it") }
            return
        }
        if let policy = status.cleanupPolicy {
            let policies = policy.lowercased().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            if policies.contains("compact") {
                status.problems.append("cleanup.policy=\(policy) compacts: it keeps only the last event per key and deletes contract history; set cleanup.policy=delete")
            }
        }
        if let retention = status.retentionMs, retention != "-1" {
            status.problems.append("retention.ms=\(retention) expires events after \(describeMilliseconds(retention)); set retention.ms=-1")
        }
        if let bytes = status.retentionBytes, bytes != "-1" {
            status.problems.append("retention.bytes=\(bytes) deletes the oldest events once a partition exceeds \(bytes) bytes; set retention.bytes=-1")
        }
        let missing = [("cleanup.policy", status.cleanupPolicy), ("retention.ms", status.retentionMs)].filter { $0.1 == nil }.map(\.0)
        if !missing.isEmpty {
            status.notes.append("\(missing.joined(separator: " and ")) unknown: the cluster did not report \(missing.count == 1 ? "it" : "them")")
        }
    }

    /// `604800000` → `7 days`.
    static func describeMilliseconds(_ text: String) -> String {
        guard let milliseconds = Int64(text), milliseconds >= 0 else { return "\(text) ms" }
        let units: [(Int64, String)] = [(86_400_000, "day"), (3_600_000, "hour"), (60_000, "minute"), (1000, "second")]
        for (size, name) in units where milliseconds >= size && milliseconds % size == 0 {
            let count = milliseconds / size
            return "\(count) \(name)\(count == 1 ? "" : "s")"
        }
        return "\(milliseconds) ms"
    }
}

extension KafkaConfiguration {
    /// The admin client's librdkafka properties: connection and security settings, without the
    /// producer- and consumer-only ones (and never auto-creating a topic).
    func adminProperties() -> [String: String] {
        var effective: [String: String] = [
            "bootstrap.servers": bootstrapServers,
            "client.id": clientID,
            "allow.auto.create.topics": "false",
        ]
        for (key, value) in properties
        where !KafkaConfiguration.producerOnlyKeys.contains(key) && !KafkaConfiguration.consumerOnlyKeys.contains(key) {
            effective[key] = value
        }
        return effective
    }
}
