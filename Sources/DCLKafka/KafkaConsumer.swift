import CRDKafka
import Foundation
import Logging

/// One partition of one topic.
public struct KafkaTopicPartition: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var topic: String
    public var partition: Int32

    public init(topic: String, partition: Int32) {
        self.topic = topic
        self.partition = partition
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.topic, lhs.partition) < (rhs.topic, rhs.partition)
    }

    public var description: String { "\(topic)[\(partition)]" }
}

// No initializer in the body: one that sets the fields one by one builds the message in a
// temporary and copies it out (a retain and a release of each array and string, for every record
// polled); the memberwise one builds in place, and the public one below delegates to it.
// (`headers` is declared before `key` so that the two have different labels.)
/// A record read from Kafka.
public struct KafkaConsumerMessage: Sendable, Hashable {
    public var topic: String
    public var partition: Int32
    public var offset: Int64
    public var headers: [KafkaHeader]
    public var key: [UInt8]?
    public var value: [UInt8]?
    /// Milliseconds since the epoch (create or log-append time), nil if the broker sent none.
    public var timestamp: Int64?

    public var topicPartition: KafkaTopicPartition { KafkaTopicPartition(topic: topic, partition: partition) }

    public func header(_ name: String) -> [UInt8]? {
        // By index: `first(where:)` handed each header to its closure as a copy (its name and value retained).
        for index in headers.indices where headers[index].name == name { return headers[index].value }
        return nil
    }

    /// About the memory the record takes: its bytes, and the arrays and header entries holding
    /// them (~200 bytes for a ledger record's key and two headers).
    var footprint: Int {
        var bytes = 64 + (key?.count ?? 0) + (value?.count ?? 0)
        // By index: iterating handed out a copy of each header (its name and value retained).
        for index in headers.indices { bytes += 64 + (headers[index].value?.count ?? 0) }
        return bytes
    }
}

extension KafkaConsumerMessage {
    public init(topic: String, partition: Int32, offset: Int64, key: [UInt8]?, value: [UInt8]?, headers: [KafkaHeader] = [],
                timestamp: Int64? = nil) {
        self.init(topic: topic, partition: partition, offset: offset, headers: headers, key: key, value: value, timestamp: timestamp)
    }
}

/// What one poll returns.
public enum KafkaConsumerEvent: Sendable, Hashable {
    case message(KafkaConsumerMessage)
    /// The reader reached the end of a partition; `offset` is the next offset to be written.
    case endOfPartition(KafkaTopicPartition, offset: Int64)
    /// A consumer error (librdkafka keeps retrying transient ones).
    case error(KafkaError, KafkaTopicPartition?)

    /// A message's partition and offset (nil for other events), without copying the message.
    var messagePlace: (partition: KafkaTopicPartition, offset: Int64)? {
        guard case .message(let message) = self else { return nil }
        return (message.topicPartition, message.offset)
    }
}

/// A reader with manual partition assignment (`rd_kafka_assign` from explicit offsets), end-of-
/// partition events (`enable.partition.eof=true`) and high-watermark queries — what projectors
/// and catch-up readers need. It never joins a consumer group and never commits offsets.
///
/// Every librdkafka call runs on the consumer's own serial dispatch queue, off the cooperative pool.
///
/// ```swift
/// let consumer = try KafkaConsumer(configuration: configuration)
/// let messages = try await consumer.readToEnd([KafkaTopicPartition(topic: "dcl.contracts.v1", partition: 0): 0])
/// ```
public final class KafkaConsumer: Sendable {
    private let handle: RDKafkaConsumerHandle
    private let queue: BlockingQueue

    public convenience init(configuration: KafkaConfiguration, logger: Logger = Logger(label: "dcl.kafka.consumer")) throws(KafkaError) {
        try self.init(properties: configuration.consumerProperties(), logger: logger)
    }

    /// A consumer with exactly these librdkafka properties (see `KafkaConfiguration.consumerProperties`).
    init(properties: [String: String], logger: Logger) throws(KafkaError) {
        handle = RDKafkaConsumerHandle(client: try RDKafkaClient(kind: .consumer, properties: properties, logger: logger))
        queue = BlockingQueue(label: "dcl.kafka.consumer")
    }

    /// Runs `body` on the consumer's queue with the synchronous, blocking API.
    func withHandle<T: Sendable>(_ body: @escaping @Sendable (RDKafkaConsumerHandle) throws(KafkaError) -> T) async throws(KafkaError) -> T {
        let handle = self.handle
        return try await queue.run { () throws(KafkaError) -> T in
            defer { handle.client.logs.drain() }
            return try body(handle)
        }
    }

    /// Replaces the assignment: read each partition from its offset (`Int64` offsets, or
    /// `KafkaConsumer.beginning` / `.end`).
    public func assign(_ offsets: [KafkaTopicPartition: Int64]) async throws(KafkaError) {
        try await withHandle { handle throws(KafkaError) in try handle.assign(offsets) }
    }

    public static let beginning = Int64(RD_KAFKA_OFFSET_BEGINNING)
    public static let end = Int64(RD_KAFKA_OFFSET_END)

    /// Waits up to `timeout` for the next message, end-of-partition event or error.
    public func poll(timeout: Duration) async throws(KafkaError) -> KafkaConsumerEvent? {
        let milliseconds = Int32(clamping: timeout.milliseconds)
        return try await withHandle { handle in handle.poll(timeoutMilliseconds: milliseconds) }
    }

    /// The low and high watermarks (first offset, next offset to be written) of a partition.
    public func watermarks(of partition: KafkaTopicPartition, timeout: Duration) async throws(KafkaError) -> (low: Int64, high: Int64) {
        let milliseconds = Int32(clamping: timeout.milliseconds)
        let result = try await withHandle { handle throws(KafkaError) in
            let marks = try handle.watermarks(partition, timeoutMilliseconds: milliseconds)
            return [marks.low, marks.high]
        }
        return (result[0], result[1])
    }

    /// The number of partitions of a topic; throws `.topicMissing` if the cluster has no such topic.
    public func partitionCount(of topic: String, timeout: Duration) async throws(KafkaError) -> Int {
        let milliseconds = Int32(clamping: timeout.milliseconds)
        return try await withHandle { handle throws(KafkaError) in try handle.partitionCount(topic, timeoutMilliseconds: milliseconds) }
    }

    /// Reads the given partitions from the given offsets up to their high watermarks at the time
    /// of the call, then stops: the catch-up read a projector does at startup.
    public func readToEnd(_ offsets: [KafkaTopicPartition: Int64], timeout: Duration = .seconds(30)) async throws(KafkaError) -> [KafkaConsumerMessage] {
        try await readToEnd(offsets, timeout: timeout, into: [KafkaConsumerMessage]()) { messages, batch in messages += batch }
    }

    /// The streaming form of `readToEnd`: hands each batch of records to `update` as it arrives
    /// (on the consumer's queue, in each partition's offset order) and keeps none of them, so a
    /// large read runs in the memory of one batch. Returns what `update` made of them.
    ///
    /// ```swift
    /// let bytes = try await consumer.readToEnd(offsets, into: 0) { total, batch in
    ///     total += batch.reduce(0) { $0 + ($1.value?.count ?? 0) }
    /// }
    /// ```
    public func readToEnd<State: Sendable>(_ offsets: [KafkaTopicPartition: Int64], timeout: Duration = .seconds(30), into initial: State,
                                           _ update: @escaping @Sendable (inout State, [KafkaConsumerMessage]) -> Void) async throws(KafkaError) -> State {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        return try await withHandle { handle throws(KafkaError) in
            var state = initial
            var progress = ReadProgress()
            let allMarks = try handle.watermarks(of: Array(offsets.keys), timeoutMilliseconds: remainingMilliseconds(until: deadline))
            for (partition, offset) in offsets {
                guard let marks = allMarks[partition] else { throw KafkaError(.timedOut, "no watermarks for \(partition)") }
                let start = offset < 0 ? (offset == KafkaConsumer.end ? marks.high : marks.low) : max(offset, marks.low)
                progress.add(partition, from: start, to: marks.high)
            }
            guard !progress.isFinished else { return state }
            try handle.assign(progress.startOffsets)
            defer { handle.unassign() }
            while !progress.isFinished {
                guard ContinuousClock.now < deadline else {
                    throw KafkaError(.timedOut, "could not read \(progress.unfinishedDescription) to the end within \(timeout)")
                }
                let batch = handle.poll(upTo: 2000, timeoutMilliseconds: 100)
                // Usually every record is wanted, and the batch is handed on as it is.
                let accepted = batch.messages.map { progress.accept($0) }
                let wanted = accepted.allSatisfy { $0 } ? batch.messages : zip(batch.messages, accepted).filter(\.1).map(\.0)
                for end in batch.ends { progress.reached(end.partition, offset: end.offset) }
                if !wanted.isEmpty { update(&state, wanted) }
            }
            return state
        }
    }
}

/// Where a `readToEnd` is in each partition: the next offset wanted and the offset to stop at.
/// Partitions are looked up once per run of records (fetches deliver a partition's records
/// together), not hashed per record.
struct ReadProgress {
    private var slots: [KafkaTopicPartition: Int] = [:]
    private var partitions: [KafkaTopicPartition] = []
    private var next: [Int64] = []
    private var target: [Int64] = []
    private var unfinished = 0
    private var last: (topic: String, partition: Int32, slot: Int)?

    var isFinished: Bool { unfinished == 0 }

    var startOffsets: [KafkaTopicPartition: Int64] {
        var offsets: [KafkaTopicPartition: Int64] = [:]
        for (slot, partition) in partitions.enumerated() where next[slot] < target[slot] { offsets[partition] = next[slot] }
        return offsets
    }

    var unfinishedDescription: String {
        partitions.indices.filter { next[$0] < target[$0] }.map { partitions[$0].description }.sorted().joined(separator: ", ")
    }

    mutating func add(_ partition: KafkaTopicPartition, from start: Int64, to end: Int64) {
        slots[partition] = partitions.count
        partitions.append(partition)
        next.append(start)
        target.append(end)
        if start < end { unfinished += 1 }
    }

    private mutating func slot(_ topic: String, _ partition: Int32) -> Int? {
        if let last, last.partition == partition, last.topic == topic { return last.slot }
        guard let slot = slots[KafkaTopicPartition(topic: topic, partition: partition)] else { return nil }
        last = (topic, partition, slot)
        return slot
    }

    /// Whether the record is one the read wants (new, and below its partition's target).
    mutating func accept(_ message: KafkaConsumerMessage) -> Bool {
        guard let slot = slot(message.topic, message.partition), message.offset >= next[slot], next[slot] < target[slot] else { return false }
        next[slot] = message.offset + 1
        if next[slot] >= target[slot] { unfinished -= 1 }
        return message.offset < target[slot]
    }

    mutating func reached(_ partition: KafkaTopicPartition, offset: Int64) {
        guard let slot = slot(partition.topic, partition.partition), next[slot] < target[slot] else { return }
        next[slot] = max(next[slot], offset)
        if next[slot] >= target[slot] { unfinished -= 1 }
    }
}

/// The synchronous layer over one consumer `rd_kafka_t`. Used only from its `KafkaConsumer`'s
/// serial queue (or from a single-threaded caller); every call may block up to its timeout.
final class RDKafkaConsumerHandle: Sendable {
    let client: RDKafkaClient

    init(client: RDKafkaClient) { self.client = client }

    func assign(_ offsets: [KafkaTopicPartition: Int64]) throws(KafkaError) {
        guard let list = rd_kafka_topic_partition_list_new(Int32(offsets.count)) else {
            throw KafkaError(.consumer, "cannot allocate a partition list")
        }
        defer { rd_kafka_topic_partition_list_destroy(list) }
        for (partition, offset) in offsets.sorted(by: { $0.key < $1.key }) {
            rd_kafka_topic_partition_list_add(list, partition.topic, partition.partition).pointee.offset = offset
        }
        let result = rd_kafka_assign(client.handle, list)
        if result != RD_KAFKA_RESP_ERR_NO_ERROR { throw KafkaError(.consumer, "cannot assign partitions", response: result) }
    }

    func unassign() {
        _ = rd_kafka_assign(client.handle, nil)
    }

    /// Stops fetching these partitions (`rd_kafka_pause_partitions`, waits until every broker
    /// thread concerned took the request). librdkafka drops what it fetched for them and has not
    /// handed out yet, and `resume` fetches again from the record after the last one handed out.
    /// A pause outlives the assignment: a partition assigned again stays paused until resumed.
    func pause(_ partitions: [KafkaTopicPartition]) throws(KafkaError) {
        try pauseOrResume(partitions, pause: true)
    }

    /// Fetches these paused partitions again from the given offsets (`rd_kafka_resume_partitions`,
    /// then `rd_kafka_seek_partitions` without waiting). librdkafka (2.0) serves a resume on its
    /// main thread and leaves the broker threads asleep until their next wake-up, up to a second
    /// later; a seek wakes the partition's broker thread, so it is fetched again at once, and
    /// from the reader's own position rather than from the last record librdkafka handed out.
    func resume(_ positions: [KafkaTopicPartition: Int64]) throws(KafkaError) {
        try pauseOrResume(Array(positions.keys), pause: false)
        guard let list = rd_kafka_topic_partition_list_new(Int32(positions.count)) else {
            throw KafkaError(.consumer, "cannot allocate a partition list")
        }
        defer { rd_kafka_topic_partition_list_destroy(list) }
        for (partition, offset) in positions {
            rd_kafka_topic_partition_list_add(list, partition.topic, partition.partition).pointee.offset = offset
        }
        // Without a timeout the seeks are only queued (after the resumes, in order) and nothing
        // is returned. A partition whose assignment has not started yet fails its seek, and needs
        // none: starting wakes the broker thread too.
        if let error = rd_kafka_seek_partitions(client.handle, list, 0) { rd_kafka_error_destroy(error) }
    }

    /// Lifts the pause of these partitions only (`rd_kafka_resume_partitions`): for partitions
    /// about to be assigned, whose assignment sets where fetching starts.
    func resume(_ partitions: [KafkaTopicPartition]) throws(KafkaError) {
        try pauseOrResume(partitions, pause: false)
    }

    /// Pauses these partitions where librdkafka can, and returns those it refused (one it does
    /// not know yet fails with `_UNKNOWN_PARTITION`) instead of throwing for them.
    func pauseWherePossible(_ partitions: [KafkaTopicPartition]) throws(KafkaError) -> [KafkaTopicPartition] {
        try pauseOrResumeEach(partitions, pause: true).map(\.partition)
    }

    private func pauseOrResume(_ partitions: [KafkaTopicPartition], pause: Bool) throws(KafkaError) {
        if let refused = try pauseOrResumeEach(partitions, pause: pause).first {
            throw KafkaError(.consumer, "cannot \(pause ? "pause" : "resume") \(refused.partition)", response: refused.error)
        }
    }

    /// The partitions librdkafka refused to pause or resume, with why; throws only when the whole
    /// call fails.
    private func pauseOrResumeEach(_ partitions: [KafkaTopicPartition], pause: Bool)
        throws(KafkaError) -> [(partition: KafkaTopicPartition, error: rd_kafka_resp_err_t)] {
        guard !partitions.isEmpty else { return [] }
        guard let list = rd_kafka_topic_partition_list_new(Int32(partitions.count)) else {
            throw KafkaError(.consumer, "cannot allocate a partition list")
        }
        defer { rd_kafka_topic_partition_list_destroy(list) }
        for partition in partitions { rd_kafka_topic_partition_list_add(list, partition.topic, partition.partition) }
        let result = pause ? rd_kafka_pause_partitions(client.handle, list) : rd_kafka_resume_partitions(client.handle, list)
        if result != RD_KAFKA_RESP_ERR_NO_ERROR {
            throw KafkaError(.consumer, "cannot \(pause ? "pause" : "resume") \(partitions.count) partitions", response: result)
        }
        return UnsafeBufferPointer(start: list.pointee.elems, count: Int(list.pointee.cnt))
            .filter { $0.err != RD_KAFKA_RESP_ERR_NO_ERROR }
            .map { (KafkaTopicPartition(topic: String(cString: $0.topic), partition: $0.partition), $0.err) }
    }

    func poll(timeoutMilliseconds: Int32) -> KafkaConsumerEvent? {
        guard let pointer = rd_kafka_consumer_poll(client.handle, timeoutMilliseconds) else { return nil }
        defer { rd_kafka_message_destroy(pointer) }
        var topics = RDKafkaTopicNames()
        var headerNames = RDKafkaHeaderNames()
        return event(from: pointer, topics: &topics, headerNames: &headerNames)
    }

    /// Up to `capacity` records in one call (`rd_kafka_consume_batch_queue`), waiting at most
    /// `timeoutMilliseconds` for the first: catch-up reads take a whole fetch at a time instead
    /// of paying a queue round trip per record. Empty when nothing arrived in time.
    func poll(upTo capacity: Int, timeoutMilliseconds: Int32) -> PolledBatch {
        var batch = PolledBatch()
        guard let queue = client.mainQueue else {
            if let event = poll(timeoutMilliseconds: timeoutMilliseconds) { batch.add(event) }
            return batch
        }
        let pointers = UnsafeMutablePointer<UnsafeMutablePointer<rd_kafka_message_t>?>.allocate(capacity: capacity)
        defer { pointers.deallocate() }
        // The batch call waits until the array is full or the timeout passes, so: take what is
        // there without waiting; if nothing is, wait for one record only, then take what followed it.
        var count = rd_kafka_consume_batch_queue(queue, 0, pointers, capacity)
        if count == 0 {
            count = rd_kafka_consume_batch_queue(queue, timeoutMilliseconds, pointers, 1)
            if count == 1 && capacity > 1 { count += max(0, rd_kafka_consume_batch_queue(queue, 0, pointers + 1, capacity - 1)) }
        }
        guard count > 0 else { return batch }
        var topics = RDKafkaTopicNames()
        var headerNames = RDKafkaHeaderNames()
        batch.messages.reserveCapacity(count)
        for index in 0..<count {
            guard let pointer = pointers[index] else { continue }
            batch.add(event(from: pointer, topics: &topics, headerNames: &headerNames))
            rd_kafka_message_destroy(pointer)
        }
        return batch
    }

    /// What one batch poll returned, by kind. Within a partition, records keep their order; an
    /// end-of-partition offset only ever moves a reader forward, so it can be applied after them.
    struct PolledBatch {
        var messages: [KafkaConsumerMessage] = []
        var ends: [(partition: KafkaTopicPartition, offset: Int64)] = []
        var errors: [KafkaError] = []

        var isEmpty: Bool { messages.isEmpty && ends.isEmpty && errors.isEmpty }

        /// Takes `event` over: its message is moved into `messages`, not copied.
        mutating func add(_ event: consuming KafkaConsumerEvent) {
            switch consume event {
            case .message(let message): messages.append(message)
            case .endOfPartition(let partition, let offset): ends.append((partition, offset))
            case .error(let error, _): errors.append(error)
            }
        }
    }

    private func event(from pointer: UnsafeMutablePointer<rd_kafka_message_t>, topics: inout RDKafkaTopicNames,
                       headerNames: inout RDKafkaHeaderNames) -> KafkaConsumerEvent {
        let record = pointer.pointee
        let topic = record.rkt.map { topics.name(of: $0) }
        let partition = topic.map { KafkaTopicPartition(topic: $0, partition: record.partition) }
        if record.err == RD_KAFKA_RESP_ERR__PARTITION_EOF, let partition {
            return .endOfPartition(partition, offset: record.offset)
        }
        if record.err != RD_KAFKA_RESP_ERR_NO_ERROR {
            let text = record.payload.map { String(decoding: UnsafeRawBufferPointer(start: $0, count: record.len), as: UTF8.self) }
                ?? String(cString: rd_kafka_err2str(record.err))
            return .error(KafkaError(.consumer, "kafka consumer\(partition.map { " (\($0))" } ?? ""): \(text)",
                                     rdKafkaCode: record.err.rawValue), partition)
        }
        func bytes(_ start: UnsafeRawPointer?, _ count: Int) -> [UInt8]? {
            guard let start else { return nil }
            return Array(UnsafeRawBufferPointer(start: start, count: count))
        }
        var headers: [KafkaHeader] = []
        var list: OpaquePointer?
        if rd_kafka_message_headers(pointer, &list) == RD_KAFKA_RESP_ERR_NO_ERROR, let list {
            var index = 0
            var name: UnsafePointer<CChar>?
            var value: UnsafeRawPointer?
            var size = 0
            while rd_kafka_header_get_all(list, index, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR {
                headers.append(KafkaHeader(name: name.map { headerNames.name(of: $0) } ?? "", value: bytes(value, size)))
                index += 1
            }
        }
        var timestampType = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
        let timestamp = rd_kafka_message_timestamp(pointer, &timestampType)
        return .message(KafkaConsumerMessage(
            topic: topic ?? "", partition: record.partition, offset: record.offset,
            key: bytes(record.key, record.key_len), value: bytes(record.payload, record.len), headers: headers,
            timestamp: timestampType == RD_KAFKA_TIMESTAMP_NOT_AVAILABLE ? nil : timestamp))
    }

    func watermarks(_ partition: KafkaTopicPartition, timeoutMilliseconds: Int32) throws(KafkaError) -> (low: Int64, high: Int64) {
        var low: Int64 = 0
        var high: Int64 = 0
        let result = rd_kafka_query_watermark_offsets(client.handle, partition.topic, partition.partition, &low, &high, timeoutMilliseconds)
        guard result == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(.timedOut, "cannot query the watermarks of \(partition)", response: result)
        }
        return (low, high)
    }

    /// Low and high watermarks of many partitions in two batched ListOffsets requests (earliest and
    /// latest), instead of one round trip per partition.
    func watermarks(of partitions: [KafkaTopicPartition], timeoutMilliseconds: Int32) throws(KafkaError) -> [KafkaTopicPartition: (low: Int64, high: Int64)] {
        guard !partitions.isEmpty else { return [:] }
        func offsets(at timestamp: Int64) throws(KafkaError) -> [KafkaTopicPartition: Int64] {
            guard let list = rd_kafka_topic_partition_list_new(Int32(partitions.count)) else {
                throw KafkaError(.consumer, "cannot allocate a partition list")
            }
            defer { rd_kafka_topic_partition_list_destroy(list) }
            for partition in partitions {
                // For ListOffsets a "timestamp" of -1 asks for the end offset, -2 for the first offset.
                rd_kafka_topic_partition_list_add(list, partition.topic, partition.partition).pointee.offset = timestamp
            }
            let result = rd_kafka_offsets_for_times(client.handle, list, timeoutMilliseconds)
            guard result == RD_KAFKA_RESP_ERR_NO_ERROR else {
                throw KafkaError(.timedOut, "cannot query the offsets of \(partitions.count) partitions", response: result)
            }
            var found: [KafkaTopicPartition: Int64] = [:]
            for element in UnsafeBufferPointer(start: list.pointee.elems, count: Int(list.pointee.cnt)) {
                let partition = KafkaTopicPartition(topic: String(cString: element.topic), partition: element.partition)
                guard element.err == RD_KAFKA_RESP_ERR_NO_ERROR else {
                    throw KafkaError(.timedOut, "cannot query the offsets of \(partition)", response: element.err)
                }
                found[partition] = element.offset
            }
            return found
        }
        let low = try offsets(at: -2)
        let high = try offsets(at: -1)
        var marks: [KafkaTopicPartition: (low: Int64, high: Int64)] = [:]
        for partition in partitions {
            guard let end = high[partition] else { throw KafkaError(.timedOut, "no end offset for \(partition)") }
            marks[partition] = (max(0, low[partition] ?? 0), end)
        }
        return marks
    }

    /// Partition count from a metadata request for this topic only.
    func partitionCount(_ topic: String, timeoutMilliseconds: Int32) throws(KafkaError) -> Int {
        let metadata = try client.topicMetadata(topic, timeoutMilliseconds: timeoutMilliseconds)
        if metadata.error != RD_KAFKA_RESP_ERR_NO_ERROR.rawValue {
            let code: KafkaError.Code = metadata.error == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART.rawValue ? .topicMissing : .timedOut
            throw KafkaError(code, "topic \(topic)", response: rd_kafka_resp_err_t(rawValue: metadata.error))
        }
        return metadata.partitionCount
    }
}
