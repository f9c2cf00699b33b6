import CRDKafka
import Dispatch
import Logging

/// librdkafka's in-process mock Kafka cluster, for development and tests: real brokers on
/// localhost TCP ports speaking the Kafka protocol, with fault injection.
///
/// Not durable: everything lives in memory and disappears with the object. Each partition is
/// capped by librdkafka (about 5 MiB / 100k batches), and topics must be created with
/// `createTopic` (the mock cannot serve CreateTopics).
///
/// ```swift
/// let cluster = try MockKafkaCluster(brokers: 3)
/// var configuration = KafkaConfiguration(bootstrapServers: cluster.bootstrapServers, topicSuffix: ".dev")
/// try cluster.createLedgerTopics(for: configuration, partitions: 3)
/// let log = try KafkaEventLog(configuration: configuration)
/// ```
public final class MockKafkaCluster: Sendable {
    /// A Kafka protocol request type, for error injection.
    public struct APIKey: RawRepresentable, Sendable, Hashable {
        public let rawValue: Int16
        public init(rawValue: Int16) { self.rawValue = rawValue }
        public static let produce = APIKey(rawValue: 0)
        public static let fetch = APIKey(rawValue: 1)
        public static let listOffsets = APIKey(rawValue: 2)
        public static let metadata = APIKey(rawValue: 3)
        public static let initProducerId = APIKey(rawValue: 22)
    }

    /// A broker error code to inject (Kafka protocol error codes; negative values are librdkafka-internal).
    public struct InjectedError: RawRepresentable, Sendable, Hashable {
        public let rawValue: Int32
        public init(rawValue: Int32) { self.rawValue = rawValue }
        public static let leaderNotAvailable = InjectedError(rawValue: RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE.rawValue)
        public static let notLeaderForPartition = InjectedError(rawValue: RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION.rawValue)
        public static let requestTimedOut = InjectedError(rawValue: RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT.rawValue)
        public static let notEnoughReplicas = InjectedError(rawValue: RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS.rawValue)
        public static let unknownTopicOrPartition = InjectedError(rawValue: RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART.rawValue)
        /// The broker drops the connection instead of answering.
        public static let transport = InjectedError(rawValue: RD_KAFKA_RESP_ERR__TRANSPORT.rawValue)
    }

    private let host: RDKafkaClient
    private let cluster: MockPointer
    /// `host:port,host:port,…` of the mock brokers.
    public let bootstrapServers: String
    /// Broker ids, 1 through the broker count.
    public let brokerIDs: [Int32]

    /// Starts `brokers` mock brokers listening on ephemeral localhost ports.
    public init(brokers: Int = 3, logger: Logger = Logger(label: "dcl.kafka.mock")) throws(KafkaError) {
        guard brokers >= 1 else { throw KafkaError(.mockCluster, "a mock cluster needs at least one broker") }
        // The mock needs a librdkafka handle for its bookkeeping; a bare producer serves. Its
        // brokers set up the connections they accept with this handle's socket settings, and a
        // real broker turns Nagle's algorithm off on them (Kafka's acceptor sets TCP_NODELAY).
        // With it on, an answer written while the previous one is unacknowledged waits for the
        // client's delayed ACK (40 ms on Linux) whenever the client has sent requests back to back.
        host = try RDKafkaClient(
            kind: .producer,
            properties: ["client.id": "dcl-mock-cluster", "log_level": "3", "socket.nagle.disable": "true"],
            logger: logger)
        guard let pointer = rd_kafka_mock_cluster_new(host.handle, Int32(brokers)) else {
            throw KafkaError(.mockCluster, "cannot start a mock cluster with \(brokers) brokers")
        }
        cluster = MockPointer(pointer: pointer)
        bootstrapServers = String(cString: rd_kafka_mock_cluster_bootstraps(pointer))
        brokerIDs = (1...Int32(brokers)).map { $0 }
    }

    deinit {
        let cluster = self.cluster
        let host = self.host
        DispatchQueue.global(qos: .utility).async {
            rd_kafka_mock_cluster_destroy(cluster.pointer)
            // The host handle must outlive the cluster; it is released (and destroyed) only now.
            withExtendedLifetime(host) {}
        }
    }

    /// Creates a topic (there is no CreateTopics on the mock). `replicationFactor` ≤ broker count.
    public func createTopic(_ name: String, partitions: Int, replicationFactor: Int = 1) throws(KafkaError) {
        try check(rd_kafka_mock_topic_create(cluster.pointer, name, Int32(partitions), Int32(replicationFactor)),
                  "create topic \(name)")
    }

    /// Creates both ledger topics of `configuration` (honouring its topic suffix) and the two
    /// changelog topics (the mock ignores topic configs, so they are not compacted here).
    public func createLedgerTopics(for configuration: KafkaConfiguration, partitions: Int = 3,
                                   replicationFactor: Int? = nil) throws(KafkaError) {
        for topic in configuration.topics + configuration.changelogTopics {
            try createTopic(topic, partitions: partitions, replicationFactor: replicationFactor ?? min(3, brokerIDs.count))
        }
    }

    /// Disconnects the broker and refuses new connections (leadership does not move).
    public func setBrokerDown(_ id: Int32) throws(KafkaError) {
        try check(rd_kafka_mock_broker_set_down(cluster.pointer, id), "set broker \(id) down")
    }

    public func setBrokerUp(_ id: Int32) throws(KafkaError) {
        try check(rd_kafka_mock_broker_set_up(cluster.pointer, id), "set broker \(id) up")
    }

    public func setAllBrokersDown() throws(KafkaError) {
        for id in brokerIDs { try setBrokerDown(id) }
    }

    public func setAllBrokersUp() throws(KafkaError) {
        for id in brokerIDs { try setBrokerUp(id) }
    }

    /// The next `errors.count` requests of type `apiKey`, cluster-wide, fail with these errors in order.
    public func pushRequestErrors(_ apiKey: APIKey, _ errors: [InjectedError]) {
        let codes = errors.map { rd_kafka_resp_err_t(rawValue: $0.rawValue) }
        codes.withUnsafeBufferPointer { buffer in
            rd_kafka_mock_push_request_errors_array(cluster.pointer, apiKey.rawValue, buffer.count, buffer.baseAddress)
        }
        host.logs.drain()
    }

    /// Clears injected errors for `apiKey`.
    public func clearRequestErrors(_ apiKey: APIKey) {
        rd_kafka_mock_clear_request_errors(cluster.pointer, apiKey.rawValue)
    }

    /// Makes metadata requests for `topic` fail with `error` (e.g. `.unknownTopicOrPartition`, to
    /// simulate a missing topic: the mock itself creates unknown topics on request).
    public func setTopicError(_ topic: String, _ error: InjectedError) {
        rd_kafka_mock_topic_set_error(cluster.pointer, topic, rd_kafka_resp_err_t(rawValue: error.rawValue))
    }

    /// Moves a partition's leadership to `broker` (-1 leaves it leaderless).
    public func setPartitionLeader(topic: String, partition: Int32, broker: Int32) throws(KafkaError) {
        try check(rd_kafka_mock_partition_set_leader(cluster.pointer, topic, partition, broker),
                  "move the leader of \(topic)[\(partition)] to broker \(broker)")
    }

    /// Adds a round-trip delay to every response of a broker.
    public func setBrokerRoundTrip(_ id: Int32, milliseconds: Int) throws(KafkaError) {
        try check(rd_kafka_mock_broker_set_rtt(cluster.pointer, id, Int32(milliseconds)), "set the rtt of broker \(id)")
    }

    private func check(_ result: rd_kafka_resp_err_t, _ action: String) throws(KafkaError) {
        host.logs.drain()
        if result != RD_KAFKA_RESP_ERR_NO_ERROR { throw KafkaError(.mockCluster, "cannot \(action)", response: result) }
    }

    /// The `rd_kafka_mock_cluster_t *`.
    // @unchecked Sendable: the pointer never changes; librdkafka's mock API serialises every call
    // through the mock cluster's own thread (each call posts an op and waits), and the pointer
    // is destroyed once, in `MockKafkaCluster.deinit`.
    private struct MockPointer: @unchecked Sendable {
        let pointer: OpaquePointer
    }
}
