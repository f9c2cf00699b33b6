import CRDKafka
import Foundation

extension RDKafkaClient {
    /// Enqueues one message (non-blocking). `opaque` comes back in the delivery report.
    /// Returns nil when librdkafka took the message, or the error it refused it with
    /// (`RD_KAFKA_RESP_ERR__QUEUE_FULL` when `queue.buffering.max.messages` are in flight).
    func produce(_ message: KafkaProducerMessage, opaque: UInt) -> (rd_kafka_resp_err_t, String)? {
        // librdkafka copies topic, key, value and headers during the call (RD_KAFKA_MSG_F_COPY),
        // so the Swift buffers are lent for its duration; header names go into one scratch block.
        var names: [CChar] = []
        var nameStarts: [Int] = []
        for header in message.headers {
            nameStarts.append(names.count)
            names.append(contentsOf: header.name.utf8CString)
        }
        return message.topic.withCString { topic in
            withOptionalBytes(message.value) { lentValue -> (rd_kafka_resp_err_t, String)? in
                let value = lentValue!
                return withOptionalBytes(message.key) { key -> (rd_kafka_resp_err_t, String)? in
                    return names.withUnsafeBufferPointer { nameBlock -> (rd_kafka_resp_err_t, String)? in
                        var values: [rd_kafka_vu_t] = []
                        values.reserveCapacity(6 + message.headers.count)
                        func append(_ type: rd_kafka_vtype_t, _ fill: (inout rd_kafka_vu_t) -> Void) {
                            var entry = rd_kafka_vu_t()
                            entry.vtype = type
                            fill(&entry)
                            values.append(entry)
                        }
                        append(RD_KAFKA_VTYPE_TOPIC) { $0.u.cstr = topic }
                        if let partition = message.partition {
                            append(RD_KAFKA_VTYPE_PARTITION) { $0.u.i32 = partition }
                        }
                        if let key {
                            append(RD_KAFKA_VTYPE_KEY) { $0.u.mem.ptr = UnsafeMutableRawPointer(mutating: key.baseAddress); $0.u.mem.size = key.count }
                        }
                        append(RD_KAFKA_VTYPE_VALUE) { $0.u.mem.ptr = UnsafeMutableRawPointer(mutating: value.baseAddress); $0.u.mem.size = value.count }
                        return withHeaderValues(message.headers) { headerValues -> (rd_kafka_resp_err_t, String)? in
                            for (index, header) in message.headers.enumerated() {
                                append(RD_KAFKA_VTYPE_HEADER) {
                                    $0.u.header.name = nameBlock.baseAddress! + nameStarts[index]
                                    $0.u.header.val = headerValues[index].flatMap { UnsafeRawPointer($0.baseAddress) }
                                    $0.u.header.size = header.value?.count ?? 0
                                }
                            }
                            append(RD_KAFKA_VTYPE_MSGFLAGS) { $0.u.i = RD_KAFKA_MSG_F_COPY }
                            append(RD_KAFKA_VTYPE_OPAQUE) { $0.u.ptr = UnsafeMutableRawPointer(bitPattern: opaque) }
                            guard let error = rd_kafka_produceva(handle, values, values.count) else { return nil }
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
private func withOptionalBytes<T>(_ bytes: [UInt8]?, _ body: (UnsafeRawBufferPointer?) -> T) -> T {
    guard let bytes else { return body(nil) }
    if bytes.isEmpty {
        return [UInt8(0)].withUnsafeBytes { body(UnsafeRawBufferPointer(start: $0.baseAddress, count: 0)) }
    }
    return bytes.withUnsafeBytes { body($0) }
}

/// Lends every header value's bytes at once (a header holds one or two; recursion keeps each
/// buffer valid for the whole call).
private func withHeaderValues<T>(_ headers: [KafkaHeader], _ body: ([UnsafeRawBufferPointer?]) -> T) -> T {
    func lend(_ index: Int, _ lent: [UnsafeRawBufferPointer?]) -> T {
        guard index < headers.count else { return body(lent) }
        return withOptionalBytes(headers[index].value) { lend(index + 1, lent + [$0]) }
    }
    return lend(0, [])
}
