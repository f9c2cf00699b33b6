import CRDKafka
import Dispatch
import Logging

/// Owns one `rd_kafka_t` (and, for producers, its main event queue) and destroys it exactly once.
///
/// librdkafka documents `rd_kafka_t` as thread-safe for every call used here; this class only
/// adds ownership. Destruction can block (it joins librdkafka's broker threads), so `deinit`
/// hands the pointers to a background dispatch queue instead of doing it on the caller's thread.
// @unchecked Sendable: the stored pointers are immutable after init, librdkafka's API is
// thread-safe for these handles, and they are freed only in `deinit`, when no other reference exists.
final class RDKafkaClient: @unchecked Sendable {
    enum Kind: Sendable { case producer, consumer }

    let kind: Kind
    /// The `rd_kafka_t *`.
    let handle: OpaquePointer
    /// Producer: the main queue that delivery reports and errors arrive on (event API).
    /// Consumer: the consumer queue that messages (and, forwarded, errors) arrive on (batch reads).
    let mainQueue: OpaquePointer?
    let logs: RDKafkaLogSink
    private let sinkReference: Unmanaged<RDKafkaLogSink>

    /// Creates a handle from librdkafka properties. Values of secret keys never appear in errors.
    /// `groupRebalances`: a consumer that subscribes to a group, whose rebalances are buffered
    /// for its poll loop (`RDKafkaRebalanceBuffer`).
    init(kind: Kind, properties: [String: String], events: Int32 = 0, groupRebalances: Bool = false, logger: Logger) throws(KafkaError) {
        let sink = RDKafkaLogSink(logger: logger)
        let reference = Unmanaged.passRetained(sink)
        let conf = try RDKafkaClient.makeConf(properties, reference: reference)
        if events != 0 { rd_kafka_conf_set_events(conf, events) }
        if groupRebalances { RDKafkaRebalanceBuffer.install(on: conf) }
        var errorText = [CChar](repeating: 0, count: 512)
        let type = kind == .producer ? RD_KAFKA_PRODUCER : RD_KAFKA_CONSUMER
        // rd_kafka_new takes ownership of `conf` on success only.
        guard let handle = rd_kafka_new(type, conf, &errorText, errorText.count) else {
            rd_kafka_conf_destroy(conf)
            reference.release()
            throw KafkaError(.clientCreation, "cannot create a Kafka \(kind): \(text(ofCBuffer: errorText))")
        }
        self.kind = kind
        self.handle = handle
        self.logs = sink
        self.sinkReference = reference
        switch kind {
        case .producer:
            mainQueue = rd_kafka_queue_get_main(handle)
        case .consumer:
            // Route the main queue (errors, logs routed through it) to the consumer queue.
            rd_kafka_poll_set_consumer(handle)
            mainQueue = rd_kafka_queue_get_consumer(handle)
        }
    }

    /// Makes a `rd_kafka_queue_poll` on `mainQueue`, on another thread, return at once (or the
    /// next one, if none is waiting): a poll thread told to stop then ends without waiting out its
    /// timeout, which every short-lived producer's shutdown otherwise did.
    func wakeMainQueue() {
        if let mainQueue { rd_kafka_queue_yield(mainQueue) }
    }

    /// Builds an `rd_kafka_conf_t` with the log callback installed. The caller owns the result.
    static func makeConf(_ properties: [String: String], reference: Unmanaged<RDKafkaLogSink>) throws(KafkaError) -> OpaquePointer {
        guard let conf = rd_kafka_conf_new() else { throw KafkaError(.clientCreation, "rd_kafka_conf_new failed") }
        for (key, value) in properties.sorted(by: { $0.key < $1.key }) {
            var errorText = [CChar](repeating: 0, count: 512)
            if rd_kafka_conf_set(conf, key, value, &errorText, errorText.count) != RD_KAFKA_CONF_OK {
                rd_kafka_conf_destroy(conf)
                // librdkafka's message may quote the value; for secrets, say only which key.
                let detail = KafkaConfiguration.isSecret(key: key) ? "invalid value (not shown)" : text(ofCBuffer: errorText)
                throw KafkaError(.invalidConfiguration, "librdkafka property '\(key)': \(detail)")
            }
        }
        RDKafkaLogSink.install(on: conf, opaque: reference.toOpaque())
        return conf
    }

    deinit {
        let pointers = OwnedPointers(handle: handle, mainQueue: mainQueue, isConsumer: kind == .consumer, sink: sinkReference)
        DispatchQueue.global(qos: .utility).async { pointers.destroy() }
    }

    /// The `rd_kafka_t *`, its queue and the log sink, handed from `deinit` to the destroying queue.
    // @unchecked Sendable: created in `deinit` after the last Swift reference is gone, moved to
    // exactly one dispatch block, and used there once.
    private struct OwnedPointers: @unchecked Sendable {
        let handle: OpaquePointer
        let mainQueue: OpaquePointer?
        let isConsumer: Bool
        let sink: Unmanaged<RDKafkaLogSink>

        func destroy() {
            if let mainQueue { rd_kafka_queue_destroy(mainQueue) }
            if isConsumer { _ = rd_kafka_consumer_close(handle) }
            rd_kafka_destroy(handle)
            // The log callback can fire until rd_kafka_destroy returns; only now is the sink free.
            sink.release()
        }
    }
}

extension KafkaError {
    /// An error from an `rd_kafka_resp_err_t`.
    init(_ code: Code, _ context: String, response: rd_kafka_resp_err_t) {
        self.init(code, "\(context): \(String(cString: rd_kafka_err2str(response)))", rdKafkaCode: response.rawValue)
    }
}
