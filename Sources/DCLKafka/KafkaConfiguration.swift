import DCLDomain
import Foundation

/// How to reach a Kafka cluster and which topics hold the ledger.
///
/// ```swift
/// var configuration = KafkaConfiguration(bootstrapServers: "localhost:9092")
/// try configuration.apply(override: "security.protocol=SASL_SSL")          // from `-X key=value`
/// configuration.properties.merge(try KafkaConfiguration.parseProperties(text: fileText)) { $1 }
/// print(configuration.redactedDescription)                                  // secrets never printed
/// let log = try KafkaEventLog(configuration: configuration)
/// ```
///
/// `properties` pass straight to librdkafka (see its CONFIGURATION.md) for both the producer and
/// the reader; the adapter's own defaults apply first, yours override them, except that the
/// producer always runs with `enable.idempotence=true` and `acks=all`.
public struct KafkaConfiguration: Sendable, Hashable {
    /// Lifecycle and domain streams.
    public static let contractsTopicBase = "dcl.contracts.v1"
    /// Quality-check streams (high volume).
    public static let qualityTopicBase = "dcl.quality.v1"
    /// Notices for consumers (breaking changes, deprecations), produced by `dcl project --kafka`;
    /// not part of the ledger (nothing reads it back).
    public static let notificationsTopicBase = "dcl.notifications.v1"
    /// Changelog of the catalog for consumers (key: contract id; value: the current catalog entry;
    /// a tombstone once retired), produced by `dcl project --kafka`; compacted, unlike the ledger.
    public static let catalogTopicBase = "dcl.catalog.v1"
    /// Changelog of each product's quality summary (score, SLA adherence, freshness); compacted.
    public static let qualitySummaryTopicBase = "dcl.quality-summary.v1"

    /// `host:port[,host:port…]`.
    public var bootstrapServers: String
    /// librdkafka properties, e.g. from `-X key=value` or a properties file.
    public var properties: [String: String]
    /// Appended to both topic names (e.g. `.test-1f3a` for isolated test topics); empty in production.
    public var topicSuffix: String
    /// How long a read (metadata, watermarks, catching up) may take before it fails.
    public var requestTimeout: Duration
    /// Sent as `client.id` unless `properties` sets one.
    public var clientID: String

    public init(bootstrapServers: String, properties: [String: String] = [:], topicSuffix: String = "",
                requestTimeout: Duration = .seconds(30), clientID: String = "dcl") {
        self.bootstrapServers = bootstrapServers
        self.properties = properties
        self.topicSuffix = topicSuffix
        self.requestTimeout = requestTimeout
        self.clientID = clientID
    }

    public var contractsTopic: String { KafkaConfiguration.contractsTopicBase + topicSuffix }
    public var qualityTopic: String { KafkaConfiguration.qualityTopicBase + topicSuffix }
    public var topics: [String] { [contractsTopic, qualityTopic] }
    public var notificationsTopic: String { KafkaConfiguration.notificationsTopicBase + topicSuffix }
    public var catalogTopic: String { KafkaConfiguration.catalogTopicBase + topicSuffix }
    public var qualitySummaryTopic: String { KafkaConfiguration.qualitySummaryTopicBase + topicSuffix }
    /// The compacted changelog topics: the latest value per contract is what they are for.
    public var changelogTopics: [String] { [catalogTopic, qualitySummaryTopic] }

    /// The topic a stream's events go to: quality streams to `dcl.quality.v1`, the rest to `dcl.contracts.v1`.
    public func topic(for stream: StreamID) -> String {
        stream.kind == .quality ? qualityTopic : contractsTopic
    }

    /// librdkafka's default `message.max.bytes`: the largest record a dcl producer sends unless told otherwise.
    public static let defaultMaximumRecordBytes = 1_000_000

    /// The largest record readers accept: `message.max.bytes` as configured for the producers
    /// (give every client the same `-X message.max.bytes`), else librdkafka's default. Readers
    /// quarantine larger records unread.
    public var maximumRecordBytes: Int {
        properties["message.max.bytes"].flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }.map { max($0, 1) }
            ?? KafkaConfiguration.defaultMaximumRecordBytes
    }

    // MARK: - Properties from the command line and from files

    /// Applies one `-X key=value` argument.
    public mutating func apply(override argument: String) throws(KafkaError) {
        let (key, value) = try KafkaConfiguration.parseOverride(argument)
        properties[key] = value
    }

    /// Splits `key=value` at the first `=`.
    public static func parseOverride(_ argument: String) throws(KafkaError) -> (key: String, value: String) {
        guard let equals = argument.firstIndex(of: "=") else {
            throw KafkaError(.invalidConfiguration, "expected key=value, got '\(argument.prefix(while: { $0 != " " }))'")
        }
        let key = argument[..<equals].trimmingCharacters(in: .whitespaces)
        guard !key.isEmpty else { throw KafkaError(.invalidConfiguration, "expected key=value, the key is empty") }
        return (key, String(argument[argument.index(after: equals)...]))
    }

    /// Parses a Java-style properties file (as Kafka's own tools read): `key=value` or
    /// `key: value` or `key value`, `#`/`!` comments, `\` line continuations and escapes
    /// (`\t \n \r \f \\ \= \: \uXXXX`). Later keys win. Errors name the line, never a value.
    public static func parseProperties(text: String) throws(KafkaError) -> [String: String] {
        var result: [String: String] = [:]
        let physical = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
            .map { $0.hasSuffix("\r") ? String($0.dropLast()) : String($0) }
        var index = 0
        while index < physical.count {
            let startLine = index + 1
            var line = String(physical[index].drop(while: { $0 == " " || $0 == "\t" || $0 == "\u{0C}" }))
            index += 1
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix("!") { continue }
            // Join continuation lines: an odd number of trailing backslashes continues the line.
            while line.reversed().prefix(while: { $0 == "\\" }).count % 2 == 1 {
                line.removeLast()
                guard index < physical.count else { break }
                line += physical[index].drop(while: { $0 == " " || $0 == "\t" || $0 == "\u{0C}" })
                index += 1
            }
            let (rawKey, rawValue) = splitPropertyLine(line)
            guard let rawValue else {
                throw KafkaError(.invalidConfiguration, "properties line \(startLine): expected key=value")
            }
            let key = try unescape(rawKey, line: startLine)
            guard !key.isEmpty else { throw KafkaError(.invalidConfiguration, "properties line \(startLine): the key is empty") }
            result[key] = try unescape(rawValue, line: startLine)
        }
        return result
    }

    /// Splits at the first unescaped `=`, `:` or whitespace; nil value when there is no separator.
    private static func splitPropertyLine(_ line: String) -> (key: String, value: String?) {
        let characters = Array(line)
        var position = 0
        var key = ""
        while position < characters.count {
            let character = characters[position]
            if character == "\\", position + 1 < characters.count {
                key.append(character)
                key.append(characters[position + 1])
                position += 2
                continue
            }
            if character == "=" || character == ":" || character == " " || character == "\t" { break }
            key.append(character)
            position += 1
        }
        guard position < characters.count else { return (key, nil) }
        // Skip whitespace, then at most one `=` or `:`, then whitespace.
        while position < characters.count, characters[position] == " " || characters[position] == "\t" { position += 1 }
        if position < characters.count, characters[position] == "=" || characters[position] == ":" {
            position += 1
            while position < characters.count, characters[position] == " " || characters[position] == "\t" { position += 1 }
        }
        return (key, String(characters[position...]))
    }

    private static func unescape(_ text: String, line: Int) throws(KafkaError) -> String {
        var output = ""
        var iterator = Array(text).makeIterator()
        while let character = iterator.next() {
            guard character == "\\" else { output.append(character); continue }
            guard let escaped = iterator.next() else { break }
            switch escaped {
            case "t": output.append("\t")
            case "n": output.append("\n")
            case "r": output.append("\r")
            case "f": output.append("\u{0C}")
            case "u":
                var hex = ""
                for _ in 0..<4 { if let digit = iterator.next() { hex.append(digit) } }
                guard hex.count == 4, let scalarValue = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(scalarValue) else {
                    throw KafkaError(.invalidConfiguration, "properties line \(line): malformed \\u escape")
                }
                output.unicodeScalars.append(scalar)
            default: output.append(escaped)
            }
        }
        return output
    }

    // MARK: - Printing without secrets

    /// Keys whose values are never printed: any key containing one of these (case-insensitive).
    public static let secretKeyMarkers = ["password", "secret", "sasl.jaas", "ssl.key", "sasl.oauthbearer.config"]

    public static func isSecret(key: String) -> Bool {
        let lowered = key.lowercased()
        return secretKeyMarkers.contains { lowered.contains($0) }
    }

    /// One line for logs and `--verbose`: servers, topics and properties with secret values masked.
    public var redactedDescription: String {
        let shown = properties.sorted { $0.key < $1.key }.map { key, value in
            "\(key)=\(KafkaConfiguration.isSecret(key: key) ? "[redacted]" : value)"
        }
        var text = "bootstrap.servers=\(bootstrapServers) topics=\(contractsTopic),\(qualityTopic)"
        if !shown.isEmpty { text += " properties: " + shown.joined(separator: " ") }
        return text
    }

    // MARK: - Effective client properties

    /// The producer's librdkafka properties: adapter defaults, then yours (minus consumer-only
    /// ones), then the guarantees.
    func producerProperties() throws(KafkaError) -> [String: String] {
        var effective: [String: String] = [
            "bootstrap.servers": bootstrapServers,
            "client.id": clientID,
            "linger.ms": "5",
            "queue.buffering.max.messages": "10000",
            "message.timeout.ms": "30000",
            // Java's default partitioner, so every client (kcat, Java, Go) puts a key in the same partition.
            "partitioner": "murmur2_random",
            // Ledger topics are created by an operator with cleanup.policy=delete, never by a write.
            "allow.auto.create.topics": "false",
        ]
        for (key, value) in properties where !KafkaConfiguration.consumerOnlyKeys.contains(key) { effective[key] = value }
        for (key, required, accepted) in [("enable.idempotence", "true", ["true"]), ("acks", "all", ["all", "-1"])] {
            if let value = effective[key], !accepted.contains(value.lowercased()) {
                throw KafkaError(.invalidConfiguration, "the ledger producer needs \(key)=\(required) (got \(value))")
            }
            effective[key] = required
        }
        return effective
    }

    /// The reader's librdkafka properties. It never joins its group or commits: partitions are
    /// assigned by hand, and `group.id` is only there because librdkafka's assign API needs one.
    func consumerProperties() -> [String: String] {
        var effective: [String: String] = [
            "bootstrap.servers": bootstrapServers,
            "client.id": clientID,
            "group.id": "dcl-reader-\(UUID().uuidString.lowercased())",
            "enable.auto.commit": "false",
            "enable.auto.offset.store": "false",
            "enable.partition.eof": "true",
            "auto.offset.reset": "earliest",
            "fetch.wait.max.ms": "100",
            "allow.auto.create.topics": "false",
        ]
        for (key, value) in properties where !KafkaConfiguration.producerOnlyKeys.contains(key) { effective[key] = value }
        return effective
    }

    /// The properties of the writers' reader (`KafkaStreamScanner`): as `consumerProperties()`,
    /// with a 1 ms `fetch.wait.max.ms`. It only reads records that exist — a partition up to the
    /// watermark it has just asked for — so waiting for more never helps it, and a fetch that
    /// finds a partition at its end holds up what comes next: the broker keeps it for the whole
    /// fetch wait, answers one connection's requests in order (the next watermark query waits
    /// behind it), and librdkafka sends a newly assigned partition's first fetch only when that
    /// one returns. At 100 ms two such waits made most of a `quality record`; at 10 ms a write
    /// still paid one, and a rebuild ~5 ms for every contracts partition, read one at a time.
    /// Partitions the readers are done with are paused, so the short wait does not make them
    /// poll idle partitions. `-X` settings override it.
    func scanningConsumerProperties() -> [String: String] {
        var effective = consumerProperties()
        if properties["fetch.wait.max.ms"] == nil { effective["fetch.wait.max.ms"] = String(Self.readerFetchWaitMilliseconds) }
        return effective
    }

    /// The `fetch.wait.max.ms` of dcl's readers, which read to known watermarks (see
    /// `scanningConsumerProperties`); benchmarks give a peer reader the same.
    public static let readerFetchWaitMilliseconds = 1

    /// The properties of a reader that streams the whole ledger (a projector's rebuild): as
    /// `scanningConsumerProperties()`, with librdkafka's read-ahead limits above the reader's own.
    /// `KafkaPartitionStream` bounds what it holds itself (pausing partitions at 8 MiB, and
    /// between reads). librdkafka (2.0) compares `queued.min.messages` and
    /// `queued.max.messages.kbytes` with the consumer queue every partition shares; once that
    /// queue is over either, every partition leaves its broker's fetch list until the broker
    /// thread's next wake-up, up to a second later, however soon the reader drains the queue. At
    /// 16 MiB and 100,000 records these only act if the reader's pausing lags. At most 512 KiB per
    /// partition and fetch (what one fetch round brings, wanted or not, stays small). The 1 ms
    /// fetch wait matters here too: the reader reads to watermarks it knows, and a fetch that finds
    /// a partition at its end (or a re-assignment waiting for one to stop) waits this long.
    /// `-X` settings override them.
    func streamingConsumerProperties() -> [String: String] {
        var effective = scanningConsumerProperties()
        let bounded = ["queued.min.messages": "100000", "queued.max.messages.kbytes": "16384", "max.partition.fetch.bytes": "524288"]
        for (key, value) in bounded where properties[key] == nil { effective[key] = value }
        return effective
    }

    /// Properties librdkafka only accepts on a producer (given to the reader, they would only log warnings).
    static let producerOnlyKeys: Set<String> = [
        "acks", "batch.num.messages", "batch.size", "compression.codec", "compression.level", "compression.type",
        "delivery.report.only.error", "delivery.timeout.ms", "enable.gapless.guarantee", "enable.idempotence", "linger.ms",
        "max.in.flight", "max.in.flight.requests.per.connection", "message.send.max.retries", "message.timeout.ms",
        "partitioner", "queue.buffering.backpressure.threshold", "queue.buffering.max.kbytes", "queue.buffering.max.messages",
        "queue.buffering.max.ms", "request.required.acks", "request.timeout.ms", "retries", "retry.backoff.ms",
        "sticky.partitioning.linger.ms", "transaction.timeout.ms", "transactional.id",
    ]

    /// Properties librdkafka only accepts on a consumer.
    static let consumerOnlyKeys: Set<String> = [
        "auto.commit.interval.ms", "auto.offset.reset", "check.crcs", "enable.auto.commit", "enable.auto.offset.store",
        "enable.partition.eof", "fetch.error.backoff.ms", "fetch.max.bytes", "fetch.message.max.bytes", "fetch.min.bytes",
        "fetch.wait.max.ms", "group.id", "group.instance.id", "group.protocol.type", "heartbeat.interval.ms",
        "isolation.level", "max.partition.fetch.bytes", "max.poll.interval.ms", "partition.assignment.strategy",
        "queued.max.messages.kbytes", "queued.min.messages", "session.timeout.ms",
    ]

    /// True when keys are placed with murmur2 (the default), so readers can compute a key's partition.
    public var usesMurmur2Partitioner: Bool {
        let partitioner = properties["partitioner"] ?? "murmur2_random"
        return partitioner == "murmur2_random" || partitioner == "murmur2"
    }
}
