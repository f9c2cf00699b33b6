import DCLEventLog
import Foundation
import Logging

/// Reads the ledger topics partition by partition from a cursor, a bounded batch at a time, and
/// keeps nothing it has handed out: what a projector folds (`KafkaEventLog.read(from:limit:)`).
///
/// Its consumer stays assigned between calls, so a projector that reads batch after batch (each
/// from the cursor the previous one returned) streams the topics through librdkafka's bounded
/// read-ahead (`KafkaConfiguration.streamingConsumerProperties`). A call from any other cursor
/// re-assigns every partition at that cursor's offsets. Records that are not readable events are
/// skipped (the cursor moves past them) and logged; `KafkaEventLog.quarantined()` lists them all.
///
/// Memory: the read-ahead, at most one polled batch held back (`pending`), and the batch handed out.
// @unchecked Sendable: `partitions`, `delivered`, `assigned`, `pending` and `unfinishedRead` are read and written only in the
// bodies passed to `consumer.withHandle`, which run on the consumer's serial dispatch queue, one at a time.
final class KafkaPartitionStream: @unchecked Sendable {
    private let consumer: KafkaConsumer
    private let configuration: KafkaConfiguration
    private let logger: Logger
    private var partitions: [KafkaTopicPartition] = []
    /// Per assigned partition, the next offset the consumer delivers after `pending`; nil when
    /// nothing is assigned.
    private var delivered: [KafkaTopicPartition: Int64]?
    /// The partitions assigned now.
    private var assigned = Set<KafkaTopicPartition>()
    /// Records and partition ends polled but not handed out yet (a batch's limit was reached).
    private var pending: [KafkaConsumerEvent] = []
    /// The watermarks the last read stopped short of (it reached its limit first), and the cursor it
    /// handed out: a read that continues from that cursor reads on to the same ends instead of asking
    /// every partition again. Querying a watermark is a round trip per partition (hundreds on a ledger
    /// with many partitions), which made each batch of a catch-up wait far longer than its fold.
    private var unfinishedRead: (marks: [KafkaTopicPartition: (low: Int64, high: Int64)], next: [KafkaTopicPartition: Int64])?

    init(configuration: KafkaConfiguration, logger: Logger) throws(KafkaError) {
        self.configuration = configuration
        self.logger = logger
        consumer = try KafkaConsumer(properties: configuration.streamingConsumerProperties(), logger: logger)
    }

    /// Partitions of the quality topic read at once. With `streamingConsumerProperties`' read-ahead
    /// (up to ~1 MiB per partition) this keeps librdkafka's buffers near 16 MiB however many
    /// partitions the topic has, and gives each fetch round enough records to keep the fold busy.
    static let window = 16

    /// What one read hands out.
    struct Batch: Sendable {
        var events: [StoredEvent]
        /// Per partition read, the offset after the last record taken (quarantined ones included).
        var next: [KafkaTopicPartition: Int64]
    }

    /// The high watermark of every partition of both topics: where the ledger ends now.
    func ends() async throws(EventLogError) -> [KafkaTopicPartition: Int64] {
        try await withConsumer { handle, deadline throws(KafkaError) in
            try self.watermarks(handle, deadline: deadline).mapValues(\.high)
        }
    }

    /// Up to `limit` events at or after `start` (a partition not named starts at its first
    /// record), reading each partition only up to its high watermark at the time of the call.
    func read(from start: [KafkaTopicPartition: Int64], limit: Int) async throws(EventLogError) -> Batch {
        try await withConsumer { handle, deadline throws(KafkaError) in
            try self.read(handle, from: start, limit: limit, deadline: deadline)
        }
    }

    private func withConsumer<T: Sendable>(_ body: @escaping @Sendable (RDKafkaConsumerHandle, ContinuousClock.Instant) throws(KafkaError) -> T)
        async throws(EventLogError) -> T {
        let deadline = ContinuousClock.now.advanced(by: configuration.requestTimeout)
        do {
            return try await consumer.withHandle { handle throws(KafkaError) in
                if self.partitions.isEmpty {
                    self.partitions = try KafkaLedgerReader.ledgerPartitions(handle, configuration: self.configuration, logger: self.logger,
                                                                             deadline: deadline)
                }
                return try body(handle, deadline)
            }
        } catch {
            throw KafkaEventLog.unavailable(error, configuration: configuration)
        }
    }

    private func watermarks(_ handle: RDKafkaConsumerHandle, deadline: ContinuousClock.Instant) throws(KafkaError)
        -> [KafkaTopicPartition: (low: Int64, high: Int64)] {
        let partitions = self.partitions
        return try KafkaLedgerReader.retrying(deadline, "query the watermarks of \(partitions.count) partitions",
                                              configuration: configuration, logger: logger) { milliseconds throws(KafkaError) in
            try handle.watermarks(of: partitions, timeoutMilliseconds: milliseconds)
        }
    }

    // MARK: - Reading (runs on the consumer's queue)

    /// `DCL_STREAM_TRACE=1`: one line per read on standard error (where its time went).
    static let tracing = ProcessInfo.processInfo.environment["DCL_STREAM_TRACE"] == "1"
    private static func trace(_ line: @autoclosure () -> String) {
        guard tracing else { return }
        FileHandle.standardError.write(Data("[stream \(String(format: "%.3f", Date().timeIntervalSince1970))] \(line())\n".utf8))
    }
    private static func ms(_ duration: Duration) -> String {
        String(format: "%.1f", Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15)
    }

    private func read(_ handle: RDKafkaConsumerHandle, from requested: [KafkaTopicPartition: Int64], limit: Int,
                      deadline: ContinuousClock.Instant) throws(KafkaError) -> Batch {
        let readStart = ContinuousClock.now
        var polls = 0, emptyPolls = 0, assigns = 0, polledRecords = 0, polledEnds = 0
        var pollWait = Duration.zero
        var marksTime = Duration.zero
        defer {
            KafkaPartitionStream.trace("read limit \(limit): \(KafkaPartitionStream.ms(ContinuousClock.now - readStart)) ms, watermarks \(KafkaPartitionStream.ms(marksTime)) ms, "
                + "\(polls) polls (\(emptyPolls) empty, \(KafkaPartitionStream.ms(pollWait)) ms in poll), \(polledRecords) records + \(polledEnds) ends polled, \(assigns) assigns")
        }
        let marks: [KafkaTopicPartition: (low: Int64, high: Int64)]
        if let unfinishedRead, unfinishedRead.next.allSatisfy({ requested[$0.key] == $0.value }) {
            // Records written since are read once these ends are reached: the read that finds
            // nothing left below them asks for the watermarks again.
            marks = unfinishedRead.marks
        } else {
            let started = ContinuousClock.now
            marks = try watermarks(handle, deadline: deadline)
            marksTime = ContinuousClock.now - started
        }
        unfinishedRead = nil
        var next: [KafkaTopicPartition: Int64] = [:]
        var target: [KafkaTopicPartition: Int64] = [:]
        for partition in partitions {
            guard let mark = marks[partition] else { continue }
            // Records below the low watermark are gone (retention); the cursor moves past them.
            next[partition] = max(requested[partition] ?? 0, mark.low)
            target[partition] = mark.high
        }
        var unfinished = Set(partitions.filter { (next[$0] ?? 0) < (target[$0] ?? 0) })
        guard limit > 0, !unfinished.isEmpty else { return Batch(events: [], next: next) }
        var events: [StoredEvent] = []
        var lastError: KafkaError?
        let contractsTopic = configuration.contractsTopic, qualityTopic = configuration.qualityTopic
        let maximumRecordBytes = configuration.maximumRecordBytes
        while events.count < limit && !unfinished.isEmpty {
            // The contracts topic up to its end first: the fold counts a quality result as on time
            // against the service level of its contract, so the contract's lifecycle events must
            // come first (they are written first; this keeps them first on reading too).
            let contractsLeft = unfinished.contains { $0.topic == configuration.contractsTopic }
            let wanted: Set<KafkaTopicPartition>
            if contractsLeft {
                // One contracts partition at a time, in partition order, as a rebuild always read
                // them: a few folds still look across the topic's streams (the consumers a breaking
                // change notifies are those subscribed when it is folded), so this order is kept.
                wanted = [unfinished.filter { $0.topic == configuration.contractsTopic }.min()!]
            } else if !assigned.isDisjoint(with: unfinished) && assigned.allSatisfy({ $0.topic != configuration.contractsTopic }) {
                wanted = assigned
            } else {
                // A window of partitions at a time, each read to its end before the next window:
                // read-ahead per partition times the window, not times every partition, bounds memory.
                wanted = Set(unfinished.sorted().prefix(KafkaPartitionStream.window))
            }
            if wanted != assigned || !continues(from: next.filter { wanted.contains($0.key) }) {
                pending = []
                let offsets = next.filter { wanted.contains($0.key) }
                try handle.assign(offsets)
                assigns += 1
                KafkaPartitionStream.trace("assign \(offsets.count): \(offsets.keys.sorted().map(\.description).joined(separator: " "))")
                delivered = offsets
                assigned = wanted
            }
            var polled = pending
            pending = []
            if polled.isEmpty {
                guard ContinuousClock.now < deadline else {
                    let behind = unfinished.min().map { "\($0) up to offset \(target[$0] ?? 0) (at \(next[$0] ?? 0))" } ?? ""
                    throw KafkaError(.timedOut, "could not read \(behind) within \(configuration.requestTimeout)"
                                     + (lastError.map { "; last error: \($0.message)" } ?? ""))
                }
                let pollStart = ContinuousClock.now
                let batch = handle.poll(upTo: 2000, timeoutMilliseconds: remainingMilliseconds(until: deadline, cap: 100))
                pollWait += ContinuousClock.now - pollStart
                polls += 1
                if batch.isEmpty { emptyPolls += 1 }
                polledRecords += batch.messages.count
                polledEnds += batch.ends.count
                if batch.isEmpty { handle.client.logs.drain() }
                for error in batch.errors {
                    lastError = error
                    logger.debug("\(error.message)")
                }
                polled = batch.messages.map { KafkaConsumerEvent.message($0) }
                    + batch.ends.map { KafkaConsumerEvent.endOfPartition($0.partition, offset: $0.offset) }
                for case .message(let message) in polled {
                    delivered?[message.topicPartition] = message.offset + 1
                }
                for case .endOfPartition(let partition, let offset) in polled {
                    let reached = max(delivered?[partition] ?? 0, offset)
                    delivered?[partition] = reached
                }
            }
            // Take records in order until the limit; hold back the rest for the next call.
            var taken: [KafkaConsumerMessage] = []
            var index = polled.startIndex
            while index < polled.endIndex && events.count + taken.count < limit {
                switch polled[index] {
                case .message(let message):
                    let partition = message.topicPartition
                    // Only up to the watermark read at the start (a record beyond it waits for
                    // the next call, which re-assigns: the consumer has moved past the cursor).
                    if message.offset >= (next[partition] ?? 0) && message.offset < (target[partition] ?? 0) {
                        taken.append(message)
                        next[partition] = message.offset + 1
                        if message.offset + 1 >= (target[partition] ?? 0) { unfinished.remove(partition) }
                    }
                case .endOfPartition(let partition, let offset):
                    // Only ever forward: past quarantined records at a partition's end too.
                    if offset > (next[partition] ?? 0) && offset <= (target[partition] ?? 0) { next[partition] = offset }
                    if (next[partition] ?? 0) >= (target[partition] ?? 0) { unfinished.remove(partition) }
                case .error:
                    break
                }
                index += 1
            }
            pending = Array(polled[index...])
            if !assigned.isEmpty && assigned.isDisjoint(with: unfinished) {
                // The partitions assigned are read: the next round assigns others.
                pending = []
            }
            let decoded = ParallelMap.map(taken) { message in
                KafkaLedgerIndex.decode(message, contractsTopic: contractsTopic, qualityTopic: qualityTopic, maximumRecordBytes: maximumRecordBytes)
            }
            for (message, result) in zip(taken, decoded) {
                switch result {
                case .success(let envelope):
                    events.append(StoredEvent(position: 0, envelope: envelope))
                case .failure(let poison):
                    logger.warning("quarantined a Kafka record that is not a readable event: \(message.topic)[\(message.partition)]@\(message.offset): \(poison.message)")
                }
            }
        }
        if !unfinished.isEmpty { unfinishedRead = (marks, next) }
        return Batch(events: events, next: next)
    }

    /// Whether the consumer, as assigned, delivers next exactly what `next` asks for in every
    /// partition with records left to read (held-back records first).
    private func continues(from next: [KafkaTopicPartition: Int64]) -> Bool {
        guard let delivered else { return false }
        var firstPending: [KafkaTopicPartition: Int64] = [:]
        for case .message(let message) in pending where firstPending[message.topicPartition] == nil {
            firstPending[message.topicPartition] = message.offset
        }
        for (partition, offset) in next {
            guard let position = firstPending[partition] ?? delivered[partition] else { return false }
            if position != offset { return false }
        }
        return true
    }
}
