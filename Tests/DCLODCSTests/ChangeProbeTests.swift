import DCLDomain
import DCLODCS
import Testing

/// One probe per change kind: a base ODCS document changed in one place must be reported with
/// that kind, at that path, with that grade (`ContractChangeClassifier` under the current rules,
/// which adds `DocumentDiff` to the model diff).
@Suite struct ChangeProbeTests {
    static let base = """
        apiVersion: v3.1.0
        kind: DataContract
        id: sales.orders
        version: 1.0.0
        status: active
        domain: sales
        dataProduct: orders
        description:
          purpose: Orders as sold
          usage: Daily revenue
        tags: [sales]
        team:
          members:
            - username: owner@example.com
              role: owner
        roles:
          - role: analyst
            access: read
        servers:
          - server: prod
            type: postgres
            host: db.example.com
        support:
          - channel: '#orders'
            tool: slack
        authoritativeDefinitions:
          - type: canonical
            url: https://example.com/orders
        customProperties:
          - property: costCenter
            value: cc-1
        schema:
          - name: orders
            physicalName: orders_v1
            physicalType: table
            quality:
              - name: row_check
                type: sql
                query: SELECT COUNT(*) FROM orders
                mustBeGreaterThan: 0
              - name: enough_rows
                metric: rowCount
                mustBeGreaterThan: 100
            properties:
              - name: id
                logicalType: string
                physicalType: varchar(10)
                physicalName: order_id
                required: true
                logicalTypeOptions:
                  minLength: 1
                  maxLength: 10
                relationships:
                  - type: foreignKey
                    to: customers.id
              - name: status
                logicalType: string
                required: true
                logicalTypeOptions:
                  enum: [new, paid, shipped]
              - name: amount
                logicalType: number
                required: true
                logicalTypeOptions:
                  exclusiveMinimum: 0
                  exclusiveMaximum: 100
                quality:
                  - name: amount_present
                    metric: nullValues
                    mustBe: 0
                    severity: error
              - name: note
                logicalType: string
        slaProperties:
          - property: frequency
            value: 1
            unit: d
            element: orders.id
          - property: timeOfAvailability
            value: 09:00-08:00
            element: orders.id

        """

    struct Probe: CustomTestStringConvertible, Sendable {
        var name: String
        var replace: String
        var with: String
        var kind: ContractChange.Kind
        var path: String
        var grade: ChangeSeverity
        var testDescription: String { name }
    }

    static let probes: [Probe] = [
        Probe(name: "relationship removed", replace: "        relationships:\n          - type: foreignKey\n            to: customers.id\n", with: "",
              kind: .relationshipRemoved, path: "orders.id.relationships", grade: .breakingForConsumers),
        Probe(name: "relationship retargeted", replace: "to: customers.id", with: "to: clients.id",
              kind: .relationshipChanged, path: "orders.id.relationships", grade: .breakingForBoth),
        Probe(name: "enum value added", replace: "[new, paid, shipped]", with: "[new, paid, shipped, lost]",
              kind: .enumValuesChanged, path: "orders.status.logicalTypeOptions.enum", grade: .breakingForConsumers),
        Probe(name: "enum value removed", replace: "[new, paid, shipped]", with: "[new, paid]",
              kind: .enumValuesChanged, path: "orders.status.logicalTypeOptions.enum", grade: .breakingForBoth),
        Probe(name: "minLength loosened", replace: "minLength: 1", with: "minLength: 0",
              kind: .constraintChanged, path: "orders.id.logicalTypeOptions.minLength", grade: .breakingForConsumers),
        Probe(name: "maxLength narrowed", replace: "maxLength: 10", with: "maxLength: 5",
              kind: .constraintChanged, path: "orders.id", grade: .breakingForProducers),
        Probe(name: "exclusiveMinimum tightened", replace: "exclusiveMinimum: 0", with: "exclusiveMinimum: 1",
              kind: .constraintChanged, path: "orders.amount.logicalTypeOptions.exclusiveMinimum", grade: .breakingForProducers),
        Probe(name: "exclusiveMaximum loosened", replace: "exclusiveMaximum: 100", with: "exclusiveMaximum: 200",
              kind: .constraintChanged, path: "orders.amount.logicalTypeOptions.exclusiveMaximum", grade: .breakingForConsumers),
        Probe(name: "length narrowed in physicalType", replace: "varchar(10)", with: "varchar(5)",
              kind: .constraintChanged, path: "orders.id.physicalType", grade: .breakingForProducers),
        Probe(name: "object physicalName", replace: "physicalName: orders_v1", with: "physicalName: orders_v2",
              kind: .physicalNameChanged, path: "orders.physicalName", grade: .breakingForConsumers),
        Probe(name: "property physicalName", replace: "physicalName: order_id", with: "physicalName: id",
              kind: .physicalNameChanged, path: "orders.id.physicalName", grade: .breakingForConsumers),
        Probe(name: "sql rule changed", replace: "SELECT COUNT(*) FROM orders", with: "SELECT COUNT(*) FROM orders WHERE paid",
              kind: .qualityRuleChanged, path: "orders.quality[row_check].query", grade: .breakingForBoth),
        Probe(name: "rule severity lowered", replace: "severity: error", with: "severity: warning",
              kind: .qualitySeverityChanged, path: "orders.amount.quality[amount_present].severity", grade: .breakingForConsumers),
        Probe(name: "row count loosened", replace: "mustBeGreaterThan: 100", with: "mustBeGreaterThan: 10",
              kind: .qualityRuleChanged, path: "enough_rows", grade: .breakingForConsumers),
        Probe(name: "null rule removed", replace: "          - name: amount_present\n            metric: nullValues\n            mustBe: 0\n            severity: error\n",
              with: "", kind: .qualityRuleRemoved, path: "amount_present", grade: .breakingForConsumers),
        Probe(name: "rule renamed", replace: "name: enough_rows", with: "name: volume",
              kind: .qualityRuleRenamed, path: "volume", grade: .info),
        Probe(name: "freshness loosened", replace: "    value: 1\n    unit: d", with: "    value: 2\n    unit: d",
              kind: .slaChanged, path: "sla.freshness", grade: .breakingForConsumers),
        Probe(name: "SLA element", replace: "    value: 1\n    unit: d\n    element: orders.id", with: "    value: 1\n    unit: d\n    element: orders.status",
              kind: .slaChanged, path: "slaProperties[frequency].element", grade: .breakingForBoth),
        Probe(name: "time of availability later", replace: "value: 09:00-08:00", with: "value: 11:00-08:00",
              kind: .slaChanged, path: "slaProperties[timeOfAvailability].value", grade: .breakingForConsumers),
        Probe(name: "description usage", replace: "usage: Daily revenue", with: "usage: Weekly revenue",
              kind: .descriptionChanged, path: "description.usage", grade: .info),
        Probe(name: "tags", replace: "tags: [sales]", with: "tags: [sales, gold]", kind: .tagsChanged, path: "tags", grade: .info),
        Probe(name: "custom property", replace: "value: cc-1", with: "value: cc-2",
              kind: .customPropertyChanged, path: "customProperties[costCenter]", grade: .info),
        Probe(name: "authoritative definition", replace: "url: https://example.com/orders", with: "url: https://example.com/v2/orders",
              kind: .authoritativeDefinitionChanged, path: "authoritativeDefinitions[https://example.com/orders]", grade: .info),
        Probe(name: "role", replace: "access: read", with: "access: write", kind: .roleChanged, path: "roles[analyst].access", grade: .info),
        Probe(name: "server changed", replace: "host: db.example.com", with: "host: db2.example.com",
              kind: .serverChanged, path: "servers[prod].host", grade: .breakingForConsumers),
        Probe(name: "server removed", replace: "  - server: prod\n    type: postgres\n    host: db.example.com\n", with: "  - server: test\n    type: postgres\n    host: t.example.com\n",
              kind: .serverRemoved, path: "servers[prod]", grade: .breakingForConsumers),
        Probe(name: "support channel", replace: "tool: slack", with: "tool: teams", kind: .supportChanged, path: "support[#orders].tool", grade: .info),
        Probe(name: "team member", replace: "      role: owner\n", with: "      role: owner\n    - username: bo\n      role: steward\n",
              kind: .teamChanged, path: "team.members[bo]", grade: .info),
        Probe(name: "required field removed", replace: "      - name: amount\n", with: "      - name: amount_eur\n",
              kind: .fieldRemoved, path: "orders.amount", grade: .breakingForConsumers),
        Probe(name: "optional field added", replace: "      - name: note\n", with: "      - name: channel\n        logicalType: string\n      - name: note\n",
              kind: .fieldAdded, path: "orders.channel", grade: .info),
        Probe(name: "made nullable", replace: "        required: true\n        logicalTypeOptions:\n          enum", with: "        required: false\n        logicalTypeOptions:\n          enum",
              kind: .requiredChanged, path: "orders.status", grade: .breakingForConsumers),
    ]

    static func read(_ text: String) throws -> ODCSReadResult { try ODCSReader.read(yaml: text, file: "probe.yaml") }

    @Test func theBaseReadsAndHasNoChangesAgainstItself() throws {
        let base = try Self.read(Self.base)
        #expect(base.contract.quality.map(\.name).sorted() == ["amount_present", "enough_rows"])
        #expect(ContractChangeClassifier.classify(from: base.contract, to: base.contract, documents: (base.document, base.document), rules: .current).isEmpty)
    }

    @Test(arguments: probes)
    func probe(_ probe: Probe) throws {
        #expect(Self.base.contains(probe.replace), "probe \(probe.name) does not apply")
        let old = try Self.read(Self.base)
        let new = try Self.read(Self.base.replacingOccurrences(of: probe.replace, with: probe.with).replacingOccurrences(of: "version: 1.0.0", with: "version: 1.1.0"))
        let changes = ContractChangeClassifier.classify(from: old.contract, to: new.contract, documents: (old.document, new.document), rules: .current)
        let found = changes.filter { $0.change.kind == probe.kind && $0.change.path == probe.path }
        #expect(found.count == 1, "\(probe.name): \(changes.map(\.description))")
        #expect(found.first?.severity == probe.grade, "\(probe.name): \(found.map(\.description))")
        // Under the default (consumer-first) mode, anything that breaks consumers needs a major version.
        let decision = ContractChangeClassifier.requiredBump(from: old.contract, to: new.contract, mode: .default, history: [],
                                                             documents: (old.document, new.document))
        if probe.grade == .breakingForConsumers || probe.grade == .breakingForBoth {
            #expect(decision.computed == .major && !decision.accepted, "\(probe.name): \(decision.reasons)")
            #expect(decision.reasons.contains { $0.contains("publish it as 2.0.0") }, "\(decision.reasons)")
        } else {
            #expect(decision.computed < .major && decision.accepted, "\(probe.name): \(decision.reasons)")
        }
    }

    /// Grades recorded in events are upcast for old `SchemaChanged` payloads from this table;
    /// every kind has one, and the documentation lists every kind.
    @Test func everyKindHasAUsualGrade() {
        for kind in ContractChange.Kind.allCases { #expect(!kind.usualGrade.reason.isEmpty) }
    }
}
