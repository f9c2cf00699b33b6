import DCLDomain
import Testing

/// Policies, consumers and platform requests through the pure decider and fold.
@Suite("governance: decide and evolve")
struct GovernanceDecideTests {
    static func piiPolicy(approval: Bool = false) -> Policy {
        var policy = Policy(name: "pii-classified")
        policy.pii = Policy.PersonalData(detect: ["email"], classified: true)
        if approval { policy.consumerApproval = true }
        return policy
    }

    /// revenue_metrics with an unclassified `customer_email` property, in `domain`.
    static func withEmail(domain: String = "sales", classified: Bool = false, version: String = "1.0.0") -> DataContract {
        var contract = Fixtures.revenueMetrics(version: version)
        contract.domain = DomainName(domain)!
        contract.id = ContractID("\(domain).revenue_metrics")!
        contract.schema[0].fields.append(FieldSchema(name: "customer_email", type: .string, classification: classified ? "pii" : nil))
        return contract
    }

    @Test func domainPolicyRefusesUnclassifiedEmailOnlyInItsDomain() throws {
        var (state, events) = try Fixtures.run(.adoptPolicy(PolicyAdopted(policy: Self.piiPolicy(), domain: "sales", reason: "GDPR")), on: LedgerState())
        #expect(events.map(\.stream.description) == ["governance/policies"])
        #expect(state.policies["pii-classified@sales"]?.adoptedBy == "tester")
        do {
            _ = try Ledger.decide(.publishContract(Self.withEmail(), document: nil), state: state)
            Issue.record("an unclassified e-mail property in sales must be refused")
        } catch {
            #expect(error.code == .policyViolation)
            #expect(error.message.contains("policy pii-classified (domain sales): revenue_metrics.customer_email"), "\(error.message)")
        }
        // The same document in another domain, and a classified one in sales, are accepted.
        (state, _) = try Fixtures.run(.publishContract(Self.withEmail(domain: "marketing"), document: nil), on: state)
        (state, _) = try Fixtures.run(.publishContract(Self.withEmail(classified: true), document: nil), on: state)
        #expect(state.contracts.count == 2)
        // Retired, the policy no longer applies.
        (state, _) = try Fixtures.run(.retirePolicy(PolicyRetired(name: "pii-classified", domain: "sales", reason: "moved")), on: state)
        #expect(state.policies.isEmpty)
        #expect(throws: LedgerRejection.self) {
            try Ledger.decide(.retirePolicy(PolicyRetired(name: "pii-classified", domain: "sales", reason: nil)), state: state)
        }
    }

    @Test func everyRuleNamesItsPath() throws {
        var policy = Policy(name: "baseline")
        policy.require = Policy.Required(description: true, owner: true, sla: true, qualityRules: 5)
        policy.naming = Policy.Naming(properties: .snakeCase, idPattern: "^finance\\..*$")
        policy.allowedTags = ["gold"]
        policy.maxFreshness = TimeSpan("1h")
        policy.minQualityThreshold = NumericLiteral("0.999")
        policy.compatibility = [.full]
        var contract = Fixtures.revenueMetrics()
        contract.tags = ["bronze"]
        contract.schema[0].fields.append(FieldSchema(name: "CustomerName", type: .string))
        let found = policy.violations(of: contract, document: nil, mode: .backward)
        #expect(found.map(\.path) == ["description", "slaProperties", "quality", "revenue_metrics.CustomerName", "id", "tags",
                                      "slaProperties.freshness", "qualityThreshold", "compatibility"])
        #expect(found.allSatisfy { $0.policy == "baseline" })
        let document: JSONValue = .object(["slaProperties": .array([.object(["property": .string("latency")])])])
        contract.description = "Daily revenue"
        contract.tags = ["gold"]
        contract.schema[0].fields.removeLast()
        #expect(!policy.violations(of: contract, document: document, mode: .full).map(\.path).contains("slaProperties"))
    }

    @Test func consumerImpactAndSignOff() throws {
        var (state, _) = try Fixtures.run(.publishContract(Fixtures.revenueMetrics(), document: nil), on: LedgerState())
        let id = ContractID("sales.revenue_metrics")!
        #expect(throws: LedgerRejection.self) {
            try Ledger.decide(.subscribeConsumer(ConsumerSubscribed(contractId: id, consumer: "finance", fields: ["nope"], major: nil, consumerDomain: nil)), state: state)
        }
        (state, _) = try Fixtures.run(.subscribeConsumer(ConsumerSubscribed(contractId: id, consumer: "finance-reporting", fields: ["order_count"],
                                                                            major: nil, consumerDomain: "finance")), on: state)
        (state, _) = try Fixtures.run(.subscribeConsumer(ConsumerSubscribed(contractId: id, consumer: "web", fields: ["revenue_metrics.revenue"],
                                                                            major: nil, consumerDomain: nil)), on: state)
        (state, _) = try Fixtures.run(.adoptPolicy(PolicyAdopted(policy: Self.piiPolicy(approval: true), domain: nil, reason: nil)), on: state)
        var next = Fixtures.revenueMetrics(version: "2.0.0")
        next.schema[0].fields.removeAll { $0.name == "order_count" }
        do {
            _ = try Ledger.decide(.publishContract(next, document: nil), state: state)
            Issue.record("a version breaking a subscribed consumer needs its sign-off")
        } catch {
            #expect(error.code == .approvalRequired)
            #expect(error.message.contains("consumer finance-reporting reads revenue_metrics.order_count, removed here"), "\(error.message)")
            #expect(!error.message.contains("consumer web"), "web does not read order_count")
        }
        #expect(throws: LedgerRejection.self) {
            try Ledger.decide(.approveVersion(ConsumerApproved(contractId: id, version: SemanticVersion("2.0.0")!, consumer: "stranger", note: nil)), state: state)
        }
        (state, _) = try Fixtures.run(.approveVersion(ConsumerApproved(contractId: id, version: SemanticVersion("2.0.0")!, consumer: "finance-reporting", note: nil)), on: state)
        let events: [RecordedEvent]
        (state, events) = try Fixtures.run(.publishContract(next, document: nil), on: state)
        #expect(events.map(\.event.typeName) == ["ContractPublished", "SchemaChanged"])
        #expect(state.contracts[id]?.latestVersion == SemanticVersion("2.0.0"))
    }

    @Test func pinnedMajorIsNotBrokenByANewMajor() {
        var subscription = ConsumerSubscription(ConsumerSubscribed(contractId: ContractID("a.b")!, consumer: "c", fields: [], major: 1, consumerDomain: nil),
                                                at: Fixtures.t0)
        let removed = ClassifiedChange(change: ContractChange(kind: .fieldRemoved, path: "b.x"), severity: .breakingForConsumers, bump: .major, reason: "")
        #expect(ConsumerImpact.assess(changes: [removed], consumers: ["c": subscription], contractId: ContractID("a.b")!, version: SemanticVersion("2.0.0")!).isEmpty)
        subscription.major = 2
        #expect(ConsumerImpact.assess(changes: [removed], consumers: ["c": subscription], contractId: ContractID("a.b")!, version: SemanticVersion("2.0.0")!).count == 1)
    }

    @Test func platformRequestLifecycle() throws {
        let request = PlatformRequested(requestId: "pr-1", domain: "marketing", product: "campaign_performance", tier: .medium, storageGB: 100,
                                        schedule: "0 6 * * *", ownerEmail: nil)
        var (state, _) = try Fixtures.run(.requestPlatform(request), on: LedgerState(), actor: "mia")
        #expect(state.platformRequests["pr-1"]?.status == .requested)
        #expect(throws: LedgerRejection.self) { try Ledger.decide(.markProvisioned(PlatformProvisioned(requestId: "pr-1", note: nil)), state: state) }
        #expect(throws: LedgerRejection.self) {
            try Ledger.decide(.decidePlatformRequest(PlatformRequestDecided(requestId: "pr-1", approved: false, reason: nil)), state: state)
        }
        (state, _) = try Fixtures.run(.decidePlatformRequest(PlatformRequestDecided(requestId: "pr-1", approved: true, reason: "ok")), on: state, actor: "platform")
        (state, _) = try Fixtures.run(.markProvisioned(PlatformProvisioned(requestId: "pr-1", note: "marketing-wh-medium")), on: state)
        #expect(state.platformRequests["pr-1"]?.status == .provisioned)
        #expect(state.platformRequests["pr-1"]?.requestedBy == "mia")
        #expect(state.platformRequests["pr-1"]?.decidedBy == "platform")
        var tooBig = request
        tooBig.requestId = "pr-2"
        tooBig.storageGB = 5000
        #expect(throws: LedgerRejection.self) { try Ledger.decide(.requestPlatform(tooBig), state: state) }
    }
}
