import CRDKafka
import Foundation

/// Topic names by `rd_kafka_topic_t *` for one poll or one delivery-report event: a batch
/// touches one or two topics, so a short list beats building a `String` from C per record.
struct RDKafkaTopicNames {
    private var known: [(pointer: OpaquePointer, name: String)] = []

    mutating func name(of topic: OpaquePointer) -> String {
        if let found = known.first(where: { $0.pointer == topic }) { return found.name }
        let name = String(cString: rd_kafka_topic_name(topic))
        known.append((topic, name))
        return name
    }
}

/// Header names for one poll: a ledger record carries the same two headers, so each name is
/// built as a `String` once per batch rather than once per record.
struct RDKafkaHeaderNames {
    private var known: [(text: [CChar], name: String)] = []

    mutating func name(of pointer: UnsafePointer<CChar>) -> String {
        for entry in known where entry.text.withUnsafeBufferPointer({ strcmp($0.baseAddress!, pointer) == 0 }) { return entry.name }
        let name = String(cString: pointer)
        if known.count < 8 { known.append((Array(name.utf8CString), name)) }
        return name
    }
}
