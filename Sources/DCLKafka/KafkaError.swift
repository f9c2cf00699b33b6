/// What the Kafka wrappers fail with. A struct with static codes (swift-kafka-client style), so
/// new cases never break callers that switch on `code`.
public struct KafkaError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// A property librdkafka refused, a malformed `-X key=value` or properties line.
        public static let invalidConfiguration = Code(rawValue: "invalid-configuration")
        /// librdkafka could not create a client handle.
        public static let clientCreation = Code(rawValue: "client-creation")
        /// The cluster did not acknowledge a message within `message.timeout.ms`.
        public static let messageTimedOut = Code(rawValue: "message-timed-out")
        /// The cluster refused a message (a non-retriable error, or retries exhausted).
        public static let deliveryFailed = Code(rawValue: "delivery-failed")
        /// The idempotent producer hit a fatal error; the producer must be recreated.
        public static let fatal = Code(rawValue: "fatal")
        /// A ledger topic does not exist on the cluster.
        public static let topicMissing = Code(rawValue: "topic-missing")
        /// A metadata, watermark or read request did not complete in time.
        public static let timedOut = Code(rawValue: "timed-out")
        /// A consumer call (assign, poll) failed.
        public static let consumer = Code(rawValue: "consumer")
        /// The client was shut down.
        public static let shutDown = Code(rawValue: "shut-down")
        /// A mock-cluster operation failed.
        public static let mockCluster = Code(rawValue: "mock-cluster")
    }

    public var code: Code
    public var message: String
    /// The underlying `rd_kafka_resp_err_t` value, when librdkafka reported one.
    public var rdKafkaCode: Int32?

    public init(_ code: Code, _ message: String, rdKafkaCode: Int32? = nil) {
        self.code = code
        self.message = message
        self.rdKafkaCode = rdKafkaCode
    }

    public var description: String { message }
}
