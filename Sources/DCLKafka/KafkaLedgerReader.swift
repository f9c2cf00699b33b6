import CRDKafka
import DCLDomain
import DCLEventLog
import Foundation
import Logging

/// Reads both ledger topics into a `KafkaLedgerIndex` and answers questions about it.
///
/// The consumer stays assigned to every partition of both topics from where the index stopped;
/// each operation first catches up: it queries every partition's watermarks in two batched
/// ListOffsets requests (`rd_kafka_offsets_for_times`) and polls until the index has read that far (plus any
/// offsets an append must see). Everything, polling included, runs as one job on the consumer's
/// serial queue, so concurrent callers see consistent snapshots and never block the cooperative pool.
// @unchecked Sendable: `index`, `partitions` and `assigned` are read and written only inside
// `perform`, whose body runs on `consumer`'s serial dispatch queue, one job at a time.
final class KafkaLedgerReader: @unchecked Sendable {
    private let consumer: KafkaConsumer
    private let configuration: KafkaConfiguration
    private let logger: Logger
    private var index: KafkaLedgerIndex
    private var partitions: [KafkaTopicPartition] = []
    private var next: [KafkaTopicPartition: Int64] = [:]
    private var assigned = false

    init(configuration: KafkaConfiguration, logger: Logger) throws(KafkaError) {
        self.configuration = configuration
        self.logger = logger
        consumer = try KafkaConsumer(configuration: configuration, logger: logger)
        index = KafkaLedgerIndex(contractsTopic: configuration.contractsTopic, qualityTopic: configuration.qualityTopic,
                                 maximumRecordBytes: configuration.maximumRecordBytes)
    }

    /// Catches up (at least to `require`), then runs `body` on the index, all on the consumer's queue.
    func perform<T: Sendable>(require: [KafkaRecordLocation] = [],
                              _ body: @escaping @Sendable (inout KafkaLedgerIndex, Context) throws(EventLogError) -> T) async throws(EventLogError) -> T {
        let deadline = ContinuousClock.now.advanced(by: configuration.requestTimeout)
        let result: Result<T, EventLogError>
        do {
            result = try await consumer.withHandle { handle throws(KafkaError) in
                try self.catchUp(handle, require: require, deadline: deadline)
                do throws(EventLogError) {
                    return .success(try body(&self.index, Context(partitions: self.partitions,
                                                                  partitionCounts: self.partitionCounts,
                                                                  murmur2: self.configuration.usesMurmur2Partitioner,
                                                                  next: self.next)))
                } catch {
                    return .failure(error)
                }
            }
        } catch {
            throw KafkaEventLog.unavailable(error, configuration: configuration)
        }
        return try result.get()
    }

    /// What `perform` bodies know besides the index.
    struct Context: Sendable {
        var partitions: [KafkaTopicPartition]
        var partitionCounts: [String: Int]
        var murmur2: Bool
        /// Per partition, the offset after the last record read (quarantined records included).
        var next: [KafkaTopicPartition: Int64]

        /// The partitions that can hold `stream`'s events: the key's murmur2 partition, or every
        /// partition of the stream's topic when a custom partitioner is configured.
        func partitions(for stream: StreamID, topic: String) -> [KafkaTopicPartition] {
            guard murmur2, let count = partitionCounts[topic], count > 0 else {
                return partitions.filter { $0.topic == topic }
            }
            return [KafkaTopicPartition(topic: topic, partition: KafkaLedgerReader.murmur2Partition(of: stream.subject, count: Int32(count)))]
        }
    }

    /// The partition librdkafka's murmur2 partitioner (Java's default) gives `key` among `count`.
    static func murmur2Partition(of key: String, count: Int32) -> Int32 {
        let bytes = Array(key.utf8)
        return bytes.withUnsafeBytes { buffer in
            rd_kafka_msg_partitioner_murmur2(nil, buffer.baseAddress, buffer.count, count, nil, nil)
        }
    }

    private var partitionCounts: [String: Int] {
        Dictionary(grouping: partitions, by: \.topic).mapValues(\.count)
    }

    // MARK: - Catching up (runs on the consumer's queue)

    private func catchUp(_ handle: RDKafkaConsumerHandle, require: [KafkaRecordLocation],
                         deadline: ContinuousClock.Instant) throws(KafkaError) {
        if partitions.isEmpty { partitions = try KafkaLedgerReader.ledgerPartitions(handle, configuration: configuration, logger: logger, deadline: deadline) }
        if !assigned {
            try handle.assign(partitions.reduce(into: [:]) { offsets, partition in
                offsets[partition] = next[partition].map { $0 } ?? KafkaConsumer.beginning
            })
            assigned = true
        }
        var required: [KafkaTopicPartition: Int64] = [:]
        for location in require {
            required[location.topicPartition] = max(required[location.topicPartition] ?? 0, location.offset + 1)
        }
        var targets: [KafkaTopicPartition: Int64] = [:]
        let allMarks = try retrying(deadline, "query the watermarks of \(partitions.count) partitions") { milliseconds throws(KafkaError) in
            try handle.watermarks(of: partitions, timeoutMilliseconds: milliseconds)
        }
        for partition in partitions {
            guard let marks = allMarks[partition] else { continue }
            if next[partition, default: 0] < marks.low { next[partition] = marks.low }
            let target = max(marks.high, required[partition] ?? 0)
            if target > next[partition, default: 0] { targets[partition] = target }
        }
        var lastError: KafkaError?
        // Partitions still short of their target; only the partition of each record is re-checked.
        var lagging = Set(targets.filter { next[$0.key, default: 0] < $0.value }.keys)
        while let behind = lagging.min() {
            guard ContinuousClock.now < deadline else {
                throw KafkaError(.timedOut, "could not read \(behind) up to offset \(targets[behind] ?? 0) (at \(next[behind, default: 0])) within \(configuration.requestTimeout)"
                                 + (lastError.map { "; last error: \($0.message)" } ?? ""))
            }
            let batch = handle.poll(upTo: 2000, timeoutMilliseconds: remainingMilliseconds(until: deadline, cap: 100))
            if batch.isEmpty { handle.client.logs.drain() }
            var fresh: [KafkaConsumerMessage] = []
            fresh.reserveCapacity(batch.messages.count)
            for message in batch.messages {
                let partition = message.topicPartition
                guard message.offset >= next[partition, default: 0] else { continue }
                fresh.append(message)
                next[partition] = message.offset + 1
                if let target = targets[partition], message.offset + 1 >= target { lagging.remove(partition) }
            }
            index.ingest(fresh)
            for end in batch.ends {
                let reached = max(next[end.partition, default: 0], end.offset)
                next[end.partition] = reached
                if let target = targets[end.partition], reached >= target { lagging.remove(end.partition) }
            }
            for error in batch.errors {
                lastError = error
                logger.debug("\(error.message)")
            }
        }
        for quarantined in index.quarantine.suffix(from: reportedQuarantine) {
            logger.warning("quarantined a Kafka record that is not a readable event: \(quarantined)")
        }
        reportedQuarantine = index.quarantine.count
    }

    private var reportedQuarantine = 0

    private func retrying<T>(_ deadline: ContinuousClock.Instant, _ action: String,
                             _ attempt: (Int32) throws(KafkaError) -> T) throws(KafkaError) -> T {
        try KafkaLedgerReader.retrying(deadline, action, configuration: configuration, logger: logger, attempt)
    }

    /// Every partition of both ledger topics, from the cluster's metadata. A missing topic is
    /// retried briefly (a just-created topic takes a moment to appear), not for the whole timeout.
    static func ledgerPartitions(_ handle: RDKafkaConsumerHandle, configuration: KafkaConfiguration, logger: Logger,
                                 deadline: ContinuousClock.Instant) throws(KafkaError) -> [KafkaTopicPartition] {
        var found: [KafkaTopicPartition] = []
        let missingDeadline = min(deadline, ContinuousClock.now.advanced(by: .seconds(3)))
        for topic in configuration.topics {
            var count = 0
            while true {
                do throws(KafkaError) {
                    count = try retrying(deadline, "fetch metadata for \(topic)", configuration: configuration, logger: logger) { milliseconds throws(KafkaError) in
                        try handle.partitionCount(topic, timeoutMilliseconds: milliseconds)
                    }
                    break
                } catch where error.code == .topicMissing && ContinuousClock.now < missingDeadline {
                    Thread.sleep(forTimeInterval: 0.2)
                }
            }
            found += (0..<Int32(count)).map { KafkaTopicPartition(topic: topic, partition: $0) }
        }
        return found
    }

    /// Retries transient failures (no leader, broker down, request timed out) until `deadline`.
    static func retrying<T>(_ deadline: ContinuousClock.Instant, _ action: String, configuration: KafkaConfiguration, logger: Logger,
                            _ attempt: (Int32) throws(KafkaError) -> T) throws(KafkaError) -> T {
        while true {
            do throws(KafkaError) {
                return try attempt(max(1, remainingMilliseconds(until: deadline, cap: 5000)))
            } catch {
                if error.code == .topicMissing { throw error }
                guard ContinuousClock.now < deadline else {
                    throw KafkaError(.timedOut, "could not \(action) within \(configuration.requestTimeout): \(error.message)",
                                     rdKafkaCode: error.rdKafkaCode)
                }
                logger.debug("retrying: \(error.message)")
                Thread.sleep(forTimeInterval: 0.1)
            }
        }
    }
}
