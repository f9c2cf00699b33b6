import DCLDomain
import DCLEventLog
import Logging
import ServiceLifecycle

/// The event log on Kafka: lifecycle and domain streams on `dcl.contracts.v1`, quality streams on
/// `dcl.quality.v1` (see docs/kafka.md).
///
/// - Records: key = the stream's subject (contract id or domain name), so a contract's events
///   share a partition; value = the envelope's canonical JSON; headers `dcl-event-type` and
///   `dcl-envelope-version: 1`.
/// - Positions: Kafka has no global order, and this log makes none up. It is read by cursor, one
///   offset per partition of both topics (`read(from:until:limit:)`), each partition in offset
///   order; a reader numbers the events it takes in the order it takes them.
/// - Conflicts without compare-and-set: `append` refuses a sequence the stream's head already has,
///   produces, waits for the delivery reports, reads the partition up to its own records and throws
///   `.conflict` if another record took the same stream sequence first (the losing record stays on
///   the topic; every fold rejects it). Appending identical envelopes again is safe: records already
///   on the topic are recognised, not written twice.
/// - Records that are not readable events are skipped and listed by `quarantinedByCursorReads()`.
///
/// ```swift
/// let log = try KafkaEventLog(bootstrapServers: "localhost:9092", properties: ["security.protocol": "SSL"])
/// let stored = try await log.append(envelopes)
/// let batch = try await log.read(from: .start, limit: 1000)   // batch.after: where to read on
/// ```
public final class KafkaEventLog: EventLog, Service {
    public static let eventTypeHeader = "dcl-event-type"
    public static let envelopeVersionHeader = "dcl-envelope-version"
    public static let envelopeVersion = "1"

    public let configuration: KafkaConfiguration
    private let producer: KafkaProducer
    private let logger: Logger
    private let hooks: Hooks
    private let isShutDown = LockedBox(false)
    private let streamReader = LockedBox<KafkaPartitionStream?>(nil)
    private let writerScanner = LockedBox<KafkaStreamScanner?>(nil)
    private let headsSource = LockedBox<(any StreamHeadsSource)?>(nil)
    /// The partition numbers this log reads (`read(from:limit:)`, `endCursor()`), nil for all:
    /// see `readOnly(partitions:)`.
    private let ownedPartitions = LockedBox<Set<Int32>?>(nil)
    /// The records `read(from:limit:)` passed over as unreadable, in the order it met them.
    private let quarantinedByCursor = LockedBox<[KafkaQuarantinedMessage]>([])

    /// Test seams: `beforeProduce` runs after the up-front checks, before anything is produced.
    struct Hooks: Sendable {
        var beforeProduce: (@Sendable ([EventEnvelope]) async -> Void)?
    }

    /// Connects to `bootstrapServers` with librdkafka `properties` (as from `-X key=value` or a
    /// properties file). Nothing is sent until the first operation.
    public convenience init(bootstrapServers: String, properties: [String: String] = [:], topicSuffix: String = "",
                            logger: Logger = Logger(label: "dcl.kafka")) throws {
        try self.init(configuration: KafkaConfiguration(bootstrapServers: bootstrapServers, properties: properties,
                                                        topicSuffix: topicSuffix), logger: logger)
    }

    public convenience init(configuration: KafkaConfiguration, logger: Logger = Logger(label: "dcl.kafka")) throws {
        try self.init(configuration: configuration, logger: logger, hooks: Hooks())
    }

    init(configuration: KafkaConfiguration, logger: Logger, hooks: Hooks) throws {
        self.configuration = configuration
        self.logger = logger
        self.hooks = hooks
        do {
            producer = try KafkaProducer(configuration: configuration, logger: logger)
        } catch {
            throw EventLogError(.unavailable, "cannot open the Kafka ledger (\(configuration.redactedDescription)): \(error.message)")
        }
        logger.debug("kafka ledger: \(configuration.redactedDescription)")
    }

    // MARK: - EventLog

    public func append(_ envelopes: [EventEnvelope]) async throws -> [StoredEvent] {
        guard !envelopes.isEmpty else { return [] }
        try checkOpen()
        for envelope in envelopes where envelope.sequence < 1 {
            throw EventLogError(.invalidArgument, "\(envelope.stream) sequence \(envelope.sequence) is not positive",
                                stream: envelope.stream, sequence: envelope.sequence)
        }
        // 1. Up-front check against the streams' heads: the projector's (when this log has a
        //    store) and the tail of each stream's partition after them.
        let streams = Set(envelopes.map(\.stream))
        let slots = Set(envelopes.map { KafkaLedgerRecords.Slot(stream: $0.stream, sequence: $0.sequence) })
        var before = try await scanHeads(of: streams, slots: slots)
        if envelopes.contains(where: { envelope in
            before.accepted[KafkaLedgerRecords.Slot(stream: envelope.stream, sequence: envelope.sequence)] == nil
                && envelope.sequence <= (before.heads[envelope.stream]?.sequence ?? 0)
        }) {
            // A sequence the snapshot already holds: a retry of envelopes recorded before the
            // projector's cursor, or a conflict. Only the records tell which: read the streams'
            // partitions from their beginning (rare: a writer retrying long after its write).
            before = try await scanner().scan(streams, from: [:], heads: [:], slots: slots)
        }
        let plan = try KafkaEventLog.plan(envelopes, heads: before)
        let toProduce = plan.indices.filter { plan[$0] == nil }
        if toProduce.count < envelopes.count {
            logger.info("kafka ledger: \(envelopes.count - toProduce.count) of \(envelopes.count) events were already recorded; not writing them again")
        }
        await hooks.beforeProduce?(envelopes)

        // 2. Produce (one librdkafka batch) and wait for every delivery report.
        var locations = plan
        if !toProduce.isEmpty {
            // Learn the topics' leaders now rather than at librdkafka's periodic scan (up to 1 s).
            // Only a missing topic ends the append here: when the brokers cannot be reached, the
            // records are produced anyway and librdkafka keeps retrying them until
            // message.timeout.ms, so a short outage delays the append instead of failing it.
            do {
                try await producer.prepare(topics: Array(Set(toProduce.map { configuration.topic(for: envelopes[$0].stream) })),
                                           timeout: configuration.requestTimeout)
            } catch where error.code == .topicMissing {
                throw EventLogError(.unavailable, "cannot reach the ledger topics: \(error.message)",
                                    stream: envelopes[toProduce[0]].stream, sequence: envelopes[toProduce[0]].sequence)
            } catch {
                logger.info("kafka ledger: no metadata for the ledger topics yet (\(error.message)); producing anyway, librdkafka retries until message.timeout.ms")
            }
            let results = await producer.send(toProduce.map { record(for: envelopes[$0]) })
            var failures: [String] = []
            for (index, result) in zip(toProduce, results) {
                switch result {
                case .success(let report):
                    locations[index] = KafkaRecordLocation(topic: report.topic, partition: report.partition, offset: report.offset)
                case .failure(let error):
                    failures.append("\(envelopes[index].stream) #\(envelopes[index].sequence): \(error.message)")
                }
            }
            if !failures.isEmpty {
                let acknowledged = toProduce.count - failures.count
                throw EventLogError(.unavailable,
                                    "Kafka did not acknowledge \(failures.count) of \(toProduce.count) events (\(failures.joined(separator: "; "))). "
                                    + "\(acknowledged) were acknowledged. Appending the same envelopes again is safe: events already on the topic are recognised.",
                                    stream: envelopes[toProduce[0]].stream, sequence: envelopes[toProduce[0]].sequence)
            }
        }

        // 3. Read our own records back and make sure no other record took their sequences first:
        //    the partitions from where step 1 stopped, up to (at least) our records.
        let produced = toProduce.compactMap { locations[$0] }
        let after = try await scanner().scan(streams, from: before.reached, heads: before.heads, slots: slots, watch: Set(produced))
        return try KafkaEventLog.confirm(envelopes, produced: toProduce.map { ($0, locations[$0]!) }, scan: after)
    }

    /// The heads of `streams` now: the projector's snapshot (if this log was given one, see
    /// `useStreamHeads(from:)`), moved by the records of each stream's partition after it.
    func scanHeads(of streams: Set<StreamID>, slots: Set<KafkaLedgerRecords.Slot> = []) async throws -> KafkaStreamScanner.Scan {
        var snapshot = StreamHeadsSnapshot.empty
        if let source = headsSource.current {
            snapshot = try await source.streamHeads(of: streams)
        }
        var start = KafkaEventLog.offsets(of: snapshot.cursor)
        let scanner = try scanner()
        // A partition the snapshot has not read is read from its beginning, with no heads for its streams.
        let partitions = try await scanner.partitions(holding: streams)
        var heads = snapshot.heads
        if partitions.contains(where: { start[$0] == nil }) {
            start = [:]
            heads = [:]
        }
        return try await scanner.scan(streams, from: start, heads: heads, slots: slots)
    }

    /// Tells writers where a projector keeps stream heads (a read-model store folded from this
    /// ledger): a head is then that store's plus the few records of its partition after the
    /// store's cursor. Without one, a writer reads each stream's partition from its beginning
    /// (never the rest of the ledger); the answer is the same, only slower on a long partition.
    public func useStreamHeads(from source: any StreamHeadsSource) {
        headsSource.withLock { $0 = source }
    }

    /// The last event of `stream` that every fold accepts (see `scanHeads(of:)`).
    public func head(of stream: StreamID) async throws -> StreamHead? {
        try checkOpen()
        return try await scanHeads(of: [stream]).heads[stream]
    }

    public func readStream(_ stream: StreamID) async throws -> [StoredEvent] {
        try await readStreams([stream])
    }

    /// Reads only the streams' partitions (one per stream and its key), from their beginning.
    /// Each stream comes in sequence order (a record that lost a race right after its winner);
    /// positions number the result 1, 2, 3…: a partitioned log has no global order to give.
    public func readStreams(_ streams: Set<StreamID>) async throws -> [StoredEvent] {
        try checkOpen()
        guard !streams.isEmpty else { return [] }
        let scan = try await scanner().scan(streams, from: [:], heads: [:], collect: true)
        let ordered = scan.events.sorted {
            ($0.envelope.stream, $0.envelope.sequence, $0.location) < ($1.envelope.stream, $1.envelope.sequence, $1.location)
        }
        return ordered.enumerated().map { StoredEvent(position: Int64($0.offset + 1), envelope: $0.element.envelope) }
    }

    /// The cluster id and the ledger's topic names: a store folded from these topics on this
    /// cluster belongs to this ledger.
    public func identity() async throws -> LedgerIdentity {
        try checkOpen()
        do {
            let cluster = try await producer.clusterID(timeout: .seconds(30))
            return LedgerIdentity("kafka:\(cluster)/\(configuration.topics.joined(separator: ","))")
        } catch {
            throw EventLogError(.unavailable, "cannot learn the Kafka cluster's id: \(error.message)")
        }
    }

    /// Makes `read(from:limit:)` and `endCursor()` see only the records of the contracts topic's
    /// partitions `partitions` (nil: all): those partitions, and every partition q of the
    /// quality topic with q mod (contracts partitions) in `partitions`. A contract's streams share
    /// its key, and a key's partition is its hash modulo the partition count, so when the quality
    /// topic has a multiple of the contracts topic's partitions (`partitionCounts()`
    /// tells), those hold every stream of the contracts the given partitions hold. A projector in
    /// a consumer group reads this way; the cursor a read returns names only these partitions, so
    /// its commit leaves the other members' alone. Writes and the other reads are not affected.
    public func readOnly(partitions: Set<Int32>?) {
        ownedPartitions.withLock { $0 = partitions }
    }

    /// How many partitions each ledger topic has (contracts, quality). Asked through the
    /// projector's reader, from metadata: the global-order reader would first read the whole ledger.
    public func partitionCounts() async throws -> (contracts: Int, quality: Int) {
        try checkOpen()
        return try await partitionStream().partitionCounts()
    }

    /// A contract's place is its key's partition of the contracts topic, computed as the producer
    /// places it (murmur2); a reader limited by `readOnly(partitions:)` folds only those. With a
    /// custom partitioner a key's partition cannot be computed, so the log is one place (a
    /// projector group refuses such a log).
    public func contractPartitions() async throws -> ContractPartitions {
        guard configuration.usesMurmur2Partitioner else { return .single }
        let count = Int32(try await partitionCounts().contracts)
        guard count > 0 else { return .single }
        let folded = ownedPartitions.withLock { $0 }.map { $0.sorted() } ?? Array(0..<count)
        return ContractPartitions(folded: folded) { id in KafkaLedgerMetadata.murmur2Partition(of: id, count: count) }
    }

    /// Each partition of both topics from its own offset: a record that arrives late in one
    /// partition is read whatever the others' records say about time. Streams (see
    /// `KafkaPartitionStream`): nothing read is kept, so a rebuild runs in the memory of a batch.
    public func read(from cursor: LogCursor, until end: LogCursor?, limit: Int) async throws -> LogBatch {
        try checkOpen()
        let owned = ownedPartitions.current
        let batch = try await partitionStream().read(from: KafkaEventLog.offsets(of: cursor), until: end.map(KafkaEventLog.offsets),
                                                      limit: max(0, limit), owned: owned)
        var after = cursor
        if owned != nil {
            // The cursor names only this member's partitions, so that committing it leaves the
            // other members' partitions in the store as they are.
            let keys = Set(batch.partitions.map(KafkaEventLog.cursorKey))
            after.next = after.next.filter { keys.contains($0.key) }
        }
        for (partition, offset) in batch.next { after.next[KafkaEventLog.cursorKey(partition)] = offset }
        if !batch.quarantined.isEmpty { quarantinedByCursor.withLock { $0 += batch.quarantined } }
        return LogBatch(events: batch.events, after: after, hasGlobalPositions: false)
    }

    /// The high watermark now of every partition this log reads (all, or those `readOnly(partitions:)` names).
    public func endCursor() async throws -> LogCursor {
        try checkOpen()
        let ends = try await partitionStream().ends(owned: ownedPartitions.current)
        return LogCursor(next: Dictionary(uniqueKeysWithValues: ends.map { (KafkaEventLog.cursorKey($0.key), $0.value) }))
    }

    /// The projector's reader, created on first use (a writer never needs it).
    private func partitionStream() throws(EventLogError) -> KafkaPartitionStream {
        try createdOnce(streamReader) { configuration, logger throws(KafkaError) in
            try KafkaPartitionStream(configuration: configuration, logger: logger)
        }
    }

    /// The writers' reader, created on first use.
    private func scanner() throws(EventLogError) -> KafkaStreamScanner {
        try createdOnce(writerScanner) { configuration, logger throws(KafkaError) in
            try KafkaStreamScanner(configuration: configuration, logger: logger)
        }
    }

    /// The value `box` holds, made by `make` the first time (under the box's lock, so once).
    private func createdOnce<Reader: Sendable>(_ box: LockedBox<Reader?>,
                                                _ make: (KafkaConfiguration, Logger) throws(KafkaError) -> Reader) throws(EventLogError) -> Reader {
        let configuration = self.configuration, logger = self.logger
        let result = box.withLock { (held: inout Reader?) -> Result<Reader, KafkaError> in
            if let held { return .success(held) }
            do throws(KafkaError) {
                let created = try make(configuration, logger)
                held = created
                return .success(created)
            } catch {
                return .failure(error)
            }
        }
        switch result {
        case .success(let value): return value
        case .failure(let error): throw KafkaEventLog.unavailable(error, configuration: configuration)
        }
    }

    /// The partition a cursor key (`"topic/partition"`) names.
    static func topicPartition(ofCursorKey key: String) -> KafkaTopicPartition? {
        guard let slash = key.lastIndex(of: "/"), let number = Int32(key[key.index(after: slash)...]) else { return nil }
        return KafkaTopicPartition(topic: String(key[..<slash]), partition: number)
    }

    static func cursorKey(_ partition: KafkaTopicPartition) -> String { "\(partition.topic)/\(partition.partition)" }

    /// The offsets a cursor names, by partition (keys that name no Kafka partition are left out).
    static func offsets(of cursor: LogCursor) -> [KafkaTopicPartition: Int64] {
        var offsets: [KafkaTopicPartition: Int64] = [:]
        for (key, offset) in cursor.next {
            if let partition = topicPartition(ofCursorKey: key) { offsets[partition] = offset }
        }
        return offsets
    }

    // MARK: - Kafka specifics

    /// The unreadable records `read(from:limit:)` has passed over since this log was opened:
    /// after reading every partition to its end (an audit's pass), every one on the topics.
    public func quarantinedByCursorReads() -> [KafkaQuarantinedMessage] {
        quarantinedByCursor.current.sorted { $0.location < $1.location }
    }

    /// Where a record is stored, found by its content: the first record equal to `envelope` in its
    /// stream's partition (read from the beginning, keeping only that stream's events). For a
    /// finding made by a reader that numbers events in the order it takes them.
    public func location(of envelope: EventEnvelope) async throws -> KafkaRecordLocation? {
        try checkOpen()
        let scan = try await scanner().scan([envelope.stream], from: [:], heads: [:], collect: true)
        return scan.events.filter { $0.envelope == envelope }.map(\.location).min()
    }

    /// Service: runs until graceful shutdown (or cancellation), then flushes and closes.
    public func run() async throws {
        try? await gracefulShutdown()
        await shutdown()
    }

    /// Flushes the producer and stops it; later calls throw `.unavailable`. Idempotent.
    public func shutdown() async {
        let already = isShutDown.withLock { state in
            defer { state = true }
            return state
        }
        if !already { await producer.shutdown() }
    }

    // MARK: - Internals

    private func checkOpen() throws {
        if isShutDown.current { throw EventLogError(.unavailable, "the Kafka ledger was shut down") }
    }

    /// The record for an envelope: key = stream subject, value = canonical envelope JSON.
    func record(for envelope: EventEnvelope) -> KafkaProducerMessage {
        KafkaProducerMessage(
            topic: configuration.topic(for: envelope.stream),
            key: Array(envelope.stream.subject.utf8),
            value: envelope.canonicalBytes,
            headers: [KafkaHeader(name: KafkaEventLog.eventTypeHeader, text: envelope.type),
                      KafkaHeader(name: KafkaEventLog.envelopeVersionHeader, text: KafkaEventLog.envelopeVersion)])
    }

    /// For each envelope: the location of an identical record already on the topic (a retry), or
    /// nil to produce it. Throws like the SQLite adapter: `.conflict` for a taken sequence,
    /// `.invalidArgument` for a gap, `.brokenChain` for a previous hash that is not the head's.
    static func plan(_ envelopes: [EventEnvelope], heads scan: KafkaStreamScanner.Scan) throws(EventLogError) -> [KafkaRecordLocation?] {
        var pending: [StreamID: StreamHead] = [:]
        var plan: [KafkaRecordLocation?] = []
        for envelope in envelopes {
            let stream = envelope.stream
            if let taken = scan.accepted[KafkaLedgerRecords.Slot(stream: stream, sequence: envelope.sequence)] {
                guard taken.hash == envelope.hash, pending[stream].map({ $0.sequence < envelope.sequence }) ?? true else {
                    throw EventLogError(.conflict,
                                        "another writer took \(stream) #\(envelope.sequence) first (at \(taken.location)); nothing of this batch was recorded",
                                        stream: stream, sequence: envelope.sequence)
                }
                pending[stream] = StreamHead(sequence: envelope.sequence, hash: envelope.hash)
                plan.append(taken.location)
                continue
            }
            let head = pending[stream] ?? scan.heads[stream] ?? .empty
            if envelope.sequence <= head.sequence {
                throw EventLogError(.conflict, "\(stream) #\(envelope.sequence) is taken (the stream is at #\(head.sequence)); nothing of this batch was recorded",
                                    stream: stream, sequence: envelope.sequence)
            }
            if envelope.sequence != head.sequence + 1 {
                throw EventLogError(.invalidArgument, "\(stream) #\(envelope.sequence) skips ahead of the stream's head #\(head.sequence)",
                                    stream: stream, sequence: envelope.sequence)
            }
            if envelope.previousHash != head.hash {
                throw EventLogError(.brokenChain, "\(stream) #\(envelope.sequence) does not chain to the stream's head hash",
                                    stream: stream, sequence: envelope.sequence)
            }
            pending[stream] = StreamHead(sequence: envelope.sequence, hash: envelope.hash)
            plan.append(nil)
        }
        return plan
    }

    /// After producing: each of our records must be the one every fold accepts for its sequence.
    /// The events come back without a global position (0): on Kafka only a reader that merges
    /// every partition numbers events (see docs/kafka.md, "Positions"), and a writer reads one.
    static func confirm(_ envelopes: [EventEnvelope], produced: [(index: Int, location: KafkaRecordLocation)],
                        scan: KafkaStreamScanner.Scan) throws(EventLogError) -> [StoredEvent] {
        var lost: [String] = []
        var first: EventEnvelope?
        var recorded = 0
        for (index, location) in produced {
            let envelope = envelopes[index]
            guard let accepted = scan.watched[location] else {
                throw EventLogError(.unavailable, "\(envelope.stream) #\(envelope.sequence) was acknowledged at \(location) but cannot be read back "
                                    + "as an event (not found after catching up, or quarantined: see `dcl audit verify`)",
                                    stream: envelope.stream, sequence: envelope.sequence)
            }
            guard !accepted else {
                recorded += 1
                continue
            }
            let winner = scan.accepted[KafkaLedgerRecords.Slot(stream: envelope.stream, sequence: envelope.sequence)]
            lost.append("\(envelope.stream) #\(envelope.sequence)"
                        + (winner.map { " was taken first by the record at \($0.location)" } ?? " is not the stream's next sequence")
                        + "; this event stays at \(location) and every fold rejects it")
            if first == nil { first = envelope }
        }
        if let first {
            throw EventLogError(.conflict,
                                "another writer won: \(lost.joined(separator: "; "))"
                                + (recorded > 0 ? " (\(recorded) other events of this batch were recorded)" : ""),
                                stream: first.stream, sequence: first.sequence)
        }
        return envelopes.map { StoredEvent(position: 0, envelope: $0) }
    }

    static func unavailable(_ error: KafkaError, configuration: KafkaConfiguration) -> EventLogError {
        if error.code == .topicMissing {
            return EventLogError(.unavailable,
                                 "\(error.message) on \(configuration.bootstrapServers); create \(configuration.contractsTopic) and \(configuration.qualityTopic) with cleanup.policy=delete and retention.ms=-1 (see docs/kafka.md)")
        }
        return EventLogError(.unavailable, "Kafka (\(configuration.bootstrapServers)): \(error.message)")
    }
}
