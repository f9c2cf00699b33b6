import DCLApplication
import DCLDomain
import DCLProjections
import Foundation
import Testing

/// The projector hands committed notifications to its `NotificationSink` at least once: a
/// delivery that fails after the store commit is made on the next run, a caught-up run hands on
/// nothing, and the store's delivery mark is per sink.
@Suite("notification delivery after the store commit")
struct NotificationDeliveryTests {
    /// What a sink received, and whether its next delivery fails (as a broker that is down would).
    actor Deliveries {
        var received: [[GovernanceNotification]] = []
        var failNext = false

        func take(_ notifications: [GovernanceNotification]) throws {
            if failNext {
                failNext = false
                throw BrokerDown(message: "the broker is down")
            }
            received.append(notifications)
        }

        func failOnce() { failNext = true }
    }

    struct BrokerDown: Error { var message: String }

    struct RecordingSink: NotificationSink {
        let name: String
        let deliveries: Deliveries
        func deliver(_ notifications: [GovernanceNotification]) async throws { try await deliveries.take(notifications) }
    }

    @Test func aFailedDeliveryIsMadeOnTheNextRunAndNothingIsSentTwiceOnceAcknowledged() async throws {
        let folder = ProjectionTests.Folder()
        let service = try ProjectionTests.service(folder.path("ledger.db"))
        let store = try ReadModelStore(path: folder.path("read.db"))
        let deliveries = Deliveries()
        var projector = Projector(log: service.log, store: store)
        projector.notificationSink = RecordingSink(name: "topic", deliveries: deliveries)
        let id = try #require(ContractID("sales.revenue_metrics"))
        try await service.execute([.publishContract(ProjectionTests.contract("1.0.0"), document: nil)], actor: "ana")
        try await service.execute([.deprecateContract(id, reason: "use v2")], actor: "ana")

        // The batch commits, then the delivery fails: the read model has the notice, the sink not.
        await deliveries.failOnce()
        await #expect(throws: BrokerDown.self) { try await projector.catchUp() }
        #expect(try await store.notifications(contract: nil, consumer: nil).map(\.kind) == [.deprecation])
        #expect(await deliveries.received.isEmpty)

        // The next run has no new event to fold, and still delivers what was committed.
        try await projector.catchUp()
        let first = await deliveries.received
        #expect(first.count == 1 && first[0].map(\.kind) == [.deprecation], "\(first)")
        #expect(first[0][0].eventId != nil, "a notification names its event")
        try await projector.catchUp()
        #expect(await deliveries.received.count == 1, "acknowledged: not sent again")

        // A new event's notice goes out after its own commit; another sink on the same store starts from the beginning.
        try await service.execute([.reactivateContract(id, reason: "still needed")], actor: "ana")
        try await service.execute([.deprecateContract(id, reason: "use v3")], actor: "ana")
        try await projector.catchUp()
        let all = await deliveries.received
        #expect(all.count == 2 && all[1].map(\.message) == ["sales.revenue_metrics deprecated at 1.0.0: use v3"], "\(all)")
        let other = Deliveries()
        var second = Projector(log: service.log, store: store)
        second.notificationSink = RecordingSink(name: "other", deliveries: other)
        try await second.catchUp()
        #expect(await other.received.flatMap { $0 }.count == 2)
    }
}
