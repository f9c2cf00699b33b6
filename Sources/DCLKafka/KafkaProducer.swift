import CRDKafka
import Foundation
import Logging
import ServiceLifecycle

// No initializer in the body (see `KafkaConsumerMessage`): the memberwise one builds a header in
// place; `value` is declared first so that its labels differ from the public one's.
/// A header on a Kafka record.
public struct KafkaHeader: Sendable, Hashable {
    public var value: [UInt8]?
    public var name: String
}

extension KafkaHeader {
    public init(name: String, value: [UInt8]?) {
        self.init(value: value, name: name)
    }

    public init(name: String, text: String) {
        self.init(name: name, value: Array(text.utf8))
    }
}

/// A record to produce.
public struct KafkaProducerMessage: Sendable, Hashable {
    public var topic: String
    /// nil lets the partitioner choose from the key.
    public var partition: Int32?
    public var key: [UInt8]?
    /// nil: a tombstone (on a compacted topic, the key's value is deleted).
    public var value: [UInt8]?
    public var headers: [KafkaHeader]

    public init(topic: String, partition: Int32? = nil, key: [UInt8]?, value: [UInt8]?, headers: [KafkaHeader] = []) {
        self.topic = topic
        self.partition = partition
        self.key = key
        self.value = value
        self.headers = headers
    }
}

/// Where the cluster stored a record.
public typealias KafkaDeliveryReport = KafkaRecordLocation

/// An idempotent producer (`enable.idempotence=true`, `acks=all`) whose delivery reports come
/// back as async results.
///
/// librdkafka batches records for `linger.ms`, keeps at most `queue.buffering.max.messages` in
/// flight (a full queue makes `send` wait), retries retriable errors without duplicating (the
/// idempotent producer's sequence numbers), and gives up after `message.timeout.ms` with
/// `KafkaError.Code.messageTimedOut`.
///
/// A dedicated thread polls librdkafka's event queue and resumes the waiting tasks; nothing
/// blocks the cooperative pool. As a `Service`, `run()` waits for graceful shutdown, then flushes.
///
/// ```swift
/// let producer = try KafkaProducer(configuration: KafkaConfiguration(bootstrapServers: "localhost:9092"))
/// let report = try await producer.send(KafkaProducerMessage(topic: "t", key: Array("k".utf8), value: Array("v".utf8)))
/// ```
public final class KafkaProducer: Service {
    private let client: RDKafkaClient
    private let deliveries: DeliveryRegistry
    /// Signalled by the poll thread after each round, for senders waiting on a full queue.
    private let progress: ProgressSignal
    private let stop: LockedBox<Bool>
    private let finished: ThreadCompletion
    private let blocking = BlockingQueue(label: "dcl.kafka.producer.blocking")
    private let messageTimeout: Duration
    let logger: Logger

    public init(configuration: KafkaConfiguration, logger: Logger = Logger(label: "dcl.kafka.producer")) throws(KafkaError) {
        let properties = try configuration.producerProperties()
        let client = try RDKafkaClient(kind: .producer, properties: properties,
                                       events: RD_KAFKA_EVENT_DR | RD_KAFKA_EVENT_ERROR, logger: logger)
        let deliveries = DeliveryRegistry()
        let stop = LockedBox(false)
        let finished = ThreadCompletion()
        let progress = ProgressSignal()
        self.client = client
        self.deliveries = deliveries
        self.progress = progress
        self.stop = stop
        self.finished = finished
        self.logger = logger
        let timeoutMilliseconds = Int(properties["message.timeout.ms"] ?? "") ?? 300_000
        self.messageTimeout = .milliseconds(timeoutMilliseconds)
        let thread = Thread {
            while !stop.current {
                KafkaProducer.serveEvents(client: client, deliveries: deliveries, timeout: 100,
                                          messageTimeoutMilliseconds: timeoutMilliseconds)
                progress.signal()
                client.logs.drain()
            }
            KafkaProducer.serveEvents(client: client, deliveries: deliveries, timeout: 0,
                                      messageTimeoutMilliseconds: timeoutMilliseconds)
            client.logs.drain()
            deliveries.failAll(KafkaError(.shutDown, "the producer was shut down before the cluster acknowledged the message"))
            progress.signal(close: true)
            finished.finish()
        }
        thread.name = "dcl-kafka-producer-poll"
        thread.start()
    }

    deinit {
        // The poll thread holds its own references; it exits at once (woken) and the client
        // (the librdkafka handle) is destroyed once it lets go.
        stop.withLock { $0 = true }
        client.wakeMainQueue()
    }

    /// Produces the messages (librdkafka batches them) and waits for every delivery report.
    /// Results are in the order of `messages`.
    public func send(_ messages: [KafkaProducerMessage]) async -> [Result<KafkaDeliveryReport, KafkaError>] {
        guard !messages.isEmpty else { return [] }
        let batch: DeliveryRegistry.Batch
        do {
            batch = try deliveries.open(count: messages.count)
        } catch {
            return messages.map { _ in .failure(error) }
        }
        let deadline = ContinuousClock.now.advanced(by: messageTimeout)
        for (index, message) in messages.enumerated() {
            let id = batch.messageID(index)
            while true {
                let round = progress.generation
                guard let (code, text) = client.produce(message, opaque: id) else { break }
                if code == RD_KAFKA_RESP_ERR__QUEUE_FULL, ContinuousClock.now < deadline {
                    // Bounded in flight: wait for the poll thread's next round of delivery reports
                    // to make room (at most its 100 ms poll timeout), not a fixed sleep.
                    if progress.isClosed {
                        try? await Task.sleep(for: .milliseconds(5))
                    } else {
                        await progress.wait(after: round)
                    }
                    continue
                }
                let kind: KafkaError.Code = code == RD_KAFKA_RESP_ERR__QUEUE_FULL ? .messageTimedOut
                    : code == RD_KAFKA_RESP_ERR__FATAL ? .fatal : .deliveryFailed
                deliveries.complete(id, .failure(KafkaError(kind, "cannot enqueue a message for \(message.topic): \(text)",
                                                            rdKafkaCode: code.rawValue)))
                break
            }
        }
        return await deliveries.wait(batch)
    }

    /// Produces one message and waits for its delivery report.
    public func send(_ message: KafkaProducerMessage) async throws(KafkaError) -> KafkaDeliveryReport {
        try await send([message])[0].get()
    }

    /// Learns the partitions and leaders of `topics` now, so the first `send` to a topic does not
    /// wait for librdkafka's periodic topic scan (up to a second) before it can place its
    /// messages. Throws `.topicMissing` for a topic the cluster does not have, `.timedOut` when
    /// the cluster does not answer.
    public func prepare(topics: [String], timeout: Duration) async throws(KafkaError) {
        let client = self.client
        let milliseconds = Int32(clamping: timeout.milliseconds)
        try await blocking.run { () throws(KafkaError) in
            defer { client.logs.drain() }
            for topic in topics {
                let metadata = try client.topicMetadata(topic, timeoutMilliseconds: milliseconds)
                if metadata.error == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART.rawValue {
                    throw KafkaError(.topicMissing, "topic \(topic) does not exist", rdKafkaCode: metadata.error)
                }
            }
        }
    }

    /// The cluster's id (off the cooperative pool).
    public func clusterID(timeout: Duration) async throws(KafkaError) -> String {
        let client = self.client
        let milliseconds = Int32(clamping: timeout.milliseconds)
        return try await blocking.run { () throws(KafkaError) -> String in
            defer { client.logs.drain() }
            return try client.clusterID(timeoutMilliseconds: milliseconds)
        }
    }

    /// Waits (off the cooperative pool) until every enqueued message is delivered or failed.
    public func flush(timeout: Duration) async throws(KafkaError) {
        let client = self.client
        let milliseconds = Int32(clamping: timeout.milliseconds)
        try await blocking.run { () throws(KafkaError) in
            let result = rd_kafka_flush(client.handle, milliseconds)
            if result != RD_KAFKA_RESP_ERR_NO_ERROR {
                throw KafkaError(.timedOut, "messages still in flight after \(milliseconds) ms", response: result)
            }
        }
    }

    /// Flushes (up to `timeout`), then stops the poll thread. Messages still unacknowledged fail
    /// with `.shutDown`. Idempotent.
    public func shutdown(timeout: Duration = .seconds(10)) async {
        if !stop.current {
            do { try await flush(timeout: timeout) } catch { logger.warning("kafka producer shutdown: \(error)") }
        }
        stop.withLock { $0 = true }
        // Woken rather than waited for: a yield reaches a poll that is waiting, but one made while
        // the thread is between two polls can be lost (then it would wait out its 100 ms timeout),
        // so it is repeated every millisecond until the thread has ended.
        client.wakeMainQueue()
        while !finished.isDone && !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(1))
            client.wakeMainQueue()
        }
        await finished.wait()
    }

    /// Service: runs until graceful shutdown (or cancellation), then shuts the producer down.
    public func run() async throws {
        try? await gracefulShutdown()
        await shutdown()
    }

    // MARK: - The poll thread

    /// Serves one round of events: delivery reports resume waiting sends; errors are logged;
    /// a fatal error (idempotence broken) fails everything in flight and every later send.
    private static func serveEvents(client: RDKafkaClient, deliveries: DeliveryRegistry, timeout: Int32,
                                    messageTimeoutMilliseconds: Int) {
        guard let queue = client.mainQueue else { return }
        var wait = timeout
        while let event = rd_kafka_queue_poll(queue, wait) {
            wait = 0
            defer { rd_kafka_event_destroy(event) }
            switch rd_kafka_event_type(event) {
            case RD_KAFKA_EVENT_DR:
                var reports: [(messageID: UInt, result: DeliveryRegistry.Outcome)] = []
                reports.reserveCapacity(Int(rd_kafka_event_message_count(event)))
                var topics = RDKafkaTopicNames()
                while let message = rd_kafka_event_message_next(event) {
                    let id = UInt(bitPattern: message.pointee._private)
                    reports.append((id, deliveryResult(message, topics: &topics, messageTimeoutMilliseconds: messageTimeoutMilliseconds)))
                }
                deliveries.complete(reports)
            case RD_KAFKA_EVENT_ERROR:
                let code = rd_kafka_event_error(event)
                let errorText = String(cString: rd_kafka_event_error_string(event))
                if rd_kafka_event_error_is_fatal(event) != 0 {
                    var reason = [CChar](repeating: 0, count: 512)
                    let fatal = rd_kafka_fatal_error(client.handle, &reason, reason.count)
                    let error = KafkaError(.fatal, "the Kafka producer hit a fatal error and must be recreated: \(text(ofCBuffer: reason))",
                                           rdKafkaCode: fatal.rawValue)
                    client.logs.logger.critical("\(error.message)")
                    deliveries.failAll(error)
                } else {
                    // Transient (a broker down, all brokers down): librdkafka keeps retrying, and
                    // its log lines already say so; only "all brokers down" is worth a warning.
                    let level: Logger.Level = code == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN ? .warning : .debug
                    client.logs.logger.log(level: level, "kafka producer: \(errorText)",
                                           metadata: ["rdkafka.error": .string("\(code.rawValue)")])
                }
            default:
                break
            }
        }
    }

    private static func deliveryResult(_ message: UnsafePointer<rd_kafka_message_t>, topics: inout RDKafkaTopicNames,
                                       messageTimeoutMilliseconds: Int) -> Result<KafkaDeliveryReport, KafkaError> {
        let record = message.pointee
        let topic = record.rkt.map { topics.name(of: $0) } ?? "?"
        guard record.err != RD_KAFKA_RESP_ERR_NO_ERROR else {
            return .success(KafkaDeliveryReport(topic: topic, partition: record.partition, offset: record.offset))
        }
        let persisted = rd_kafka_message_status(message) == RD_KAFKA_MSG_STATUS_POSSIBLY_PERSISTED
            ? " It may still have been written." : ""
        if record.err == RD_KAFKA_RESP_ERR__MSG_TIMED_OUT {
            return .failure(KafkaError(.messageTimedOut,
                                       "the cluster did not acknowledge a message to \(topic) within message.timeout.ms=\(messageTimeoutMilliseconds) ms.\(persisted)",
                                       rdKafkaCode: record.err.rawValue))
        }
        let code: KafkaError.Code = record.err == RD_KAFKA_RESP_ERR__FATAL ? .fatal : .deliveryFailed
        return .failure(KafkaError(code, "the cluster refused a message to \(topic): \(String(cString: rd_kafka_err2str(record.err))).\(persisted)",
                                   rdKafkaCode: record.err.rawValue))
    }
}

/// Pending delivery reports: the poll thread completes them, `send` awaits them per batch.
///
/// A message's opaque id is its batch id (high 32 bits) and its index in the batch (low 32
/// bits), so a report finds its slot with one lookup by batch and no per-message table.
final class DeliveryRegistry: Sendable {
    typealias Outcome = Result<KafkaDeliveryReport, KafkaError>

    struct Batch: Sendable {
        var id: Int
        var count: Int

        func messageID(_ index: Int) -> UInt { UInt(id) << 32 | UInt(index) }
    }

    private struct Pending: Sendable {
        var results: [Outcome?]
        var remaining: Int
        var continuation: CheckedContinuation<[Outcome], Never>?

        /// Records one result; the finished results and waiter once the last one is in.
        mutating func record(_ index: Int, _ result: Outcome) -> (CheckedContinuation<[Outcome], Never>, [Outcome])? {
            guard index < results.count, results[index] == nil else { return nil }
            results[index] = result
            remaining -= 1
            guard remaining == 0, let continuation else { return nil }
            self.continuation = nil
            return (continuation, results.map { $0! })
        }
    }

    private struct State: Sendable {
        var nextBatchID = 1
        var batches: [Int: Pending] = [:]
        var terminal: KafkaError?
    }

    private let state = LockedBox(State())

    func open(count: Int) throws(KafkaError) -> Batch {
        precondition(count < 1 << 32, "a send is limited to 2^32 messages")
        let result: Result<Batch, KafkaError> = state.withLock { state in
            if let terminal = state.terminal { return .failure(terminal) }
            let batchID = state.nextBatchID
            state.nextBatchID = batchID == Int(UInt32.max) ? 1 : batchID + 1
            state.batches[batchID] = Pending(results: Array(repeating: nil, count: count), remaining: count, continuation: nil)
            return .success(Batch(id: batchID, count: count))
        }
        return try result.get()
    }

    func complete(_ messageID: UInt, _ result: Outcome) {
        complete([(messageID, result)])
    }

    /// Records many reports under one lock (a delivery-report event carries a whole produce batch).
    func complete(_ reports: [(messageID: UInt, result: Outcome)]) {
        let finished: [(CheckedContinuation<[Outcome], Never>, [Outcome])] = state.withLock { state in
            var finished: [(CheckedContinuation<[Outcome], Never>, [Outcome])] = []
            for (messageID, result) in reports {
                let batchID = Int(messageID >> 32), index = Int(messageID & 0xFFFF_FFFF)
                // Optional chaining mutates the stored batch in place: no copy of its results per report.
                if let done = state.batches[batchID]?.record(index, result) {
                    state.batches[batchID] = nil
                    finished.append(done)
                }
            }
            return finished
        }
        for (continuation, results) in finished { continuation.resume(returning: results) }
    }

    func wait(_ batch: Batch) async -> [Outcome] {
        await withCheckedContinuation { continuation in
            let ready: [Outcome]? = state.withLock { state in
                guard let pending = state.batches[batch.id] else { return [] }
                if pending.remaining == 0 {
                    state.batches[batch.id] = nil
                    return pending.results.map { $0! }
                }
                state.batches[batch.id]?.continuation = continuation
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    /// Fails everything in flight and every later `open`.
    func failAll(_ error: KafkaError) {
        let open: [UInt] = state.withLock { state in
            if state.terminal == nil { state.terminal = error }
            return state.batches.flatMap { batchID, pending in
                pending.results.indices.filter { pending.results[$0] == nil }.map { UInt(batchID) << 32 | UInt($0) }
            }
        }
        complete(open.map { ($0, .failure(error)) })
    }
}

/// Lets async code wait for a thread to end.
final class ThreadCompletion: Sendable {
    private let state = LockedBox<(done: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    func finish() {
        let waiters = state.withLock { state in
            state.done = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    var isDone: Bool { state.withLock { $0.done } }

    func wait() async {
        await withCheckedContinuation { continuation in
            let done = state.withLock { state in
                if !state.done { state.waiters.append(continuation) }
                return state.done
            }
            if done { continuation.resume() }
        }
    }
}
