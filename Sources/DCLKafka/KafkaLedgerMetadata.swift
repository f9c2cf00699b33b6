import CRDKafka
import DCLDomain
import Foundation
import Logging

/// What every reader of the ledger topics asks the cluster before reading records: the topics'
/// partitions, retried through transient failures, and the partition a key goes to.
enum KafkaLedgerMetadata {
    /// The partition librdkafka's murmur2 partitioner (Java's default) gives `key` among `count`.
    static func murmur2Partition(of key: String, count: Int32) -> Int32 {
        let bytes = Array(key.utf8)
        return bytes.withUnsafeBytes { buffer in
            rd_kafka_msg_partitioner_murmur2(nil, buffer.baseAddress, buffer.count, count, nil, nil)
        }
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
