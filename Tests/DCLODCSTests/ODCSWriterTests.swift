import DCLDomain
@testable import DCLODCS
import Testing

@Suite struct ODCSWriterTests {
    /// `read(yaml(document(for: c))).contract == c`.
    func roundTrip(_ contract: DataContract, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let yaml = ODCSWriter.yaml(for: ODCSWriter.document(for: contract))
        let reread = try ODCSReader.read(yaml: yaml, file: "written.yaml").contract
        #expect(reread == contract, "\n\(yaml)", sourceLocation: sourceLocation)
        if reread != contract {
            #expect(reread.schema == contract.schema, sourceLocation: sourceLocation)
            #expect(reread.quality == contract.quality, sourceLocation: sourceLocation)
        }
    }

    @Test func seedContractRoundTrips() throws {
        try roundTrip(try ODCSReader.read(yaml: Fixtures.seedRevenueMetrics, file: "seed.yaml").contract)
    }

    @Test func richContractRoundTrips() throws {
        try roundTrip(try ODCSReader.read(yaml: Fixtures.orders, file: "orders.yaml").contract)
    }

    @Test func nestedObjectsArraysAndTrickyTextRoundTrip() throws {
        let yaml = """
            apiVersion: v3.0.2
            kind: DataContract
            id: "urn:dc:1"
            version: 3.0.0+build.7
            status: proposed
            domain: marketing.web
            name: "yes"
            description: |
              Line one.
              Line two: with a colon.
            team: {members: [{username: web@example.com, role: OWNER}]}
            tags: ["1.0", "null", "true", "#hash", "a, b"]
            schema:
              - name: sessions
                properties:
                  - name: session_id
                    logicalType: string
                    logicalTypeOptions: {format: uuid}
                    required: true
                  - name: amount
                    logicalType: number
                    logicalTypeOptions: {minimum: -1.5, maximum: 1e6}
                    quality:
                      - {metric: nullValues, mustBe: 0, severity: warning}
                  - name: device
                    logicalType: object
                    properties:
                      - name: os
                        logicalType: string
                        required: true
                        logicalTypeOptions: {pattern: "^(ios|android)$"}
                      - name: screen
                        logicalType: object
                        required: true
                        properties:
                          - name: width
                            logicalType: integer
                            logicalTypeOptions: {minimum: 0}
                            quality:
                              - {type: custom, engine: dcl, implementation: "range(0, 10000)", name: sane_width}
                  - name: events
                    logicalType: array
                    required: true
                    items:
                      name: event
                      logicalType: object
                      properties:
                        - {name: at, logicalType: timestamp, physicalType: "timestamp(6)", required: true}
                        - {name: kind, logicalType: string}
                  - name: scores
                    logicalType: array
                    items: {logicalType: array, items: {logicalType: number, required: false}}
                  - name: raw
                    physicalType: BYTEA
                  - name: at_time
                    logicalType: time
                quality:
                  - {type: row_count, min: 1, max: 1}
                  - {type: custom, engine: dcl, implementation: "freshness(90m)", description: "Sessions arrive within 90 minutes."}
                  - {type: accepted_values, column: device.os, values: ["ios", "android", "a, b", "2"]}
              - name: pages
                properties:
                  - name: amount
                    logicalType: integer
                    logicalTypeOptions: {minimum: 5}
                  - name: url
                    logicalType: string
                    required: true
                    quality:
                      - {type: regex, pattern: "^https?://[^ ]+$"}
                      - {type: custom, engine: dcl, implementation: "row_count(-, -)"}
            quality:
              - {type: not_null, column: url}
              - {metric: rowCount, mustBeLessThan: 100, name: range_amount}
            slaProperties:
              - {property: latency, value: 30, unit: m}
              - {property: freshness, value: weekly}
              - {property: availability, value: "99.95%"}
              - {property: retention, value: 18, unit: months}
            customProperties:
              - {property: dcl.qualityThreshold, value: "0.9"}
            """
        let contract = try ODCSReader.read(yaml: yaml, file: "sessions.yaml").contract
        // Both `amount` fields derive a range rule; the explicit `range_amount` takes the plain name.
        #expect(contract.quality.map(\.name).filter { $0.hasPrefix("range_") }.sorted()
                == ["range_amount", "range_device.screen.width", "range_pages_amount", "range_sessions_amount"])
        #expect(contract.validationProblems.isEmpty, "\(contract.validationProblems)")
        try roundTrip(contract)
    }

    @Test func avroOnlyTypesTravelAsDCLCustomProperties() throws {
        let status = EnumSchema(name: "Status", symbols: ["OPEN", "CLOSED"])
        let contract = DataContract(
            id: ContractID("avro-import")!, domain: DomainName("sales")!, dataProduct: "imported",
            version: SemanticVersion("1.0.0")!, owner: EmailAddress("o@example.com")!,
            schema: [RecordSchema(name: "imported", fields: [
                FieldSchema(name: "status", type: .enumeration(status), defaultValue: .string("OPEN")),
                FieldSchema(name: "attributes", type: .map(.string).optional, defaultValue: .null),
                FieldSchema(name: "choice", type: .union([.int, .string])),
                FieldSchema(name: "count", type: .long, defaultValue: .number("0")),
                FieldSchema(name: "hash", type: .fixed(FixedSchema(name: "MD5", size: 16))),
            ])])
        let document = ODCSWriter.document(for: contract)
        let properties = try #require(document["schema"]?.arrayValue?.first?["properties"]?.arrayValue)
        #expect(properties[0]["customProperties"]?.arrayValue?.first?["property"] == .string("dcl.avroType"))
        #expect(properties[3]["customProperties"] == .array([.object(["property": "dcl.default", "value": .number("0")])]))
        #expect(properties[3]["logicalTypeOptions"] == .object(["format": "i64"]))
        try roundTrip(contract)
    }

    @Test func libraryMetricsWhereExactCustomRulesOtherwise() throws {
        let contract = try ODCSReader.read(yaml: Fixtures.seedRevenueMetrics, file: "seed.yaml").contract
        let document = ODCSWriter.document(for: contract)
        let properties = try #require(document["schema"]?.arrayValue?.first?["properties"]?.arrayValue)
        #expect(properties[0]["quality"] == .array([
            .object(["metric": "nullValues", "mustBe": .number("0")]),
            .object(["metric": "duplicateValues", "mustBe": .number("0")]),
        ]))
        #expect(properties[1]["quality"] == .array([
            .object(["type": "custom", "engine": "dcl", "implementation": "range(0, 10000000)"]),
        ]))
        #expect(properties[1]["logicalType"] == .string("number"))
        #expect(properties[1]["physicalType"] == .string("decimal(14,2)"))
        #expect(properties[1]["required"] == .bool(true))
        #expect(document["slaProperties"] == .array([
            .object(["property": "latency", "value": .number("2"), "unit": "h"]),
            .object(["property": "frequency", "value": .number("4"), "unit": "h"]),
        ]))
        #expect(document["customProperties"] == .array([.object(["property": "qualityThreshold", "value": .number("0.995")])]))
        #expect(document["apiVersion"] == .string("v3.1.0"))
    }

    @Test func derivedRulesAreNotWrittenTwice() throws {
        let contract = try ODCSReader.read(yaml: Fixtures.orders, file: "orders.yaml").contract
        let document = ODCSWriter.document(for: contract)
        let quantity = try #require(document["schema"]?.arrayValue?.first?["properties"]?.arrayValue?[3])
        #expect(quantity["name"] == .string("quantity"))
        #expect(quantity["quality"] == nil)
        #expect(quantity["logicalTypeOptions"] == .object(["minimum": .number("1"), "maximum": .number("1000")]))
    }

    @Test func storedSourceDocumentsSurviveYAML() throws {
        let result = try ODCSReader.read(yaml: Fixtures.orders, file: "orders.yaml")
        let reread = try ODCSReader.read(yaml: ODCSWriter.yaml(for: result.document), file: "orders.yaml")
        #expect(reread.document == result.document)
        #expect(reread.contract == result.contract)
    }

    @Test func awkwardTextAndNumbersSurviveYAML() throws {
        let strings = ["a\nb", "  lead", "trail ", "", "- dash", "key: value", "#", "'quote", "\"dq", "tab\there",
                       "unicode é ✓", "null", "~", "0x1F", "1e3", ".inf", "2024-01-01", "yes", "on", "12:30", "=", "<<",
                       "@at", "`tick", "%pct", "multi\n\nblank\n", "trailing\n\n", "  indented\nblock", "[x]", "{y}"]
        let numbers = ["0", "-0", "1.50", "-2.5e-3", "1E+5", "123456789012345678901234567890", "0.995"]
        var document = try ODCSReader.read(yaml: Fixtures.minimal, file: "c.yaml").document.objectValue!
        document["x-strings"] = .array(strings.map(JSONValue.string))
        document["x-numbers"] = .array(numbers.map(JSONValue.number))
        document["x-nested"] = .object(["empty list": .array([]), "empty map": .object([:]), "flag": .bool(false), "nil": .null])
        let yaml = ODCSWriter.yaml(for: .object(document))
        let reread = try ODCSReader.read(yaml: yaml, file: "c.yaml").document
        #expect(reread == .object(document), "\n\(yaml)")
    }

    @Test func keysFollowTheODCSOrder() throws {
        let result = try ODCSReader.read(yaml: Fixtures.orders, file: "orders.yaml")
        let yaml = ODCSWriter.yaml(for: result.document)
        let topLevel = yaml.split(separator: "\n").filter { $0.first?.isLetter == true }.map { String($0.prefix { $0 != ":" }) }
        #expect(topLevel == ["apiVersion", "kind", "id", "name", "version", "status", "domain", "dataProduct", "tenant",
                             "description", "team", "tags", "schema", "quality", "slaProperties", "customProperties",
                             "servers", "support", "x-custom"])
        #expect(ODCSWriter.yaml(for: result.document) == yaml)  // stable
        #expect(yaml.contains("  enabled: \"yes\"\n"))       // text that reads as a boolean elsewhere is quoted
        #expect(yaml.contains("tags: [orders, crm]\n"))
    }

    @Test func scaffoldIsAValidStarter() throws {
        let yaml = ODCSTemplate.scaffold(domain: DomainName("sales")!, product: "revenue_metrics",
                                         id: ContractID("urn:sales:revenue_metrics")!, owner: EmailAddress("team@example.com")!)
        #expect(yaml.contains("# "))
        let contract = try ODCSReader.read(yaml: yaml, file: "revenue_metrics.yaml").contract
        #expect(contract.id.rawValue == "urn:sales:revenue_metrics")
        #expect(contract.status == .draft)
        #expect(contract.version == SemanticVersion("0.1.0"))
        #expect(contract.owner?.rawValue == "team@example.com")
        #expect(contract.schema.map(\.name) == ["revenue_metrics"])
        let fields = contract.schema[0].fields
        #expect(fields.count == 3)
        #expect(fields.contains { $0.primaryKey && $0.isRequired })
        #expect(fields.contains { !$0.isRequired && $0.defaultValue == .null })
        #expect(contract.quality.map(\.kind.keyword).sorted() == ["not_null", "unique"])
        #expect(contract.serviceLevel == ServiceLevel(slaHours: 4, freshness: TimeSpan("daily")!))
        #expect(contract.qualityThreshold == NumericLiteral("0.99"))
        #expect(contract.validationProblems.isEmpty)
    }

    @Test func scaffoldQuotesAwkwardProductNames() throws {
        let yaml = ODCSTemplate.scaffold(domain: DomainName("sales")!, product: "Orders: \"EU\" #1",
                                         id: ContractID("orders#1")!, owner: EmailAddress("team@example.com")!)
        let contract = try ODCSReader.read(yaml: yaml, file: "orders.yaml").contract
        #expect(contract.dataProduct == "Orders: \"EU\" #1")
        #expect(contract.schema.first?.name == "Orders: \"EU\" #1")
        #expect(contract.id.rawValue == "orders#1")
    }
}
