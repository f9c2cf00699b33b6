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
        var generator = Generator(count: count, contracts: contracts, duplicates: duplicates)
        var envelopes: [EventEnvelope] = []
        envelopes.reserveCapacity(count)
        while let chunk = generator.next(upTo: 50_000) { envelopes += chunk }
        return envelopes
    }

    /// The same envelopes, made a chunk at a time, so that a fill of 10M events does not hold them all.
    struct Generator {
        let count: Int
        let contracts: Int
        let duplicates: Bool
        private let ids: [ContractID]
        private var heads: [String]
        /// The `previousHash` of each quality stream's last envelope (a duplicate copies it).
        private var lastPrevious: [String]
        private var sequences: [Int64]
        private var made = 0
        private var step = 0

        init(count: Int, contracts: Int, duplicates: Bool) {
            self.count = count
            self.contracts = contracts
            self.duplicates = duplicates
            ids = (0..<contracts).map { ContractID("bench.product_\($0)")! }
            heads = [String](repeating: EventEnvelope.genesisHash, count: contracts)
            lastPrevious = heads
            sequences = [Int64](repeating: 0, count: contracts)
        }

        /// The next at most `limit` envelopes, or nil once `count` are made.
        mutating func next(upTo limit: Int) -> [EventEnvelope]? {
            guard made < count else { return nil }
            var envelopes: [EventEnvelope] = []
            envelopes.reserveCapacity(min(limit, count - made))
            while made < min(contracts, count), envelopes.count < limit {
                let index = made
                let event = LedgerEvent.contractPublished(ContractPublished(contract: contract(index), previousVersion: nil, document: nil))
                envelopes.append(EventCodec.envelope(for: ProposedEvent(stream: .lifecycle(ids[index]), sequence: 1, event: event),
                                                     eventId: "p-\(index)", occurredAt: start, recordedAt: start, actor: "ci@company.com",
                                                     previousHash: EventEnvelope.genesisHash))
                made += 1
            }
            while made < count, envelopes.count < limit {
                let contract = step % contracts
                let time = Timestamp(millisecondsSinceEpoch: start.millisecondsSinceEpoch + 1000 + Int64(step) * 3)
                let event = LedgerEvent.qualityCheckRecorded(QualityCheckRecorded(
                    contractId: ids[contract], rule: rules[step % rules.count], passed: step % 13 != 0,
                    value: NumericLiteral(step % 1000), observedAt: time, contractVersion: SemanticVersion(major: 1, minor: 0, patch: 0)))
                // ~1%: a racing writer's copy of the stream's last sequence (rejected by every fold).
                let duplicate = duplicates && step % 97 == 0 && sequences[contract] > 0
                let sequence = duplicate ? sequences[contract] : sequences[contract] + 1
                let previous = duplicate ? lastPrevious[contract] : heads[contract]
                let envelope = EventCodec.envelope(for: ProposedEvent(stream: .quality(ids[contract]), sequence: sequence, event: event),
                                                   eventId: "q-\(step)", occurredAt: time, recordedAt: time,
                                                   actor: "airflow@data-platform.example.com", previousHash: previous)
                if !duplicate {
                    sequences[contract] = sequence
                    heads[contract] = envelope.hash
                }
                lastPrevious[contract] = previous
                envelopes.append(envelope)
                made += 1
                step += 1
            }
            return envelopes
        }
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
