import CRDKafka
import Foundation

/// C memory for one `rd_kafka_produceva` call, freed when the call returns
/// (librdkafka copies key, value and headers because the call passes `RD_KAFKA_MSG_F_COPY`).
struct CArena: ~Copyable {
    private var allocations: [UnsafeMutableRawPointer] = []

    mutating func cString(_ text: String) -> UnsafePointer<CChar> {
        let bytes = Array(text.utf8CString)
        let pointer = UnsafeMutableRawPointer.allocate(byteCount: bytes.count, alignment: 1)
        bytes.withUnsafeBytes { pointer.copyMemory(from: $0.baseAddress!, byteCount: bytes.count) }
        allocations.append(pointer)
        return UnsafePointer(pointer.assumingMemoryBound(to: CChar.self))
    }

    mutating func bytes(_ bytes: [UInt8]) -> UnsafeMutableRawPointer {
        let pointer = UnsafeMutableRawPointer.allocate(byteCount: max(bytes.count, 1), alignment: 1)
        if !bytes.isEmpty { bytes.withUnsafeBytes { pointer.copyMemory(from: $0.baseAddress!, byteCount: bytes.count) } }
        allocations.append(pointer)
        return pointer
    }

    deinit { for pointer in allocations { pointer.deallocate() } }
}

extension RDKafkaClient {
    /// Enqueues one message (non-blocking). `opaque` comes back in the delivery report.
    /// Returns nil when librdkafka took the message, or the error it refused it with
    /// (`RD_KAFKA_RESP_ERR__QUEUE_FULL` when `queue.buffering.max.messages` are in flight).
    func produce(_ message: KafkaProducerMessage, opaque: UInt) -> (rd_kafka_resp_err_t, String)? {
        var arena = CArena()
        var values: [rd_kafka_vu_t] = []
        func append(_ type: rd_kafka_vtype_t, _ fill: (inout rd_kafka_vu_t) -> Void) {
            var value = rd_kafka_vu_t()
            value.vtype = type
            fill(&value)
            values.append(value)
        }
        let topic = arena.cString(message.topic)
        append(RD_KAFKA_VTYPE_TOPIC) { $0.u.cstr = topic }
        if let partition = message.partition {
            append(RD_KAFKA_VTYPE_PARTITION) { $0.u.i32 = partition }
        }
        if let key = message.key {
            let pointer = arena.bytes(key)
            append(RD_KAFKA_VTYPE_KEY) { $0.u.mem.ptr = pointer; $0.u.mem.size = key.count }
        }
        let value = arena.bytes(message.value)
        append(RD_KAFKA_VTYPE_VALUE) { $0.u.mem.ptr = value; $0.u.mem.size = message.value.count }
        for header in message.headers {
            let name = arena.cString(header.name)
            let bytes = header.value.map { arena.bytes($0) }
            let size = header.value.map { $0.count } ?? 0
            append(RD_KAFKA_VTYPE_HEADER) {
                $0.u.header.name = name
                $0.u.header.val = bytes.map { UnsafeRawPointer($0) }
                $0.u.header.size = size
            }
        }
        append(RD_KAFKA_VTYPE_MSGFLAGS) { $0.u.i = RD_KAFKA_MSG_F_COPY }
        append(RD_KAFKA_VTYPE_OPAQUE) { $0.u.ptr = UnsafeMutableRawPointer(bitPattern: opaque) }
        guard let error = rd_kafka_produceva(handle, values, values.count) else { return nil }
        defer { rd_kafka_error_destroy(error) }
        return (rd_kafka_error_code(error), String(cString: rd_kafka_error_string(error)))
    }
}
