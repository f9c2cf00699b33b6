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

    /// A stream's head and the place of each sequence every fold accepts.
    struct StreamRecords {
        var head: Head
        var accepted: [(partition: Int32, offset: Int64)]

        mutating func accept(_ head: Head, partition: Int32, offset: Int64) {
            self.head = head
            accepted.append((partition, offset))
        }
    }

    let contractsTopic: String
    let qualityTopic: String
    /// Larger records are quarantined unread: no dcl writer sends one (its producer refuses
    /// records over `message.max.bytes`), and reading one would cost its size in memory per reader.
    let maximumRecordBytes: Int

    /// Each partition's events in offset order (so an offset is found by binary search).
    private(set) var entries: [KafkaTopicPartition: [Entry]] = [:]
    /// Per stream: its head and where each accepted sequence sits (`[n - 1]` for sequence n,
    /// on the stream's topic). One entry per stream rather than one per event keeps ingesting
    /// to a single dictionary update per record.
    private var streams: [StreamID: StreamRecords] = [:]

    private(set) var quarantine: [KafkaQuarantinedMessage] = []
    private var orderedCache: [KafkaRecordLocation] = []
    /// `positions[partition][i]` is the global position of `entries[partition][i]`.
    private var positions: [KafkaTopicPartition: [Int64]] = [:]
    private var orderIsStale = false

    init(contractsTopic: String, qualityTopic: String, maximumRecordBytes: Int = KafkaConfiguration.defaultMaximumRecordBytes) {
        self.contractsTopic = contractsTopic
        self.qualityTopic = qualityTopic
        self.maximumRecordBytes = maximumRecordBytes
    }

    func topic(for stream: StreamID) -> String { stream.kind == .quality ? qualityTopic : contractsTopic }

    /// The head of a stream as every fold sees it (nil before its first event).
    func head(of stream: StreamID) -> Head? { streams[stream]?.head }

    /// Where the record every fold accepts for a stream's sequence sits, if one was read.
    func acceptedLocation(of slot: Slot) -> KafkaRecordLocation? {
        guard slot.sequence >= 1, let records = streams[slot.stream], slot.sequence <= Int64(records.accepted.count) else { return nil }
        let place = records.accepted[Int(slot.sequence - 1)]
        return KafkaRecordLocation(topic: topic(for: slot.stream), partition: place.partition, offset: place.offset)
    }

    func entry(at location: KafkaRecordLocation) -> Entry? {
        guard let list = entries[location.topicPartition], let index = KafkaLedgerIndex.index(of: location.offset, in: list) else { return nil }
        return list[index]
    }

    /// Where `offset` sits in a partition's offset-ordered entries.
    private static func index(of offset: Int64, in list: [Entry]) -> Int? {
        var low = 0, high = list.count
        while low < high {
            let middle = (low + high) / 2
            if list[middle].location.offset < offset { low = middle + 1 } else { high = middle }
        }
        return low < list.count && list[low].location.offset == offset ? low : nil
    }

    // MARK: - Ingesting records (in offset order per partition)

    /// Ingests a batch: records are decoded in parallel (decoding is pure), then applied in order.
    mutating func ingest(_ messages: [KafkaConsumerMessage]) {
        let contractsTopic = self.contractsTopic, qualityTopic = self.qualityTopic, limit = maximumRecordBytes
        let decoded = ParallelMap.map(messages) { message in
            KafkaLedgerIndex.decode(message, contractsTopic: contractsTopic, qualityTopic: qualityTopic, maximumRecordBytes: limit)
        }
        for (message, result) in zip(messages, decoded) { apply(message, result) }
    }

    mutating func ingest(_ message: KafkaConsumerMessage) {
        apply(message, KafkaLedgerIndex.decode(message, contractsTopic: contractsTopic, qualityTopic: qualityTopic,
                                               maximumRecordBytes: maximumRecordBytes))
    }

    private mutating func apply(_ message: KafkaConsumerMessage, _ decoded: Result<EventEnvelope, Poison>) {
        let location = KafkaRecordLocation(topic: message.topic, partition: message.partition, offset: message.offset)
        let key = message.key.map { String(decoding: $0, as: UTF8.self) }
        switch decoded {
        case .failure(let reason):
            quarantine.append(KafkaQuarantinedMessage(location: location, key: key, reason: reason.message))
        case .success(let envelope):
            let isAccepted = envelope.sequence == (streams[envelope.stream]?.head.sequence ?? 0) + 1
            if isAccepted {
                let head = Head(sequence: envelope.sequence, hash: envelope.hash)
                streams[envelope.stream, default: StreamRecords(head: head, accepted: [])].accept(head, partition: location.partition, offset: location.offset)
            }
            entries[location.topicPartition, default: []].append(Entry(location: location, envelope: envelope, accepted: isAccepted))
            orderIsStale = true
        }
    }

    private struct Poison: Error { var message: String }

    private static func decode(_ message: KafkaConsumerMessage, contractsTopic: String, qualityTopic: String,
                               maximumRecordBytes: Int) -> Result<EventEnvelope, Poison> {
        guard let value = message.value, !value.isEmpty else { return .failure(Poison(message: "empty value")) }
        if value.count > maximumRecordBytes {
            return .failure(Poison(message: "the record is \(value.count) bytes, more than the \(maximumRecordBytes) a dcl writer sends "
                                   + "(message.max.bytes)"))
        }
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

    // MARK: - Per-partition reads

    /// Up to `limit` events of the partitions `next` names, at or after each one's offset (partitions in order, each
    /// in offset order), with the offset after the last event taken from each partition read and
    /// whether that partition has no later events in the index. Positions are left to the reader
    /// (see `LogBatch.hasGlobalPositions`).
    func events(from next: [KafkaTopicPartition: Int64], limit: Int)
        -> (events: [StoredEvent], reached: [KafkaTopicPartition: (offset: Int64, drained: Bool)]) {
        var events: [StoredEvent] = []
        var reached: [KafkaTopicPartition: (offset: Int64, drained: Bool)] = [:]
        // Only the partitions asked for: a member of a projector group reads its own.
        for partition in next.keys.sorted() where events.count < limit {
            guard let list = entries[partition] else { continue }
            let start = next[partition] ?? 0
            var low = 0, high = list.count
            while low < high {
                let middle = (low + high) / 2
                if list[middle].location.offset < start { low = middle + 1 } else { high = middle }
            }
            let end = min(list.count, low + limit - events.count)
            let taken = list[low..<end]
            events.append(contentsOf: taken.map { StoredEvent(position: 0, envelope: $0.envelope) })
            reached[partition] = (taken.last.map { $0.location.offset + 1 } ?? start, end == list.count)
        }
        return (events, reached)
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
        guard let list = entries[location.topicPartition], let index = KafkaLedgerIndex.index(of: location.offset, in: list) else { return nil }
        return positions[location.topicPartition]?[index]
    }

    /// A k-way merge on a binary heap of partition heads keyed by (recordedAt, partition index):
    /// O(n log p). (Scanning every partition head for each record cost n × p comparisons, seconds
    /// for a million records over 528 partitions.)
    private mutating func rebuildOrder() {
        let partitions = entries.keys.sorted()
        let lists = partitions.map { entries[$0]! }
        var cursors = [Int](repeating: 0, count: partitions.count)
        var numbered = lists.map { [Int64](repeating: 0, count: $0.count) }
        var order: [KafkaRecordLocation] = []
        order.reserveCapacity(lists.reduce(0) { $0 + $1.count })
        // Partitions are sorted, so at equal times the earlier (topic, partition) comes first.
        var partitionHeads = PartitionHeap()
        for (partition, list) in lists.enumerated() where !list.isEmpty {
            partitionHeads.push((list[0].envelope.recordedAt.millisecondsSinceEpoch, partition))
        }
        while let (_, partition) = partitionHeads.pop() {
            let cursor = cursors[partition]
            order.append(lists[partition][cursor].location)
            numbered[partition][cursor] = Int64(order.count)
            cursors[partition] = cursor + 1
            if cursor + 1 < lists[partition].count {
                partitionHeads.push((lists[partition][cursor + 1].envelope.recordedAt.millisecondsSinceEpoch, partition))
            }
        }
        orderedCache = order
        positions = Dictionary(uniqueKeysWithValues: zip(partitions, numbered))
        orderIsStale = false
    }

    /// The event at `location` with its global position (one offset search for both).
    mutating func stored(_ location: KafkaRecordLocation) -> StoredEvent? {
        if orderIsStale { rebuildOrder() }
        let partition = location.topicPartition
        guard let list = entries[partition], let index = KafkaLedgerIndex.index(of: location.offset, in: list),
              let position = positions[partition]?[index] else { return nil }
        return StoredEvent(position: position, envelope: list[index].envelope)
    }
}
