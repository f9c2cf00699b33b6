import CRDKafka

/// What librdkafka's rebalance callback hands to the loop that owns a group consumer.
///
/// The callback runs inside `rd_kafka_consumer_poll` on the polling thread, with a partition list
/// librdkafka frees when it returns. It copies the list and buffers it here, nothing more: the
/// owner of the poll loop reads the buffer after each poll and calls `rd_kafka_incremental_assign`
/// or `_unassign` when it is ready (a projector first finishes and commits the batch in hand, and
/// takes its starting offsets from its store). librdkafka's group state machine waits for that
/// call. Only while the consumer closes does the callback release revoked partitions itself, as
/// nothing is left to fold and `rd_kafka_consumer_close` waits for the release.
final class RDKafkaRebalanceBuffer: Sendable {
    /// One rebalance step: partitions given to this member, or taken away (`lost` when the group
    /// already gave them to another member, e.g. after this one missed its session timeout).
    struct Step: Sendable, Hashable {
        enum Kind: Sendable, Hashable { case assign, revoke, failure(String) }
        var kind: Kind
        var partitions: [KafkaTopicPartition]
        var lost: Bool
    }

    private let state = LockedBox<(steps: [Step], closing: Bool)>(([], false))

    func append(_ step: Step) { state.withLock { $0.steps.append(step) } }

    /// Every step buffered since the last call, oldest first.
    func takeAll() -> [Step] {
        state.withLock { state in
            defer { state.steps = [] }
            return state.steps
        }
    }

    var isClosing: Bool { state.withLock { $0.closing } }

    func markClosing() { state.withLock { $0.closing = true } }

    /// Installs the callback on `conf`. Its opaque is the client's `RDKafkaLogSink` (see
    /// `RDKafkaLogSink.install`), which holds this buffer.
    static func install(on conf: OpaquePointer) {
        rd_kafka_conf_set_rebalance_cb(conf) { handle, error, list, opaque in
            guard let handle, let opaque else { return }
            let buffer = Unmanaged<RDKafkaLogSink>.fromOpaque(opaque).takeUnretainedValue().rebalances
            let partitions = list.map(RDKafkaRebalanceBuffer.partitions(of:)) ?? []
            switch error {
            case RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS:
                buffer.append(Step(kind: .assign, partitions: partitions, lost: false))
            case RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS:
                if buffer.isClosing, let list {
                    // Closing: the owner has committed what it folded; release now, as close waits.
                    if let failure = rd_kafka_incremental_unassign(handle, list) { rd_kafka_error_destroy(failure) }
                }
                buffer.append(Step(kind: .revoke, partitions: partitions, lost: rd_kafka_assignment_lost(handle) != 0))
            default:
                // librdkafka asks the application to drop the whole assignment to resynchronise.
                _ = rd_kafka_assign(handle, nil)
                buffer.append(Step(kind: .failure(String(cString: rd_kafka_err2str(error))), partitions: partitions, lost: true))
            }
        }
    }

    static func partitions(of list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) -> [KafkaTopicPartition] {
        UnsafeBufferPointer(start: list.pointee.elems, count: Int(list.pointee.cnt)).map {
            KafkaTopicPartition(topic: String(cString: $0.topic), partition: $0.partition)
        }
    }
}
