import DCLDomain
import DCLEventLog

/// Where a record sits on Kafka.
public struct KafkaRecordLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var topic: String
    public var partition: Int32
    public var offset: Int64

    public init(topic: String, partition: Int32, offset: Int64) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
    }

    public var topicPartition: KafkaTopicPartition { KafkaTopicPartition(topic: topic, partition: partition) }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.topic, lhs.partition, lhs.offset) < (rhs.topic, rhs.partition, rhs.offset)
    }

    public var description: String { "\(topic)[\(partition)]@\(offset)" }
}

/// A record on a ledger topic that is not a readable event (not JSON, not an envelope, on the
/// wrong topic or key). Readers skip it and list it here; it never stops a read.
public struct KafkaQuarantinedMessage: Sendable, Hashable, CustomStringConvertible {
    public var location: KafkaRecordLocation
    /// The record key as text, if it had one.
    public var key: String?
    public var reason: String

    public var topic: String { location.topic }
    public var partition: Int32 { location.partition }
    public var offset: Int64 { location.offset }

    public var description: String { "\(location): \(reason)" }
}

/// Everything read from the ledger topics so far, in memory: the events per partition in offset
/// order, the stream heads as every fold sees them, the quarantine, and the global order.
///
/// Plain value state; `KafkaLedgerReader` confines it to the consumer's serial queue.
struct KafkaLedgerIndex {
    struct Entry {
        var location: KafkaRecordLocation
        var envelope: EventEnvelope
        /// False when an earlier record in the partition already took this stream sequence (or
        /// it skips ahead): every fold rejects it, exactly as `Ledger.validate` does.
        var accepted: Bool
    }

    struct Head {
        var sequence: Int64
        var hash: String
    }

    struct Slot: Hashable {
        var stream: StreamID
        var sequence: Int64
    }

    let contractsTopic: String
    let qualityTopic: String

    private(set) var entries: [KafkaTopicPartition: [Entry]] = [:]
    private var indexByOffset: [KafkaTopicPartition: [Int64: Int]] = [:]
    private(set) var heads: [StreamID: Head] = [:]
    private(set) var accepted: [Slot: KafkaRecordLocation] = [:]
    private(set) var quarantine: [KafkaQuarantinedMessage] = []
    private var orderedCache: [KafkaRecordLocation] = []
    private var positionCache: [KafkaRecordLocation: Int64] = [:]
    private var orderIsStale = false

    init(contractsTopic: String, qualityTopic: String) {
        self.contractsTopic = contractsTopic
        self.qualityTopic = qualityTopic
    }

    func topic(for stream: StreamID) -> String { stream.kind == .quality ? qualityTopic : contractsTopic }

    func entry(at location: KafkaRecordLocation) -> Entry? {
        guard let index = indexByOffset[location.topicPartition]?[location.offset] else { return nil }
        return entries[location.topicPartition]?[index]
    }

    // MARK: - Ingesting records (in offset order per partition)

    /// Ingests a batch: records are decoded in parallel (decoding is pure), then applied in order.
    mutating func ingest(_ messages: [KafkaConsumerMessage]) {
        let contractsTopic = self.contractsTopic, qualityTopic = self.qualityTopic
        let decoded = ParallelMap.map(messages) { message in
            KafkaLedgerIndex.decode(message, contractsTopic: contractsTopic, qualityTopic: qualityTopic)
        }
        for (message, result) in zip(messages, decoded) { apply(message, result) }
    }

    mutating func ingest(_ message: KafkaConsumerMessage) {
        apply(message, KafkaLedgerIndex.decode(message, contractsTopic: contractsTopic, qualityTopic: qualityTopic))
    }

    private mutating func apply(_ message: KafkaConsumerMessage, _ decoded: Result<EventEnvelope, Poison>) {
        let location = KafkaRecordLocation(topic: message.topic, partition: message.partition, offset: message.offset)
        let key = message.key.map { String(decoding: $0, as: UTF8.self) }
        switch decoded {
        case .failure(let reason):
            quarantine.append(KafkaQuarantinedMessage(location: location, key: key, reason: reason.message))
        case .success(let envelope):
            let head = heads[envelope.stream]?.sequence ?? 0
            let isAccepted = envelope.sequence == head + 1
            if isAccepted {
                heads[envelope.stream] = Head(sequence: envelope.sequence, hash: envelope.hash)
                accepted[Slot(stream: envelope.stream, sequence: envelope.sequence)] = location
            }
            let partition = location.topicPartition
            indexByOffset[partition, default: [:]][location.offset] = entries[partition, default: []].count
            entries[partition, default: []].append(Entry(location: location, envelope: envelope, accepted: isAccepted))
            orderIsStale = true
        }
    }

    private struct Poison: Error { var message: String }

    private static func decode(_ message: KafkaConsumerMessage, contractsTopic: String, qualityTopic: String) -> Result<EventEnvelope, Poison> {
        guard let value = message.value, !value.isEmpty else { return .failure(Poison(message: "empty value")) }
        if let version = message.header(KafkaEventLog.envelopeVersionHeader) {
            let text = String(decoding: version, as: UTF8.self)
            if text != KafkaEventLog.envelopeVersion {
                return .failure(Poison(message: "envelope version '\(text)' is not one this dcl reads (\(KafkaEventLog.envelopeVersion))"))
            }
        }
        let envelope: EventEnvelope
        do {
            envelope = try EventEnvelope(jsonBytes: value)
        } catch {
            return .failure(Poison(message: error.message))
        }
        let expectedTopic = envelope.stream.kind == .quality ? qualityTopic : contractsTopic
        if message.topic != expectedTopic {
            return .failure(Poison(message: "event \(envelope.eventId) of \(envelope.stream) belongs on \(expectedTopic), not \(message.topic)"))
        }
        let key = message.key.map { String(decoding: $0, as: UTF8.self) }
        if key != envelope.stream.subject {
            return .failure(Poison(message: "event \(envelope.eventId) has key '\(key ?? "null")', not its stream subject '\(envelope.stream.subject)'"))
        }
        return .success(envelope)
    }

    // MARK: - Global order

    /// Positions 1, 2, 3… over every partition of both topics: a merge that keeps each partition's
    /// offset order and, at each step, takes the partition head with the smallest
    /// (recordedAt, topic, partition). Deterministic for a given set of records.
    mutating func ordered() -> [KafkaRecordLocation] {
        if orderIsStale { rebuildOrder() }
        return orderedCache
    }

    mutating func position(of location: KafkaRecordLocation) -> Int64? {
        if orderIsStale { rebuildOrder() }
        return positionCache[location]
    }

    private mutating func rebuildOrder() {
        let partitions = entries.keys.sorted()
        var cursors = [Int](repeating: 0, count: partitions.count)
        let lists = partitions.map { entries[$0]! }
        var order: [KafkaRecordLocation] = []
        order.reserveCapacity(lists.reduce(0) { $0 + $1.count })
        while true {
            var best: Int?
            for candidate in lists.indices where cursors[candidate] < lists[candidate].count {
                guard let current = best else { best = candidate; continue }
                let a = lists[candidate][cursors[candidate]]
                let b = lists[current][cursors[current]]
                // Partitions are sorted, so on equal times the earlier (topic, partition) wins by index.
                if a.envelope.recordedAt < b.envelope.recordedAt { best = candidate }
            }
            guard let chosen = best else { break }
            order.append(lists[chosen][cursors[chosen]].location)
            cursors[chosen] += 1
        }
        orderedCache = order
        positionCache = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($0.element, Int64($0.offset + 1)) })
        orderIsStale = false
    }

    mutating func stored(_ location: KafkaRecordLocation) -> StoredEvent? {
        guard let entry = entry(at: location), let position = position(of: location) else { return nil }
        return StoredEvent(position: position, envelope: entry.envelope)
    }
}
