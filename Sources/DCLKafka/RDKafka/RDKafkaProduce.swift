import CRDKafka
import Foundation

extension RDKafkaClient {
    /// Enqueues one message (non-blocking). `opaque` comes back in the delivery report.
    /// Returns nil when librdkafka took the message, or the error it refused it with
    /// (`RD_KAFKA_RESP_ERR__QUEUE_FULL` when `queue.buffering.max.messages` are in flight).
    ///
    /// librdkafka copies topic, key, value and headers during the call (`RD_KAFKA_MSG_F_COPY`),
    /// so the Swift buffers are only lent for its duration: no copy on this side, and the header
    /// names and values share one scratch block. This runs once per event published.
    func produce(_ message: KafkaProducerMessage, opaque: UInt) -> (rd_kafka_resp_err_t, String)? {
        var scratch: [UInt8] = []
        var headerSpans: [(name: Int, value: Int, size: Int, isNull: Bool)] = []
        if !message.headers.isEmpty {
            headerSpans.reserveCapacity(message.headers.count)
            for header in message.headers {
                let name = scratch.count
                scratch.append(contentsOf: header.name.utf8)
                scratch.append(0)
                let value = scratch.count
                if let bytes = header.value { scratch.append(contentsOf: bytes) }
                headerSpans.append((name, value, header.value?.count ?? 0, header.value == nil))
            }
        }
        scratch.append(0)  // never empty, so the block always has an address
        return message.topic.withCString { topic in
            withLentBytes(message.value) { value in
                withLentBytes(message.key) { key in
                    scratch.withUnsafeBytes { block in
                        withUnsafeTemporaryAllocation(of: rd_kafka_vu_t.self, capacity: 6 + headerSpans.count) { entries in
                            var count = 0
                            func append(_ type: rd_kafka_vtype_t, _ fill: (inout rd_kafka_vu_t) -> Void) {
                                var entry = rd_kafka_vu_t()
                                entry.vtype = type
                                fill(&entry)
                                entries[count] = entry
                                count += 1
                            }
                            append(RD_KAFKA_VTYPE_TOPIC) { $0.u.cstr = topic }
                            if let partition = message.partition {
                                append(RD_KAFKA_VTYPE_PARTITION) { $0.u.i32 = partition }
                            }
                            if let key {
                                append(RD_KAFKA_VTYPE_KEY) { $0.u.mem.ptr = UnsafeMutableRawPointer(mutating: key.baseAddress); $0.u.mem.size = key.count }
                            }
                            append(RD_KAFKA_VTYPE_VALUE) {
                                $0.u.mem.ptr = value.flatMap { UnsafeMutableRawPointer(mutating: $0.baseAddress) }
                                $0.u.mem.size = value?.count ?? 0
                            }
                            let base = block.baseAddress!
                            for span in headerSpans {
                                append(RD_KAFKA_VTYPE_HEADER) {
                                    $0.u.header.name = base.advanced(by: span.name).assumingMemoryBound(to: CChar.self)
                                    $0.u.header.val = span.isNull ? nil : base.advanced(by: span.value)
                                    $0.u.header.size = span.size
                                }
                            }
                            append(RD_KAFKA_VTYPE_MSGFLAGS) { $0.u.i = RD_KAFKA_MSG_F_COPY }
                            append(RD_KAFKA_VTYPE_OPAQUE) { $0.u.ptr = UnsafeMutableRawPointer(bitPattern: opaque) }
                            guard let error = rd_kafka_produceva(handle, entries.baseAddress, count) else { return nil }
                            defer { rd_kafka_error_destroy(error) }
                            return (rd_kafka_error_code(error), String(cString: rd_kafka_error_string(error)))
                        }
                    }
                }
            }
        }
    }
}

/// Lends the bytes of an optional array (nil stays nil). An empty array is lent as a real
/// zero-length buffer, never a null pointer: to librdkafka a null value or key is a different
/// thing (a tombstone, no key) from an empty one.
private func withLentBytes<T>(_ bytes: [UInt8]?, _ body: (UnsafeRawBufferPointer?) -> T) -> T {
    guard let bytes else { return body(nil) }
    if bytes.isEmpty {
        return [UInt8(0)].withUnsafeBytes { body(UnsafeRawBufferPointer(start: $0.baseAddress, count: 0)) }
    }
    return bytes.withUnsafeBytes { body($0) }
}
