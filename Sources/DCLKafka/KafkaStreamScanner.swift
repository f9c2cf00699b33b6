import CRDKafka
import DCLDomain
import DCLEventLog
import Logging

/// What writers read on Kafka: only the partitions that hold the streams they write (the
/// partition of each stream's key), from a given offset to the partition's end, keeping only
/// those streams' heads, and never the rest of the ledger.
///
/// A record counts for its stream as every fold counts it (`Ledger.validate`): when it takes the
/// next sequence and chains to the head's hash. So a record that lost a race, which stays on the
/// topic, never moves a head here either.
///
/// ```swift
/// let scan = try await scanner.scan([.quality(id)], from: [:], heads: [:])   // from each partition's first record
/// scan.heads[.quality(id)]
/// ```
final class KafkaStreamScanner: Sendable {
    private let consumer: KafkaConsumer
    private let configuration: KafkaConfiguration
    private let logger: Logger
    /// Partitions per ledger topic, learned once.
    private let partitionCounts = LockedBox<[String: Int]>([:])

    init(configuration: KafkaConfiguration, logger: Logger) throws(KafkaError) {
        self.configuration = configuration
        self.logger = logger
        consumer = try KafkaConsumer(properties: configuration.scanningConsumerProperties(), logger: logger)
    }

    /// The record every fold accepts for one stream sequence.
    struct AcceptedRecord: Sendable, Hashable {
        var location: KafkaRecordLocation
        var hash: String
    }

    /// What a scan found.
    struct Scan: Sendable {
        /// The heads of the streams scanned (those given, moved by the records read).
        var heads: [StreamID: StreamHead]
        /// Per partition scanned, the offset it was read up to.
        var reached: [KafkaTopicPartition: Int64] = [:]
        /// For each slot asked for, the record every fold accepts there, if one was read.
        var accepted: [KafkaLedgerRecords.Slot: AcceptedRecord] = [:]
        /// For each location asked for and read as an event: whether every fold accepts it.
        var watched: [KafkaRecordLocation: Bool] = [:]
        /// How many records the scan read (every key of the partitions, quarantined ones too).
        var recordsRead = 0
        /// Every event of the scanned streams read, with its location (when asked to collect).
        var events: [(location: KafkaRecordLocation, envelope: EventEnvelope)] = []
    }

    /// Reads the partitions of `streams` from `start` (a partition not named: from its first
    /// record) to their high watermarks, moving `heads` (the streams' heads as of `start`).
    func scan(_ streams: Set<StreamID>, from start: [KafkaTopicPartition: Int64], heads: [StreamID: StreamHead],
              slots: Set<KafkaLedgerRecords.Slot> = [], watch: Set<KafkaRecordLocation> = [], collect: Bool = false)
        async throws(EventLogError) -> Scan {
        let initial = Scan(heads: heads)
        guard !streams.isEmpty else { return initial }
        let partitions = try await partitions(holding: streams)
        var offsets: [KafkaTopicPartition: Int64] = [:]
        for partition in partitions { offsets[partition] = start[partition] ?? KafkaConsumer.beginning }
        let keys = Set(streams.map { Array($0.subject.utf8) })
        let contractsTopic = configuration.contractsTopic, qualityTopic = configuration.qualityTopic
        let maximumRecordBytes = configuration.maximumRecordBytes
        var scan: Scan
        let deadline = ContinuousClock.now.advanced(by: configuration.requestTimeout)
        while true {
            do throws(KafkaError) {
            scan = try await consumer.readToEnd(offsets, timeout: configuration.requestTimeout, into: initial) { scan, batch in
                scan.recordsRead += batch.count
                for message in batch {
                    let partition = message.topicPartition
                    scan.reached[partition] = max(scan.reached[partition] ?? 0, message.offset + 1)
                    // Other keys share the partition: skip them undecoded.
                    guard let key = message.key, keys.contains(key) else { continue }
                    guard case .success(let envelope) = KafkaLedgerRecords.decode(message, contractsTopic: contractsTopic, qualityTopic: qualityTopic,
                                                                               maximumRecordBytes: maximumRecordBytes),
                          streams.contains(envelope.stream) else { continue }
                    let location = KafkaRecordLocation(topic: message.topic, partition: message.partition, offset: message.offset)
                    let head = scan.heads[envelope.stream] ?? .empty
                    let accepted = envelope.sequence == head.sequence + 1 && envelope.previousHash == head.hash
                    if accepted {
                        scan.heads[envelope.stream] = StreamHead(sequence: envelope.sequence, hash: envelope.hash)
                        let slot = KafkaLedgerRecords.Slot(stream: envelope.stream, sequence: envelope.sequence)
                        if slots.contains(slot) { scan.accepted[slot] = AcceptedRecord(location: location, hash: envelope.hash) }
                    }
                    if watch.contains(location) { scan.watched[location] = accepted }
                    if collect { scan.events.append((location, envelope)) }
                }
            }
            break
            } catch {
                // A leader move or a broker restart is transient: read again, from the same start, until the deadline.
                guard error.code != .topicMissing, ContinuousClock.now < deadline else {
                    throw KafkaEventLog.unavailable(error, configuration: configuration)
                }
                logger.debug("retrying a stream scan: \(error.message)")
                try? await Task.sleep(for: .milliseconds(100))
            }
        }
        // A partition read to its end without a record (or whose start was past its end) stands where it started.
        for (partition, offset) in offsets where scan.reached[partition] == nil { scan.reached[partition] = max(0, offset) }
        return scan
    }

    /// The partitions that can hold `streams`' events: each key's murmur2 partition, or every
    /// partition of the stream's topic when another partitioner is configured.
    func partitions(holding streams: Set<StreamID>) async throws(EventLogError) -> Set<KafkaTopicPartition> {
        var result = Set<KafkaTopicPartition>()
        for stream in streams {
            let topic = configuration.topic(for: stream)
            let count = try await partitionCount(of: topic)
            guard configuration.usesMurmur2Partitioner else {
                for partition in 0..<Int32(count) { result.insert(KafkaTopicPartition(topic: topic, partition: partition)) }
                continue
            }
            let key = Array(stream.subject.utf8)
            let partition = key.withUnsafeBytes { bytes in
                rd_kafka_msg_partitioner_murmur2(nil, bytes.baseAddress, bytes.count, Int32(count), nil, nil)
            }
            result.insert(KafkaTopicPartition(topic: topic, partition: partition))
        }
        return result
    }

    private func partitionCount(of topic: String) async throws(EventLogError) -> Int {
        if let known = partitionCounts.withLock({ $0[topic] }) { return known }
        let configuration = self.configuration, logger = self.logger
        let deadline = ContinuousClock.now.advanced(by: configuration.requestTimeout)
        let counts: [String: Int]
        do {
            counts = try await consumer.withHandle { handle throws(KafkaError) in
                Dictionary(grouping: try KafkaLedgerMetadata.ledgerPartitions(handle, configuration: configuration, logger: logger, deadline: deadline),
                           by: \.topic).mapValues(\.count)
            }
        } catch {
            throw KafkaEventLog.unavailable(error, configuration: configuration)
        }
        partitionCounts.withLock { $0 = counts }
        return counts[topic] ?? 0
    }
}
