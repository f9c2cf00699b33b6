/// Where the projector hands on the notifications it folds (breaking changes, deprecations),
/// after the batch that holds them is committed to the read-model store. An adapter implements
/// it — `KafkaNotificationSink` produces them on `dcl.notifications.v1` — so the projector does
/// not depend on any transport.
///
/// Delivery is at least once: the store keeps a delivery mark per sink `name`, and a projector
/// that stopped between a commit and the delivery sends those notifications again on its next
/// run. Each notification carries its event id, so a receiver can tell a repeat from a new one.
///
/// ```swift
/// struct PrintingSink: NotificationSink {
///     let name = "stdout"
///     func deliver(_ notifications: [GovernanceNotification]) async throws {
///         for notice in notifications { print(notice.contractId, notice.kind.rawValue, notice.version) }
///     }
/// }
/// var projector = Projector(log: log, store: store)
/// projector.notificationSink = PrintingSink()
/// try await projector.catchUp()
/// ```
public protocol NotificationSink: Sendable {
    /// Names the sink's delivery mark in the store (one store can feed several sinks).
    var name: String { get }
    /// Delivers `notifications` (in log order); returns once every one is acknowledged, throws otherwise.
    func deliver(_ notifications: [GovernanceNotification]) async throws
}
