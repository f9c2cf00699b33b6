import DCLDomain
import DCLEventLog

/// How a record of a ledger topic is read as an event, by every reader (the projector's, the
/// writers'): decoded and checked against its topic and key, or quarantined with the reason.
enum KafkaLedgerRecords {
    /// One sequence of one stream: what a writer asks the scan about.
    struct Slot: Hashable {
        var stream: StreamID
        var sequence: Int64
    }

    /// Why a record is not a readable event.
    struct Poison: Error { var message: String }

    /// The event a record holds, or why it is quarantined (see docs/kafka.md, "Quarantined records").
    static func decode(_ message: KafkaConsumerMessage, contractsTopic: String, qualityTopic: String,
                       maximumRecordBytes: Int) -> Result<EventEnvelope, Poison> {
        guard let value = message.value, !value.isEmpty else { return .failure(Poison(message: "empty value")) }
        if value.count > maximumRecordBytes {
            return .failure(Poison(message: "the record is \(value.count) bytes, more than the \(maximumRecordBytes) a dcl writer sends "
                                   + "(message.max.bytes)"))
        }
        if let version = message.header(KafkaEventLog.envelopeVersionHeader) {
            let text = String(decoding: version, as: UTF8.self)
            if text != KafkaEventLog.envelopeVersion {
                return .failure(Poison(message: "envelope version '\(text)' is not one this dcl reads (\(KafkaEventLog.envelopeVersion))"))
            }
        }
        let envelope: EventEnvelope
        do {
            envelope = try EventEnvelope(jsonBytes: value)
        } catch {
            return .failure(Poison(message: error.message))
        }
        let expectedTopic = envelope.stream.kind == .quality ? qualityTopic : contractsTopic
        if message.topic != expectedTopic {
            return .failure(Poison(message: "event \(envelope.eventId) of \(envelope.stream) belongs on \(expectedTopic), not \(message.topic)"))
        }
        // Compared as memory: a string made of every record's key only to compare it cost an
        // allocation each, and a generic `elementsEqual` goes byte by byte through iterators.
        guard let key = message.key, key.withUnsafeBufferPointer({ envelope.stream.subject.hasUTF8($0) }) else {
            let shown = message.key.map { String(decoding: $0, as: UTF8.self) } ?? "null"
            return .failure(Poison(message: "event \(envelope.eventId) has key '\(shown)', not its stream subject '\(envelope.stream.subject)'"))
        }
        return .success(envelope)
    }
}
