import DCLDomain
import DCLEventLog
import DCLKafka
import Foundation

/// The Kafka benchmark workload, shared by the ordo-one benchmarks (`KafkaBenchmarks`) and the
/// kcat comparison (`KafkaBaseline`): realistic `QualityCheckRecorded` envelopes, chained per
/// contract across 100 contracts, produced as the ledger writes them (key = contract id, value =
/// canonical JSON, the ledger's two headers) to a quality topic of a 3-broker mock cluster.
public enum KafkaWorkload {
    public static let contracts = 100
    /// 100 contract keys hash unevenly (murmur2): with 32 partitions the fullest one holds 6
    /// contracts, ~4 MiB for 100k events, under the mock's ~5 MiB per-partition cap.
    public static let partitions = 32
    public static let brokers = 3
    /// Every event is a QualityCheckRecorded, so kcat can send the same headers with `-H`.
    public static let headers: [KafkaHeader] = [
        KafkaHeader(name: KafkaEventLog.eventTypeHeader, text: "QualityCheckRecorded"),
        KafkaHeader(name: KafkaEventLog.envelopeVersionHeader, text: KafkaEventLog.envelopeVersion),
    ]

    private static let start = Timestamp(millisecondsSinceEpoch: 1_764_000_000_000)
    private static let rules = ["not_null_id", "unique_order_id", "row_count_min", "freshness_1h", "valid_currency"]

    /// `count` sealed envelopes: round-robin over the contracts, each contract's quality stream chained.
    public static func envelopes(count: Int) -> [EventEnvelope] {
        var heads = [String](repeating: EventEnvelope.genesisHash, count: contracts)
        var sequences = [Int64](repeating: 0, count: contracts)
        let ids = (0..<contracts).map { ContractID("sales.orders_product_\($0)")! }
        return (0..<count).map { index in
            let contract = index % contracts
            sequences[contract] += 1
            let time = Timestamp(millisecondsSinceEpoch: start.millisecondsSinceEpoch + Int64(index) * 7)
            let event = LedgerEvent.qualityCheckRecorded(QualityCheckRecorded(
                contractId: ids[contract], rule: rules[index % rules.count], passed: index % 13 != 0,
                value: NumericLiteral(index % 1000), observedAt: time,
                contractVersion: SemanticVersion(major: 1, minor: contract % 4, patch: 0)))
            let envelope = EventCodec.envelope(
                for: ProposedEvent(stream: .quality(ids[contract]), sequence: sequences[contract], event: event),
                eventId: "q-\(UUID().uuidString.lowercased())", occurredAt: time, recordedAt: time,
                actor: "airflow@data-platform.example.com", previousHash: heads[contract])
            heads[contract] = envelope.hash
            return envelope
        }
    }

    /// (key, value) bytes as the ledger writes them.
    public static func records(_ envelopes: [EventEnvelope]) -> [(key: [UInt8], value: [UInt8])] {
        envelopes.map { (Array($0.stream.subject.utf8), $0.canonicalBytes) }
    }

    public static func messages(_ records: [(key: [UInt8], value: [UInt8])], topic: String) -> [KafkaProducerMessage] {
        records.map { KafkaProducerMessage(topic: topic, key: $0.key, value: $0.value, headers: headers) }
    }

    /// The ledger's client defaults (linger.ms=5, idempotent, acks=all, murmur2_random), quiet.
    public static func configuration(bootstrap: String) -> KafkaConfiguration {
        KafkaConfiguration(bootstrapServers: bootstrap, properties: ["log_level": "3"], requestTimeout: .seconds(120))
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        public init(description: String) { self.description = description }
    }

    /// Sends every message and waits for every delivery report; throws on the first failure.
    public static func publish(_ messages: [KafkaProducerMessage], with producer: KafkaProducer) async throws {
        for result in await producer.send(messages) {
            if case .failure(let error) = result { throw Failure(description: "delivery failed: \(error)") }
        }
    }

    /// Reads every partition of `topic` from the beginning to its end, and decodes each value as
    /// the ledger reader does (JSON → envelope → domain event) batch by batch as records arrive,
    /// keeping none. Returns the number of events.
    public static func consumeAndDecode(topic: String, with consumer: KafkaConsumer, decode: Bool = true) async throws -> Int {
        let partitions = (0..<Int32(partitions)).map { KafkaTopicPartition(topic: topic, partition: $0) }
        let offsets = Dictionary(uniqueKeysWithValues: partitions.map { ($0, KafkaConsumer.beginning) })
        let outcome = try await consumer.readToEnd(offsets, timeout: .seconds(120), into: (read: 0, failure: String?.none)) { outcome, batch in
            outcome.read += batch.count
            guard decode, outcome.failure == nil else { return }
            do { try self.decode(batch) } catch { outcome.failure = "\(error)" }
        }
        if let failure = outcome.failure { throw Failure(description: failure) }
        return outcome.read
    }

    /// Decodes each value as the ledger reader does: JSON bytes → envelope → domain event, the
    /// records of a batch in parallel (`ParallelMap`, as the projector's reader does).
    @discardableResult
    public static func decode(_ messages: [KafkaConsumerMessage]) throws -> Int {
        let outcomes = ParallelMap.map(messages) { message -> Bool in
            guard let envelope = try? EventEnvelope(jsonBytes: message.value ?? []),
                  let recorded = try? EventCodec.recorded(StoredEvent(position: message.offset + 1, envelope: envelope)),
                  case .qualityCheckRecorded = recorded.event else { return false }
            return true
        }
        let decoded = outcomes.count { $0 }
        guard decoded == messages.count else { throw Failure(description: "decoded \(decoded) of \(messages.count) events") }
        return decoded
    }

    /// The key<TAB>value lines kcat produces from (`kcat -P -K '\t'`).
    public static func tabSeparatedLines(_ records: [(key: [UInt8], value: [UInt8])]) -> Data {
        var data = Data()
        data.reserveCapacity(records.reduce(0) { $0 + $1.key.count + $1.value.count + 2 })
        for record in records {
            data.append(contentsOf: record.key)
            data.append(UInt8(ascii: "\t"))
            data.append(contentsOf: record.value)
            data.append(UInt8(ascii: "\n"))
        }
        return data
    }
}
