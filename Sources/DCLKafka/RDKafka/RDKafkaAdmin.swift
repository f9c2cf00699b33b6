import CRDKafka

/// What the cluster's metadata says about one topic.
struct RDKafkaTopicMetadata: Sendable, Hashable {
    var name: String
    /// The topic-level error (`RD_KAFKA_RESP_ERR_NO_ERROR`'s raw value when there is none).
    var error: Int32
    var partitionCount: Int
    /// The smallest replica count over the topic's partitions (nil without partitions).
    var replicationFactor: Int?
    /// Partitions whose metadata carries an error (e.g. no leader).
    var partitionsWithErrors: [Int32]
}

/// A topic config as DescribeConfigs reports it: `value` is nil when the broker withholds it (sensitive) or has none.
struct RDKafkaConfigEntries: Sendable, Hashable {
    var values: [String: String?]
}

/// The synchronous Admin API and metadata calls over one client handle. Every call blocks up to
/// its timeout: callers run them on a `BlockingQueue`, never on the cooperative pool.
extension RDKafkaClient {
    /// One topic to create: name, partitions, replication factor and topic configs.
    struct NewTopicSpec: Sendable {
        var name: String
        var partitions: Int
        var replicationFactor: Int
        var configs: [(key: String, value: String)]
    }

    /// Per-topic outcome of CreateTopics: the error code's raw value (0 = created) and the broker's text.
    struct TopicResult: Sendable, Hashable {
        var name: String
        var error: Int32
        var message: String
    }

    /// Brokers and topics of the cluster.
    struct ClusterMetadata: Sendable {
        var brokerIDs: Set<Int32>
        var topics: [String: RDKafkaTopicMetadata]
    }

    /// Metadata for every broker and topic of the cluster (an all-topics request never auto-creates a topic).
    func clusterMetadata(timeoutMilliseconds: Int32) throws(KafkaError) -> ClusterMetadata {
        var metadata: UnsafePointer<rd_kafka_metadata>?
        let result = rd_kafka_metadata(handle, 1, nil, &metadata, timeoutMilliseconds)
        guard result == RD_KAFKA_RESP_ERR_NO_ERROR, let metadata else {
            throw KafkaError(.timedOut, "cannot fetch cluster metadata", response: result)
        }
        defer { rd_kafka_metadata_destroy(metadata) }
        var topics: [String: RDKafkaTopicMetadata] = [:]
        for entry in UnsafeBufferPointer(start: metadata.pointee.topics, count: Int(metadata.pointee.topic_cnt)) {
            let name = String(cString: entry.topic)
            let partitions = UnsafeBufferPointer(start: entry.partitions, count: Int(entry.partition_cnt))
            topics[name] = RDKafkaTopicMetadata(
                name: name, error: entry.err.rawValue, partitionCount: partitions.count,
                replicationFactor: partitions.map { Int($0.replica_cnt) }.min(),
                partitionsWithErrors: partitions.filter { $0.err != RD_KAFKA_RESP_ERR_NO_ERROR }.map(\.id).sorted())
        }
        let brokers = UnsafeBufferPointer(start: metadata.pointee.brokers, count: Int(metadata.pointee.broker_cnt))
        return ClusterMetadata(brokerIDs: Set(brokers.map(\.id)), topics: topics)
    }

    /// The cluster id the brokers report (a metadata request if librdkafka has none cached).
    func clusterID(timeoutMilliseconds: Int32) throws(KafkaError) -> String {
        guard let pointer = rd_kafka_clusterid(handle, timeoutMilliseconds) else {
            throw KafkaError(.timedOut, "the cluster did not report its id within \(timeoutMilliseconds) ms")
        }
        defer { rd_kafka_mem_free(handle, pointer) }
        return String(cString: pointer)
    }

    /// Metadata for one topic (a request for this topic only). librdkafka also keeps the answer in
    /// its metadata cache, so a producer that asks before its first send to the topic does not wait
    /// for its periodic topic scan (up to 1 s) to learn partitions and leaders.
    func topicMetadata(_ topic: String, timeoutMilliseconds: Int32) throws(KafkaError) -> RDKafkaTopicMetadata {
        guard let topicHandle = rd_kafka_topic_new(handle, topic, nil) else {
            throw KafkaError(.clientCreation, "cannot create a topic handle for \(topic)")
        }
        defer { rd_kafka_topic_destroy(topicHandle) }
        var metadata: UnsafePointer<rd_kafka_metadata>?
        let result = rd_kafka_metadata(handle, 0, topicHandle, &metadata, timeoutMilliseconds)
        guard result == RD_KAFKA_RESP_ERR_NO_ERROR, let metadata else {
            throw KafkaError(.timedOut, "cannot fetch metadata for \(topic)", response: result)
        }
        defer { rd_kafka_metadata_destroy(metadata) }
        let topics = UnsafeBufferPointer(start: metadata.pointee.topics, count: Int(metadata.pointee.topic_cnt))
        guard let entry = topics.first(where: { String(cString: $0.topic) == topic }) else {
            throw KafkaError(.topicMissing, "topic \(topic) does not exist")
        }
        let partitions = UnsafeBufferPointer(start: entry.partitions, count: Int(entry.partition_cnt))
        return RDKafkaTopicMetadata(name: topic, error: entry.err.rawValue, partitionCount: partitions.count,
                                    replicationFactor: partitions.map { Int($0.replica_cnt) }.min(),
                                    partitionsWithErrors: partitions.filter { $0.err != RD_KAFKA_RESP_ERR_NO_ERROR }.map(\.id).sorted())
    }

    /// The controller broker's id from the cached metadata (waiting up to the timeout for it), or
    /// nil when the cluster names none or one that is not among `brokers`. librdkafka's mock
    /// cluster names broker 0, which does not exist (its brokers are 1…n): every admin request
    /// that needs the controller (CreateTopics, DescribeConfigs) would only time out.
    func controllerID(among brokers: Set<Int32>, timeoutMilliseconds: Int32) -> Int32? {
        let id = rd_kafka_controllerid(handle, timeoutMilliseconds)
        return id >= 0 && brokers.contains(id) ? id : nil
    }

    /// CreateTopics; waits for the result. A request-level failure (unsupported, no controller,
    /// timed out) throws; per-topic outcomes (created, already exists, refused) are returned.
    func createTopics(_ specs: [NewTopicSpec], timeoutMilliseconds: Int32) throws(KafkaError) -> [TopicResult] {
        var newTopics: [OpaquePointer?] = []
        defer { for topic in newTopics { rd_kafka_NewTopic_destroy(topic) } }
        for spec in specs {
            var errorText = [CChar](repeating: 0, count: 512)
            guard let topic = rd_kafka_NewTopic_new(spec.name, Int32(spec.partitions), Int32(spec.replicationFactor),
                                                    &errorText, errorText.count) else {
                throw KafkaError(.invalidConfiguration, "cannot describe topic \(spec.name) for creation: \(text(ofCBuffer: errorText))")
            }
            newTopics.append(topic)
            for (key, value) in spec.configs {
                let result = rd_kafka_NewTopic_set_config(topic, key, value)
                if result != RD_KAFKA_RESP_ERR_NO_ERROR {
                    throw KafkaError(.invalidConfiguration, "cannot set \(key) on topic \(spec.name)", response: result)
                }
            }
        }
        let event = try runAdmin(.createTopics, timeoutMilliseconds: timeoutMilliseconds) { options, queue in
            newTopics.withUnsafeMutableBufferPointer { buffer in
                rd_kafka_CreateTopics(handle, buffer.baseAddress, buffer.count, options, queue)
            }
        }
        defer { rd_kafka_event_destroy(event) }
        guard let result = rd_kafka_event_CreateTopics_result(event) else {
            throw KafkaError(.adminRequest, "CreateTopics returned an unexpected result")
        }
        var count = 0
        guard let results = rd_kafka_CreateTopics_result_topics(result, &count) else { return [] }
        return UnsafeBufferPointer(start: results, count: count).compactMap { topic in
            guard let topic else { return nil }
            let error = rd_kafka_topic_result_error(topic)
            let message = rd_kafka_topic_result_error_string(topic).map { String(cString: $0) }
                ?? String(cString: rd_kafka_err2str(error))
            return TopicResult(name: String(cString: rd_kafka_topic_result_name(topic)), error: error.rawValue, message: message)
        }
    }

    /// DescribeConfigs for topics. A request-level failure throws (e.g. `__UNSUPPORTED_FEATURE`
    /// from a broker without DescribeConfigs); a per-topic failure comes back as `.failure`.
    func describeTopicConfigs(_ topics: [String], timeoutMilliseconds: Int32) throws(KafkaError)
        -> [String: Result<RDKafkaConfigEntries, KafkaError>] {
        var resources: [OpaquePointer?] = []
        defer { for resource in resources { rd_kafka_ConfigResource_destroy(resource) } }
        for topic in topics {
            guard let resource = rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_TOPIC, topic) else {
                throw KafkaError(.adminRequest, "cannot describe the configs of \(topic)")
            }
            resources.append(resource)
        }
        let event = try runAdmin(.describeConfigs, timeoutMilliseconds: timeoutMilliseconds) { options, queue in
            resources.withUnsafeMutableBufferPointer { buffer in
                rd_kafka_DescribeConfigs(handle, buffer.baseAddress, buffer.count, options, queue)
            }
        }
        defer { rd_kafka_event_destroy(event) }
        guard let result = rd_kafka_event_DescribeConfigs_result(event) else {
            throw KafkaError(.adminRequest, "DescribeConfigs returned an unexpected result")
        }
        var count = 0
        guard let described = rd_kafka_DescribeConfigs_result_resources(result, &count) else { return [:] }
        var output: [String: Result<RDKafkaConfigEntries, KafkaError>] = [:]
        for resource in UnsafeBufferPointer(start: described, count: count) {
            guard let resource else { continue }
            let name = String(cString: rd_kafka_ConfigResource_name(resource))
            let error = rd_kafka_ConfigResource_error(resource)
            if error != RD_KAFKA_RESP_ERR_NO_ERROR {
                let message = rd_kafka_ConfigResource_error_string(resource).map { String(cString: $0) }
                    ?? String(cString: rd_kafka_err2str(error))
                output[name] = .failure(KafkaError(.adminRequest, message, rdKafkaCode: error.rawValue))
                continue
            }
            var entryCount = 0
            var values: [String: String?] = [:]
            if let entries = rd_kafka_ConfigResource_configs(resource, &entryCount) {
                for entry in UnsafeBufferPointer(start: entries, count: entryCount) {
                    guard let entry else { continue }
                    values[String(cString: rd_kafka_ConfigEntry_name(entry))] = rd_kafka_ConfigEntry_value(entry).map { String(cString: $0) }
                }
            }
            output[name] = .success(RDKafkaConfigEntries(values: values))
        }
        return output
    }

    enum AdminOperation {
        case createTopics, describeConfigs

        var cValue: rd_kafka_admin_op_t {
            switch self {
            case .createTopics: RD_KAFKA_ADMIN_OP_CREATETOPICS
            case .describeConfigs: RD_KAFKA_ADMIN_OP_DESCRIBECONFIGS
            }
        }

        var name: String {
            switch self {
            case .createTopics: "CreateTopics"
            case .describeConfigs: "DescribeConfigs"
            }
        }
    }

    /// Runs one admin request on a private result queue and returns its result event (the caller
    /// destroys it). The request-level error, if any, is thrown.
    private func runAdmin(_ operation: AdminOperation, timeoutMilliseconds: Int32,
                          _ start: (OpaquePointer?, OpaquePointer?) -> Void) throws(KafkaError) -> OpaquePointer {
        guard let queue = rd_kafka_queue_new(handle) else { throw KafkaError(.adminRequest, "cannot create an admin result queue") }
        defer { rd_kafka_queue_destroy(queue) }
        guard let options = rd_kafka_AdminOptions_new(handle, operation.cValue) else {
            throw KafkaError(.adminRequest, "cannot create \(operation.name) options")
        }
        defer { rd_kafka_AdminOptions_destroy(options) }
        var errorText = [CChar](repeating: 0, count: 512)
        let timeout = max(1000, timeoutMilliseconds)
        _ = rd_kafka_AdminOptions_set_request_timeout(options, timeout, &errorText, errorText.count)
        if operation == .createTopics {
            _ = rd_kafka_AdminOptions_set_operation_timeout(options, timeout, &errorText, errorText.count)
        }
        start(options, queue)
        // librdkafka always emits a result (an error one on timeout); the margin only guards a hang.
        guard let event = rd_kafka_queue_poll(queue, timeout &+ 5000) else {
            throw KafkaError(.timedOut, "\(operation.name) did not complete within \(timeout) ms")
        }
        let error = rd_kafka_event_error(event)
        if error != RD_KAFKA_RESP_ERR_NO_ERROR {
            let message = rd_kafka_event_error_string(event).map { String(cString: $0) } ?? String(cString: rd_kafka_err2str(error))
            rd_kafka_event_destroy(event)
            let code: KafkaError.Code = error == RD_KAFKA_RESP_ERR__TIMED_OUT || error == RD_KAFKA_RESP_ERR__TRANSPORT
                ? .timedOut : .adminRequest
            throw KafkaError(code, "\(operation.name) failed: \(message)", rdKafkaCode: error.rawValue)
        }
        return event
    }
}
