import DCLDomain
import DCLEventLog
import DCLKafka
import Foundation

/// The rebuild workload: what a busy ledger looks like to a projector. One published contract
/// per data product (the lifecycle topic), then quality results round-robin over the products
/// (the quality topic, ~99% of events), each product's quality stream chained, and on Kafka about
/// 1% of them racing duplicates that every fold rejects.
enum RebuildWorkload {
    static let start = Timestamp(millisecondsSinceEpoch: 1_764_000_000_000)
    static let rules = ["not_null_id", "unique_order_id", "row_count_min", "freshness_1h", "valid_currency"]

    static func contract(_ index: Int) -> DataContract {
        DataContract(id: ContractID("bench.product_\(index)")!, domain: DomainName("bench")!, dataProduct: "product_\(index)",
                     version: SemanticVersion("1.0.0")!, owner: EmailAddress("team\(index % 40)@company.com")!,
                     schema: [RecordSchema(name: "orders", fields: [
                        FieldSchema(name: "order_id", type: .long, unique: true, primaryKey: true),
                        FieldSchema(name: "amount", type: .decimal(DecimalType(precision: 12, scale: 2))),
                        FieldSchema(name: "currency", type: .string),
                        FieldSchema(name: "note", type: .string.optional, defaultValue: .null),
                     ])],
                     quality: [QualityRule(kind: .notNull, object: "orders", column: "order_id")],
                     serviceLevel: ServiceLevel(slaHours: 4, freshness: TimeSpan("1h")!))
    }

    /// `count` sealed envelopes (publishes first, then quality results and, where the log lets
    /// them in, duplicates: the embedded log's unique key refuses them at append).
    static func envelopes(count: Int, contracts: Int, duplicates: Bool) -> [EventEnvelope] {
        var envelopes: [EventEnvelope] = []
        envelopes.reserveCapacity(count)
        let ids = (0..<contracts).map { ContractID("bench.product_\($0)")! }
        for index in 0..<min(contracts, count) {
            let event = LedgerEvent.contractPublished(ContractPublished(contract: contract(index), previousVersion: nil, document: nil))
            envelopes.append(EventCodec.envelope(for: ProposedEvent(stream: .lifecycle(ids[index]), sequence: 1, event: event),
                                                 eventId: "p-\(index)", occurredAt: start, recordedAt: start, actor: "ci@company.com",
                                                 previousHash: EventEnvelope.genesisHash))
        }
        var heads = [String](repeating: EventEnvelope.genesisHash, count: contracts)
        var sequences = [Int64](repeating: 0, count: contracts)
        var step = 0
        while envelopes.count < count {
            let contract = step % contracts
            let time = Timestamp(millisecondsSinceEpoch: start.millisecondsSinceEpoch + 1000 + Int64(step) * 3)
            let event = LedgerEvent.qualityCheckRecorded(QualityCheckRecorded(
                contractId: ids[contract], rule: rules[step % rules.count], passed: step % 13 != 0,
                value: NumericLiteral(step % 1000), observedAt: time, contractVersion: SemanticVersion(major: 1, minor: 0, patch: 0)))
            // ~1%: a racing writer's copy of the stream's last sequence (rejected by every fold).
            let duplicate = duplicates && step % 97 == 0 && sequences[contract] > 0
            let sequence = duplicate ? sequences[contract] : sequences[contract] + 1
            let previous = duplicate ? envelopes.last { $0.stream == .quality(ids[contract]) }!.previousHash : heads[contract]
            let envelope = EventCodec.envelope(for: ProposedEvent(stream: .quality(ids[contract]), sequence: sequence, event: event),
                                               eventId: "q-\(step)", occurredAt: time, recordedAt: time,
                                               actor: "airflow@data-platform.example.com", previousHash: previous)
            if !duplicate {
                sequences[contract] = sequence
                heads[contract] = envelope.hash
            }
            envelopes.append(envelope)
            step += 1
        }
        return envelopes
    }

    /// The Kafka records the ledger writes for each envelope.
    static func messages(_ envelopes: [EventEnvelope], configuration: KafkaConfiguration) -> [KafkaProducerMessage] {
        envelopes.map { envelope in
            KafkaProducerMessage(topic: configuration.topic(for: envelope.stream), key: Array(envelope.stream.subject.utf8),
                                 value: envelope.canonicalBytes,
                                 headers: [KafkaHeader(name: KafkaEventLog.eventTypeHeader, text: envelope.type),
                                           KafkaHeader(name: KafkaEventLog.envelopeVersionHeader, text: KafkaEventLog.envelopeVersion)])
        }
    }
}
