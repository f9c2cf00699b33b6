import CRDKafka

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
