import CRDKafka
import Foundation
import Logging

/// A member of a Kafka consumer group (`rd_kafka_subscribe`, `cooperative-sticky` assignment)
/// whose owner decides where each partition it is given starts, and when it lets one go.
///
/// Rebalances come out of `poll` as `.assigned` and `.revoked` events; nothing is read from a
/// partition until the owner calls `assign(_:)` with the offset to start from (kept wherever the
/// owner keeps its progress — a projector keeps it with its read models, not in Kafka), and a
/// revoked partition stays with this member until the owner calls `unassign(_:)` (after it has
/// finished and committed the batch in hand). The group waits for those calls. Offsets are never
/// committed to Kafka. `close()` leaves the group at once, so the others take the partitions over
/// without waiting for the session timeout.
///
/// Every librdkafka call runs on the consumer's own serial dispatch queue, off the cooperative pool.
///
/// ```swift
/// let member = try KafkaGroupConsumer(configuration: configuration, group: "projectors")
/// try await member.subscribe(["dcl.contracts.v1"])
/// for event in try await member.poll(timeout: .milliseconds(100)) {
///     if case .assigned(let partitions) = event {
///         try await member.assign(Dictionary(uniqueKeysWithValues: partitions.map { ($0, Int64(0)) }))
///     }
/// }
/// await member.close()
/// ```
public final class KafkaGroupConsumer: Sendable {
    /// What a poll saw, in the order it happened.
    public enum Event: Sendable, Hashable {
        /// The group gave these partitions to this member (possibly none); call `assign(_:)` to
        /// start reading them, also when the list is empty: the group waits for that call.
        case assigned([KafkaTopicPartition])
        /// The group takes these partitions away; call `unassign(_:)` once done with them. `lost`:
        /// they may already belong to another member (this one missed its session timeout), so
        /// nothing more should be written for them.
        case revoked([KafkaTopicPartition], lost: Bool)
        case message(KafkaConsumerMessage)
        case endOfPartition(KafkaTopicPartition, offset: Int64)
        case error(KafkaError)
    }

    public let group: String
    private let handle: RDKafkaConsumerHandle
    private let queue: BlockingQueue

    /// A member of `group`. Defaults a group member needs — yours in `configuration.properties`
    /// win, except the group id and the assignment strategy, which make this a cooperative group:
    /// `session.timeout.ms=6000` (a member that stops heartbeating, e.g. a killed process, loses
    /// its partitions after 6 s), `heartbeat.interval.ms=1000`, no offset commits.
    public init(configuration: KafkaConfiguration, group: String, logger: Logger = Logger(label: "dcl.kafka.group")) throws(KafkaError) {
        guard !group.isEmpty else { throw KafkaError(.invalidConfiguration, "the consumer group name must not be empty") }
        var properties = configuration.consumerProperties()
        for (key, value) in ["session.timeout.ms": "6000", "heartbeat.interval.ms": "1000"] where configuration.properties[key] == nil {
            properties[key] = value
        }
        properties["group.id"] = group
        properties["partition.assignment.strategy"] = "cooperative-sticky"
        properties["enable.auto.commit"] = "false"
        properties["enable.auto.offset.store"] = "false"
        self.group = group
        handle = RDKafkaConsumerHandle(client: try RDKafkaClient(kind: .consumer, properties: properties, groupRebalances: true,
                                                                 logger: logger))
        queue = BlockingQueue(label: "dcl.kafka.group")
    }

    deinit {
        // A member dropped without `close()`: closing (in the client's deinit) revokes what it
        // holds, and the callback must then release it itself, or the close would wait forever.
        handle.client.logs.rebalances.markClosing()
    }

    private func withHandle<T: Sendable>(_ body: @escaping @Sendable (RDKafkaConsumerHandle) throws(KafkaError) -> T) async throws(KafkaError) -> T {
        let handle = self.handle
        return try await queue.run { () throws(KafkaError) -> T in
            defer { handle.client.logs.drain() }
            return try body(handle)
        }
    }

    /// Joins the group for these topics (`rd_kafka_subscribe`); partitions arrive with later polls.
    public func subscribe(_ topics: [String]) async throws(KafkaError) {
        try await withHandle { handle throws(KafkaError) in
            guard let list = rd_kafka_topic_partition_list_new(Int32(topics.count)) else {
                throw KafkaError(.consumer, "cannot allocate a topic list")
            }
            defer { rd_kafka_topic_partition_list_destroy(list) }
            for topic in topics { rd_kafka_topic_partition_list_add(list, topic, RD_KAFKA_PARTITION_UA) }
            let result = rd_kafka_subscribe(handle.client.handle, list)
            if result != RD_KAFKA_RESP_ERR_NO_ERROR { throw KafkaError(.consumer, "cannot subscribe to \(topics)", response: result) }
        }
    }

    /// Waits up to `timeout` for something to happen, then returns everything that did: group
    /// rebalances (buffered by librdkafka's callback during the poll) and records.
    public func poll(timeout: Duration, maxMessages: Int = 500) async throws(KafkaError) -> [Event] {
        let milliseconds = Int32(clamping: timeout.milliseconds)
        return try await withHandle { handle in
            var events: [Event] = []
            var wait = milliseconds
            for _ in 0..<max(1, maxMessages) {
                let polled = handle.poll(timeoutMilliseconds: wait)
                events += handle.client.logs.rebalances.takeAll().map(Event.init)
                guard let polled else { break }
                switch polled {
                case .message(let message): events.append(.message(message))
                case .endOfPartition(let partition, let offset): events.append(.endOfPartition(partition, offset: offset))
                case .error(let error, _): events.append(.error(error))
                }
                // After the first, take only what is already there; stop at a rebalance so the
                // owner handles it before reading on.
                wait = 0
                if events.contains(where: \.isRebalance) { break }
            }
            return events
        }
    }

    /// Starts reading partitions the group gave this member, each from its offset
    /// (`rd_kafka_incremental_assign`).
    /// Call it for every `.assigned` event, also an empty one: the group waits for the call.
    public func assign(_ offsets: [KafkaTopicPartition: Int64]) async throws(KafkaError) {
        try await withHandle { handle throws(KafkaError) in
            try KafkaGroupConsumer.withList(offsets) { list throws(KafkaError) in
                if let failure = rd_kafka_incremental_assign(handle.client.handle, list) {
                    defer { rd_kafka_error_destroy(failure) }
                    throw KafkaError(.consumer, "cannot assign \(offsets.keys.sorted()): \(String(cString: rd_kafka_error_string(failure)))")
                }
            }
        }
    }

    /// Takes partitions the group gave this member without reading them: paused, then assigned
    /// at their end, so nothing is fetched. For an owner that only needs the group to say which
    /// partitions are its own and reads them another way (a projector reads partition p of both
    /// ledger topics through its log). Call it instead of `assign(_:)` for an `.assigned` event.
    ///
    /// Paused first: librdkafka starts an assigned partition later, on its own thread, and drops
    /// whichever of a start and a pause it is handed after the other was requested (see "A pause
    /// never races an assignment" in docs/kafka.md), so a pause right after the assignment could
    /// be lost, or lose the start. The application's pause flag outlives an assignment. A
    /// partition that could not be paused before (one librdkafka does not know yet) is paused after.
    public func assignWithoutReading(_ partitions: [KafkaTopicPartition]) async throws(KafkaError) {
        guard !partitions.isEmpty else {
            try await assign([:])
            return
        }
        let notPaused = try await withHandle { handle throws(KafkaError) in try handle.pauseWherePossible(partitions) }
        try await assign(Dictionary(uniqueKeysWithValues: partitions.map { ($0, Int64(RD_KAFKA_OFFSET_END)) }))
        if !notPaused.isEmpty { _ = try await withHandle { handle throws(KafkaError) in try handle.pauseWherePossible(notPaused) } }
    }

    /// Lets revoked partitions go (`rd_kafka_incremental_unassign`): the group hands them on.
    /// Call it for every `.revoked` event: the group waits for the call.
    public func unassign(_ partitions: [KafkaTopicPartition]) async throws(KafkaError) {
        try await withHandle { handle throws(KafkaError) in
            let offsets = Dictionary(uniqueKeysWithValues: partitions.map { ($0, Int64(RD_KAFKA_OFFSET_INVALID)) })
            try KafkaGroupConsumer.withList(offsets) { list throws(KafkaError) in
                if let failure = rd_kafka_incremental_unassign(handle.client.handle, list) {
                    defer { rd_kafka_error_destroy(failure) }
                    throw KafkaError(.consumer, "cannot unassign \(partitions.sorted()): \(String(cString: rd_kafka_error_string(failure)))")
                }
            }
        }
    }

    /// The partitions this member reads now (assigned by the owner and not yet released).
    public func assignment() async throws(KafkaError) -> Set<KafkaTopicPartition> {
        try await withHandle { handle throws(KafkaError) in
            var list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?
            let result = rd_kafka_assignment(handle.client.handle, &list)
            guard result == RD_KAFKA_RESP_ERR_NO_ERROR, let list else {
                throw KafkaError(.consumer, "cannot read the assignment", response: result)
            }
            defer { rd_kafka_topic_partition_list_destroy(list) }
            return Set(RDKafkaRebalanceBuffer.partitions(of: list))
        }
    }

    /// Leaves the group (`rd_kafka_consumer_close`): what this member still holds is released at
    /// once and the group rebalances without waiting for the session timeout. Call it after the
    /// work on the partitions is committed. Idempotent.
    public func close() async {
        _ = try? await withHandle { handle in
            let buffer = handle.client.logs.rebalances
            guard !buffer.isClosing else { return }
            buffer.markClosing()
            _ = rd_kafka_consumer_close(handle.client.handle)
            _ = buffer.takeAll()
        }
    }

    private static func withList<T>(_ offsets: [KafkaTopicPartition: Int64],
                                    _ body: (UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) throws(KafkaError) -> T) throws(KafkaError) -> T {
        guard let list = rd_kafka_topic_partition_list_new(Int32(offsets.count)) else {
            throw KafkaError(.consumer, "cannot allocate a partition list")
        }
        defer { rd_kafka_topic_partition_list_destroy(list) }
        for (partition, offset) in offsets.sorted(by: { $0.key < $1.key }) {
            rd_kafka_topic_partition_list_add(list, partition.topic, partition.partition).pointee.offset = offset
        }
        return try body(list)
    }
}

extension KafkaGroupConsumer.Event {
    init(_ step: RDKafkaRebalanceBuffer.Step) {
        switch step.kind {
        case .assign: self = .assigned(step.partitions)
        case .revoke: self = .revoked(step.partitions, lost: step.lost)
        case .failure(let reason): self = .error(KafkaError(.consumer, "group rebalance failed: \(reason); the assignment was dropped"))
        }
    }

    var isRebalance: Bool {
        switch self {
        case .assigned, .revoked: true
        default: false
        }
    }
}
