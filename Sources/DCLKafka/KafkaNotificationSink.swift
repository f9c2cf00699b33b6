import DCLApplication
import Foundation

/// Produces the projector's notifications on `dcl.notifications.v1`: key the contract id, value
/// the notification as JSON (one element of `dcl consumer notifications --json`, keys sorted),
/// header `dcl-event-id` the event behind it. The same event always gives the same key and value,
/// so a rebuild or a repeated delivery writes records a consumer can recognise by the event id.
///
/// ```swift
/// let producer = try KafkaProducer(configuration: configuration)
/// var projector = Projector(log: log, store: store)
/// projector.notificationSink = KafkaNotificationSink(producer: producer, topic: configuration.notificationsTopic)
/// try await projector.catchUp()
/// await producer.shutdown()
/// ```
public struct KafkaNotificationSink: NotificationSink {
    public let producer: KafkaProducer
    public let topic: String

    public init(producer: KafkaProducer, topic: String) {
        self.producer = producer
        self.topic = topic
    }

    public var name: String { "kafka:" + topic }

    /// The record value for `notification`: compact JSON with sorted keys (stable bytes; `KafkaJSONValue`).
    public static func value(of notification: GovernanceNotification) throws -> [UInt8] {
        try KafkaJSONValue.bytes(of: notification)
    }

    public func deliver(_ notifications: [GovernanceNotification]) async throws {
        let messages = try notifications.map { notification in
            KafkaProducerMessage(topic: topic, key: Array(notification.contractId.utf8), value: try Self.value(of: notification),
                                 headers: notification.eventId.map { [KafkaHeader(name: "dcl-event-id", text: $0)] } ?? [])
        }
        for result in await producer.send(messages) { _ = try result.get() }
    }
}
