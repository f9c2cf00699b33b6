import DCLApplication
import Foundation

/// Publishes the projector's changelog on two compacted topics: `dcl.catalog.v1` (key: the
/// contract id; value: the catalog entry `dcl catalog --json` lists, compact JSON with sorted
/// keys; a tombstone — a null value — once the contract is retired) and `dcl.quality-summary.v1`
/// (key: the contract id; value: `QualityChangelogValue` as JSON). After compaction a consumer
/// finds the latest value per contract; the same store state always gives the same bytes, so a
/// rebuild or a repeated publication writes values a consumer already has.
///
/// ```swift
/// let producer = try KafkaProducer(configuration: configuration)
/// var projector = Projector(log: log, store: store)
/// projector.changelogSink = KafkaChangelogSink(producer: producer, configuration: configuration)
/// try await projector.catchUp()
/// await producer.shutdown()
/// ```
public struct KafkaChangelogSink: ChangelogSink {
    public let producer: KafkaProducer
    public let catalogTopic: String
    public let qualitySummaryTopic: String

    public init(producer: KafkaProducer, configuration: KafkaConfiguration) {
        self.producer = producer
        catalogTopic = configuration.catalogTopic
        qualitySummaryTopic = configuration.qualitySummaryTopic
    }

    public var name: String { "kafka:" + catalogTopic + "+" + qualitySummaryTopic }

    /// A record's value: compact JSON with sorted keys, `/` not escaped (`KafkaJSONValue`).
    public static func value(of item: some Encodable) throws -> [UInt8] {
        try KafkaJSONValue.bytes(of: item)
    }

    public func publish(_ changes: [ChangelogEntry]) async throws {
        var messages: [KafkaProducerMessage] = []
        messages.reserveCapacity(changes.count * 2)
        for change in changes {
            let key = Array(change.contractId.utf8)
            messages.append(KafkaProducerMessage(topic: catalogTopic, key: key, value: try change.catalog.map(Self.value(of:))))
            messages.append(KafkaProducerMessage(topic: qualitySummaryTopic, key: key, value: try Self.value(of: change.quality)))
        }
        for result in await producer.send(messages) { _ = try result.get() }
    }
}
