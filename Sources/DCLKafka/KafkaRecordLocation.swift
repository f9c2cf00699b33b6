/// Where a record sits on Kafka.
public struct KafkaRecordLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var topic: String
    public var partition: Int32
    public var offset: Int64

    public init(topic: String, partition: Int32, offset: Int64) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
    }

    public var topicPartition: KafkaTopicPartition { KafkaTopicPartition(topic: topic, partition: partition) }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.topic, lhs.partition, lhs.offset) < (rhs.topic, rhs.partition, rhs.offset)
    }

    public var description: String { "\(topic)[\(partition)]@\(offset)" }
}

/// A record on a ledger topic that is not a readable event (not JSON, not an envelope, on the
/// wrong topic or key). Readers skip it and list it here; it never stops a read.
public struct KafkaQuarantinedMessage: Sendable, Hashable, CustomStringConvertible {
    public var location: KafkaRecordLocation
    /// The record key as text, if it had one.
    public var key: String?
    public var reason: String

    public var topic: String { location.topic }
    public var partition: Int32 { location.partition }
    public var offset: Int64 { location.offset }

    public var description: String { "\(location): \(reason)" }
}
