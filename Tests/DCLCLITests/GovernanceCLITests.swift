import Foundation
import GRDB
import Testing

/// Federated governance through the real `dcl` binary on real SQLite ledgers and stores.
@Suite("dcl governance end to end", .serialized)
struct GovernanceCLITests {
    static func customers(domain: String = "sales", version: String = "1.0.0", classified: Bool = false, withPhone: Bool = false) -> String {
        var properties = """
              - name: customer_id
                logicalType: string
                required: true
              - name: email
                logicalType: string
                description: Where the customer is reached.
        """
        if classified { properties += "\n        classification: pii" }
        if withPhone { properties += "\n      - name: phone_number\n        logicalType: string" + (classified ? "\n        tags: [pii]" : "") }
        return """
        apiVersion: v3.1.0
        kind: DataContract
        id: \(domain).customers
        name: Customers
        version: \(version)
        status: active
        domain: \(domain)
        dataProduct: customers
        team:
          members:
            - username: \(domain)-de@company.com
              role: owner
        schema:
          - name: customers
            properties:
        \(properties)

        """
    }

    static let piiPolicy = """
        policy: pii-classified
        description: Personal data is classified.
        pii:
          detect: [email, phone]
          classified: true

        """

    static func json(_ text: String) throws -> Any { try JSONSerialization.jsonObject(with: Data(text.utf8)) }

    @Test func domainPolicyRefusesUnclassifiedEmailAndReplayListsEarlierVersions() throws {
        let cli = try CLIHarness()
        defer { cli.remove() }
        try cli.write("pii.policy.yaml", Self.piiPolicy)
        try cli.write("sales-1.yaml", Self.customers())
        try cli.write("sales-1.1.yaml", Self.customers(version: "1.1.0", withPhone: true))
        try cli.write("sales-2.yaml", Self.customers(version: "2.0.0", classified: true, withPhone: true))
        try cli.write("marketing.yaml", Self.customers(domain: "marketing"))
        // Versions recorded before any policy: accepted.
        #expect(try cli.run("publish", "sales-1.yaml").status == 0)

        // Replay before adopting: the stored 1.0.0 would have failed, and the current contract would.
        let replay = try cli.run("policy", "replay", "pii.policy.yaml", "--json")
        #expect(replay.status == 1, "\(replay.stdout)\(replay.stderr)")
        let replayed = try #require(try Self.json(replay.stdout) as? [String: Any])
        let failing = try #require(replayed["failingVersions"] as? [[String: Any]])
        #expect(failing.map { "\($0["contractId"] ?? "") \($0["version"] ?? "")" } == ["sales.customers 1.0.0"])
        #expect((replayed["failingContracts"] as? [Any])?.count == 1)

        let adopt = try cli.run("policy", "adopt", "pii.policy.yaml", "--domain", "sales", "--reason", "GDPR", "--actor", "council")
        #expect(adopt.status == 0, "\(adopt.stderr)")
        #expect(adopt.stdout.contains("PolicyAdopted"))
        #expect(try cli.run("policy", "list").stdout.contains("council"))

        // A new sales version with unclassified e-mail and phone properties: refused, naming the policy and each path.
        let refused = try cli.run("publish", "sales-1.1.yaml")
        #expect(refused.status == 1, "\(refused.stdout)\(refused.stderr)")
        #expect(refused.stderr.contains("policy pii-classified (domain sales): customers.email"), "\(refused.stderr)")
        #expect(refused.stderr.contains("customers.phone_number"), "\(refused.stderr)")
        // The dry run says the same, and writes nothing.
        let test = try cli.run("policy", "test", "sales-1.1.yaml")
        #expect(test.status == 1)
        #expect(test.stdout.contains("customers.email"))
        // The same document in another domain is accepted.
        let other = try cli.run("publish", "marketing.yaml")
        #expect(other.status == 0, "\(other.stderr)")
        // Classified, the sales version passes.
        #expect(try cli.run("publish", "sales-2.yaml").status == 0, "classifying e-mail is a MAJOR change")

        // Compliance: sales.customers is compliant now; marketing has no policy; mesh 2 of 2.
        let compliance = try cli.run("policy", "compliance", "--json")
        #expect(compliance.status == 0, "\(compliance.stderr)")
        let report = try #require(try Self.json(compliance.stdout) as? [String: Any])
        let mesh = try #require(report["mesh"] as? [String: Any])
        #expect(mesh["activeContracts"] as? Int == 2)
        #expect(mesh["compliantContracts"] as? Int == 2)

        // Replay now lists the earlier versions that would have failed, the current one passes.
        let later = try cli.run("policy", "replay", "pii.policy.yaml", "--domain", "sales", "--json")
        let laterResult = try #require(try Self.json(later.stdout) as? [String: Any])
        let laterFailing = try #require(laterResult["failingVersions"] as? [[String: Any]])
        #expect(laterFailing.map { $0["version"] as? String } == ["1.0.0"])
        #expect((laterResult["failingContracts"] as? [Any])?.isEmpty == true)

        // A mesh-wide policy the marketing contract breaks shows up in compliance as a violation.
        try cli.write("owner.policy.yaml", "policy: described\nrequire:\n  description: true\n")
        #expect(try cli.run("policy", "adopt", "owner.policy.yaml").status == 0)
        let after = try cli.run("policy", "compliance", "--json")
        let afterReport = try #require(try Self.json(after.stdout) as? [String: Any])
        let afterMesh = try #require(afterReport["mesh"] as? [String: Any])
        #expect(afterMesh["compliantContracts"] as? Int == 0)
        let violations = try #require(afterMesh["violations"] as? [[String: Any]])
        #expect(Set(violations.compactMap { $0["contractId"] as? String }) == ["marketing.customers", "sales.customers"])
        #expect(violations.allSatisfy { $0["path"] as? String == "description" })
        // Retired, compliance is back.
        #expect(try cli.run("policy", "retire", "described").status == 0)
        let retired = try #require(try Self.json(try cli.run("policy", "compliance", "--json").stdout) as? [String: Any])
        #expect((retired["mesh"] as? [String: Any])?["compliantContracts"] as? Int == 2)

        // A rebuilt store holds the same compliance rows.
        let rebuild = try cli.run("project", "--rebuild", "--until-caught-up")
        #expect(rebuild.status == 0, "\(rebuild.stderr)")
        let rows = try DatabaseQueue(path: cli.path(".dcl/readmodels.db")).read { db in
            try Row.fetchAll(db, sql: "SELECT contract_id, violation_count FROM policy_compliance ORDER BY contract_id")
        }
        #expect(rows.map { $0["contract_id"] as String } == ["marketing.customers", "sales.customers"])
        #expect(rows.allSatisfy { ($0["violation_count"] as Int) == 0 })
    }

    @Test func badPolicyFileIsRefusedNamingFileLineAndKey() throws {
        let cli = try CLIHarness()
        defer { cli.remove() }
        try cli.write("typo.policy.yaml", "policy: strict\npii:\n  detect: [email]\n  clasified: true\n")
        let result = try cli.run("policy", "adopt", "typo.policy.yaml")
        #expect(result.status == 2)
        #expect(result.stderr.contains("typo.policy.yaml:4: pii.clasified: unknown key"), "\(result.stderr)")
        try cli.write("noname.policy.yaml", "require:\n  owner: true\n")
        let unnamed = try cli.run("policy", "test", "x.yaml", "--policy", "noname.policy.yaml")
        #expect(unnamed.status == 2)
    }

    @Test func consumerNamedInCheckAndSignOffGatesPublish() throws {
        let cli = try CLIHarness()
        defer { cli.remove() }
        try cli.write("orders.yaml", ContractTexts.orders())
        try cli.write("orders-2.yaml", ContractTexts.orders(version: "2.0.0", removeAmount: true))
        #expect(try cli.run("publish", "orders.yaml").status == 0)
        let unknown = try cli.run("consumer", "subscribe", "sales.orders", "--consumer", "finance-reporting", "--fields", "total")
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("'total'") && unknown.stderr.contains("orders.amount"), "\(unknown.stderr)")
        let subscribe = try cli.run("consumer", "subscribe", "sales.orders", "--consumer", "finance-reporting", "--fields", "amount",
                                    "--consumer-domain", "finance")
        #expect(subscribe.status == 0, "\(subscribe.stderr)")
        #expect(try cli.run("consumer", "subscribe", "sales.orders", "--consumer", "ops", "--fields", "orders.order_id").status == 0)

        let check = try cli.run("check", "orders-2.yaml")
        #expect(check.stdout.contains("breaks consumer finance-reporting reads orders.amount, removed here"), "\(check.stdout)")
        #expect(!check.stdout.contains("consumer ops"))
        let checkJSON = try #require(try Self.json(try cli.run("check", "orders-2.yaml", "--json").stdout) as? [String: Any])
        #expect((checkJSON["consumerImpacts"] as? [[String: Any]])?.map { $0["consumer"] as? String } == ["finance-reporting"])

        try cli.write("signoff.policy.yaml", "policy: consumer-signoff\nconsumers:\n  approvalForBreaking: true\n")
        #expect(try cli.run("policy", "adopt", "signoff.policy.yaml").status == 0)
        let refused = try cli.run("publish", "orders-2.yaml")
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("approval-required"), "\(refused.stderr)")
        #expect(refused.stderr.contains("dcl approve sales.orders --version 2.0.0 --consumer finance-reporting"), "\(refused.stderr)")
        #expect(try cli.run("approve", "sales.orders", "--version", "2.0.0", "--consumer", "nobody").status == 1)
        let approve = try cli.run("approve", "sales.orders", "--version", "2.0.0", "--consumer", "finance-reporting", "--actor", "fin-lead")
        #expect(approve.status == 0, "\(approve.stderr)")
        let published = try cli.run("publish", "orders-2.yaml")
        #expect(published.status == 0, "\(published.stderr)")
        #expect(published.stdout.contains("breaks consumer finance-reporting reads orders.amount, removed here (signed off)"), "\(published.stdout)")

        // The breaking change is a notification for the consumer it breaks; a deprecation notifies every consumer.
        #expect(try cli.run("deprecate", "sales.orders", "--reason", "use sales.orders_v3").status == 0)
        let notices = try #require(try Self.json(try cli.run("consumer", "notifications", "--json").stdout) as? [[String: Any]])
        #expect(notices.map { $0["kind"] as? String } == ["breaking-change", "deprecation"])
        #expect(notices[0]["consumers"] as? [String] == ["finance-reporting"])
        #expect(notices[1]["consumers"] as? [String] == ["finance-reporting", "ops"])
        let forOps = try #require(try Self.json(try cli.run("consumer", "notifications", "--consumer", "ops", "--json").stdout) as? [[String: Any]])
        #expect(forOps.count == 1)

        let list = try cli.run("consumer", "list", "sales.orders")
        #expect(list.stdout.contains("finance-reporting") && list.stdout.contains("2.0.0"))
        #expect(try cli.run("consumer", "unsubscribe", "sales.orders", "--consumer", "ops").status == 0)
        #expect(try cli.run("consumer", "unsubscribe", "sales.orders", "--consumer", "ops").status == 1)
    }

    @Test func maturityOnTheDemoLedgerChangesWithTheLedger() throws {
        let cli = try CLIHarness()
        defer { cli.remove() }
        let demo = try cli.run("demo", "--ledger", cli.path("mesh/ledger.db"))
        #expect(demo.status == 0, "\(demo.stderr)")
        #expect(demo.stdout.contains("adopt policy pii-classified"), "\(demo.stdout)")
        #expect(demo.stdout.contains("refused by the policy"), "\(demo.stdout)")
        #expect(demo.stdout.contains("finance-reporting reads order_count, revenue"), "\(demo.stdout)")
        #expect(demo.stdout.contains("Maturity (dcl mesh maturity)") && demo.stdout.contains("federated_governance: level"), "\(demo.stdout)")

        func maturity() throws -> [String: [String: Any]] {
            let result = try cli.run("mesh", "maturity", "--json", "--ledger", cli.path("mesh/ledger.db"))
            #expect(result.status == 0, "\(result.stderr)")
            let object = try #require(try Self.json(result.stdout) as? [String: Any])
            let principles = try #require(object["principles"] as? [[String: Any]])
            return Dictionary(uniqueKeysWithValues: principles.map { ($0["principle"] as? String ?? "", $0) })
        }
        let before = try maturity()
        #expect(Set(before.keys) == ["domain_ownership", "data_as_product", "self_serve_platform", "federated_governance"])
        for principle in before.values {
            #expect((1...5).contains(principle["level"] as? Int ?? 0))
            #expect((principle["evidence"] as? [String])?.isEmpty == false)
        }
        let governance = try #require(before["federated_governance"])
        #expect((governance["evidence"] as? [String])?.contains { $0.contains("1 policy adopted") } == true, "\(governance)")

        // The ledger changes: a second policy, a consumer for the third contract, a platform request for sales.
        try cli.write("owner.policy.yaml", "policy: owned\nrequire:\n  owner: true\n")
        #expect(try cli.run("policy", "adopt", "owner.policy.yaml", "--ledger", cli.path("mesh/ledger.db")).status == 0)
        #expect(try cli.run("consumer", "subscribe", "marketing.campaign_performance", "--consumer", "bi", "--ledger", cli.path("mesh/ledger.db")).status == 0)
        let request = try cli.run("platform", "request", "--domain", "sales", "--product", "revenue_metrics", "--tier", "small",
                                  "--ledger", cli.path("mesh/ledger.db"))
        #expect(request.status == 0, "\(request.stderr)")
        let after = try maturity()
        #expect((after["federated_governance"]?["score"] as? Double ?? 0) > (governance["score"] as? Double ?? 0))
        #expect((after["federated_governance"]?["evidence"] as? [String])?.contains { $0.contains("2 policies adopted") } == true)
        #expect((after["self_serve_platform"]?["evidence"] as? [String])?.contains { $0.contains("2 of 2 domain(s) requested") } == true,
                "\(after["self_serve_platform"] ?? [:])")

        let metrics = try #require(try Self.json(try cli.run("mesh", "metrics", "--json", "--ledger", cli.path("mesh/ledger.db")).stdout) as? [String: Any])
        let mesh = try #require(metrics["mesh"] as? [String: Any])
        #expect(mesh["contracts"] as? Int == 3)
        #expect(mesh["consumers"] as? Int == 3)
        #expect(mesh["crossDomainConsumers"] as? Int == 2)
        #expect(mesh["platformRequests"] as? Int == 2)
        #expect((metrics["performance"] as? [[String: Any]])?.contains { $0["metric"] as? String == "Data Quality" && $0["measured"] is String } == true)
    }

    @Test func platformRequestLifecycle() throws {
        let cli = try CLIHarness()
        defer { cli.remove() }
        let request = try cli.run("platform", "request", "--domain", "marketing", "--product", "campaign_performance", "--tier", "medium",
                                  "--storage", "100", "--actor", "mia")
        #expect(request.status == 0, "\(request.stderr)")
        let id = try #require(request.stdout.split(separator: "\n").last?.replacingOccurrences(of: "request id: ", with: ""))
        #expect(try cli.run("platform", "provisioned", id).status == 1, "only an approved request is provisioned")
        #expect(try cli.run("platform", "reject", id, "--reason", " ").status == 1)
        #expect(try cli.run("platform", "approve", id, "--actor", "platform-team").status == 0)
        #expect(try cli.run("platform", "provisioned", id, "--note", "marketing-wh-medium").status == 0)
        let list = try #require(try Self.json(try cli.run("platform", "list", "--json").stdout) as? [[String: Any]])
        #expect(list.first?["status"] as? String == "provisioned")
        #expect(list.first?["requestedBy"] as? String == "mia")
        #expect(list.first?["decidedBy"] as? String == "platform-team")
        #expect(try cli.run("platform", "request", "--domain", "marketing", "--product", "x", "--tier", "huge").status == 2)

        // A template per tier: the freshness the tier delivers, and the tier kept as a custom property.
        let initialized = try cli.run("init", "--domain", "marketing", "--product", "campaign_performance", "--tier", "large")
        #expect(initialized.status == 0, "\(initialized.stderr)")
        let template = String(decoding: try cli.read("campaign_performance.odcs.yaml"), as: UTF8.self)
        #expect(template.contains("property: computeTier") && template.contains("value: large"))
        #expect(try cli.run("publish", "campaign_performance.odcs.yaml").status == 0)
        let shown = try #require(try Self.json(try cli.run("show", "marketing.campaign_performance", "--json").stdout) as? [String: Any])
        let level = (shown["contract"] as? [String: Any])?["serviceLevel"] as? [String: Any]
        #expect(level?["freshness"] as? String == "6h", "\(shown)")
        #expect(try cli.run("platform", "request", "--domain", "marketing", "--product", "x", "--tier", "small", "--storage", "100000").status == 1)
    }
}
