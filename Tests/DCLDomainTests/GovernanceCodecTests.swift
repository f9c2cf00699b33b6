import DCLDomain
import DCLEventLog
import Testing

/// Every governance event survives the codec at its current schema version, field for field.
@Suite("governance events in the codec")
struct GovernanceCodecTests {
    @Test func everyGovernanceEventRoundTrips() throws {
        var policy = Policy(name: "everything")
        policy.description = "all rules"
        policy.require = Policy.Required(description: true, owner: true, sla: true, qualityRules: 2)
        policy.pii = Policy.PersonalData(detect: ["email"], classified: true, described: true, masked: true)
        policy.naming = Policy.Naming(properties: .snakeCase, idPattern: "^[a-z]+\\..+$")
        policy.allowedTags = ["gold"]
        policy.maxFreshness = TimeSpan("24h")
        policy.minQualityThreshold = NumericLiteral("0.95")
        policy.compatibility = [.backward, .full]
        policy.consumerApproval = true
        let id = ContractID("sales.orders")!
        let events: [LedgerEvent] = [
            .policyAdopted(PolicyAdopted(policy: policy, domain: "sales", reason: "why")),
            .policyRetired(PolicyRetired(name: "everything", domain: nil, reason: nil)),
            .consumerSubscribed(ConsumerSubscribed(contractId: id, consumer: "bi", fields: ["b", "a", "a"], major: 2, consumerDomain: "finance")),
            .consumerUnsubscribed(ConsumerUnsubscribed(contractId: id, consumer: "bi", reason: "gone")),
            .consumerApproved(ConsumerApproved(contractId: id, version: SemanticVersion("2.0.0")!, consumer: "bi", note: nil)),
            .platformRequested(PlatformRequested(requestId: "pr-1", domain: "sales", product: "orders", tier: .xlarge, storageGB: 10,
                                                 schedule: "0 6 * * *", ownerEmail: "a@b.c")),
            .platformRequestDecided(PlatformRequestDecided(requestId: "pr-1", approved: false, reason: "no")),
            .platformProvisioned(PlatformProvisioned(requestId: "pr-1", note: "x")),
        ]
        for event in events {
            let payload = EventCodec.payload(of: event)
            let decoded = try EventCodec.decode(type: event.typeName, schemaVersion: event.schemaVersion, payload: payload)
            #expect(decoded == event, "\(event.typeName)")
            #expect(LedgerEvent.typeNames.contains(event.typeName))
        }
        if case .consumerSubscribed(let subscribed) = events[2] { #expect(subscribed.fields == ["a", "b"]) }
        #expect(events.map(\.stream.description) == ["governance/policies", "governance/policies", "governance/consumers:sales.orders",
                                                     "governance/consumers:sales.orders", "governance/consumers:sales.orders",
                                                     "governance/platform", "governance/platform", "governance/platform"])
    }
}
