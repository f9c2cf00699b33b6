import DCLDomain
@testable import DCLODCS
import Testing

@Suite struct ODCSReaderTests {
    @Test func seedRevenueMetricsReadsAsTheSeedContract() throws {
        let result = try ODCSReader.read(yaml: Fixtures.seedRevenueMetrics, file: "revenue_metrics.yaml")
        let expected = DataContract(
            id: ContractID("sales-revenue-metrics")!, domain: DomainName("sales")!, dataProduct: "revenue_metrics",
            name: "revenue_metrics", version: SemanticVersion("1.0.0")!, status: .active,
            description: "Daily revenue and order counts of the sales domain.",
            owner: EmailAddress("sales-engineering@example.com")!, tags: ["sales", "revenue"],
            schema: [RecordSchema(name: "revenue_metrics", doc: "One row per day.", fields: [
                FieldSchema(name: "date", type: .date, primaryKey: true, physicalType: "date"),
                FieldSchema(name: "revenue", type: .decimal(DecimalType(precision: 14, scale: 2)), physicalType: "decimal(14,2)"),
                FieldSchema(name: "order_count", type: .int, physicalType: "integer"),
            ], physicalType: "table")],
            quality: [
                QualityRule(kind: .notNull, object: "revenue_metrics", column: "date"),
                QualityRule(kind: .unique, object: "revenue_metrics", column: "date"),
                QualityRule(kind: .range(min: NumericLiteral("0"), max: NumericLiteral("10000000")),
                            object: "revenue_metrics", column: "revenue"),
            ],
            serviceLevel: ServiceLevel(slaHours: 2, freshness: .hours(4)),
            qualityThreshold: NumericLiteral("0.995")!)
        #expect(result.contract == expected)
        #expect(result.contract.quality.map(\.name) == ["not_null_date", "unique_date", "range_revenue"])
        #expect(result.contract.validationProblems.isEmpty)
        #expect(result.document["customProperties"]?.arrayValue?.first?["value"] == .number("0.995"))
    }

    @Test func richDocumentMapsTypesRulesAndServiceLevel() throws {
        let contract = try ODCSReader.read(yaml: Fixtures.orders, file: "orders.yaml").contract
        #expect(contract.id.rawValue == "urn:datacontract:sales:orders")
        #expect(contract.name == "Orders")
        #expect(contract.dataProduct == "crm_orders")
        #expect(contract.version == SemanticVersion(major: 2, minor: 1, patch: 0, prerelease: ["rc", "1"]))
        #expect(contract.status == .draft)  // written `Draft`
        #expect(contract.owner?.rawValue == "orders-team@example.com")  // the v3.0 list, role `Owner`
        #expect(contract.description == "Orders captured by the CRM.")
        #expect(contract.tags == ["orders", "crm"])

        let orders = try #require(contract.schema.first)
        #expect(orders.name == "orders")
        #expect(orders.physicalName == "orders_v2")
        #expect(orders.physicalType == "table")
        #expect(orders.fields.map(\.name) == ["order_id", "status", "email", "quantity", "total", "shipped_at",
                                               "shipping_address", "line_items", "labels"])
        let field = { (name: String) in orders.field(named: name)! }

        #expect(field("order_id").type == .uuid)
        #expect(field("order_id").unique && field("order_id").primaryKey)
        #expect(field("order_id").primaryKeyPosition == 1)
        #expect(field("order_id").classification == "internal")
        #expect(field("order_id").tags == ["key"])
        #expect(field("order_id").defaultValue == nil)

        #expect(field("status").type == .string)
        #expect(field("email").type == .union([.null, .string]))
        #expect(field("email").defaultValue == .null)
        #expect(field("email").maxLength == 200)
        #expect(field("email").pattern == "^[^@]+@[^@]+$")
        #expect(field("quantity").type == .long)
        #expect(field("quantity").minimum == NumericLiteral("1"))
        #expect(field("quantity").maximum == NumericLiteral("1000"))
        #expect(field("total").type == .union([.null, .decimal(DecimalType(precision: 12, scale: 2))]))
        #expect(field("total").physicalType == "numeric(12, 2)")
        #expect(field("shipped_at").type == .union([.null, .timestampMicros]))
        #expect(field("shipped_at").minimum == nil)  // a date bound stays in the document only

        #expect(field("shipping_address").type == .record(RecordSchema(name: "shipping_address", fields: [
            FieldSchema(name: "city", type: .string),
            FieldSchema(name: "zip", type: .union([.null, .string]), defaultValue: .null),
        ])))
        #expect(field("line_items").type == .union([.null, .array(.record(RecordSchema(name: "line_items", fields: [
            FieldSchema(name: "sku", type: .string),
            FieldSchema(name: "price", type: .union([.null, .decimal(DecimalType(precision: 10, scale: 2))]),
                        defaultValue: .null, physicalType: "decimal(10,2)"),
        ])))]))
        #expect(field("labels").type == .union([.null, .array(.string)]))

        let rules = contract.quality.map { "\($0.name) \($0.object ?? "-").\($0.column ?? "-") \($0.kind.expression)" }
        #expect(rules == [
            "orders_not_empty orders.- row_count(1, -)",
            "freshness_orders orders.- freshness(4h)",
            "not_null_order_id orders.order_id not_null",
            "accepted_values_status orders.status accepted_values(open, shipped, cancelled)",
            "regex_email orders.email regex(^[^@]+@[^@]+$)",
            "range_quantity orders.quantity range(1, 1000)",
            "not_null_shipping_address.city orders.shipping_address.city not_null",
            "row_count -.- row_count(1, 5000000)",
        ])
        let status = try #require(contract.quality.first { $0.name == "accepted_values_status" })
        #expect(status.severity == "warning")
        #expect(status.description == "Only known statuses.")
        #expect(contract.quality.first?.severity == "error")

        #expect(contract.serviceLevel == ServiceLevel(slaHours: 24, freshness: TimeSpan(seconds: 1800),
                                                      availabilityPercent: NumericLiteral("99.9"), retention: "3y"))
        #expect(contract.qualityThreshold == NumericLiteral("0.995"))
        #expect(contract.validationProblems.isEmpty)
    }

    @Test func unknownSectionsAreKeptVerbatimInTheDocument() throws {
        let document = try ODCSReader.read(yaml: Fixtures.orders, file: "orders.yaml").document
        #expect(document["tenant"] == .string("acme"))
        #expect(document["servers"] == .array([.object([
            "server": "prod", "type": "postgres", "host": "db.example.com", "port": .number("5432"),
        ])]))
        #expect(document["support"]?.arrayValue?.first?["channel"] == .string("#orders"))
        #expect(document["slaProperties"]?.arrayValue?.last == .object(["property": "timeOfAvailability", "value": "06:00"]))
        #expect(document["customProperties"]?.arrayValue?.last == .object(["property": "ownerSlack", "value": "@orders"]))
        // Rules dcl does not check are documentation, still in the document.
        let objectQuality = try #require(document["schema"]?.arrayValue?.first?["quality"]?.arrayValue)
        #expect(objectQuality.count == 5)
        #expect(objectQuality[1]["query"] == .string("SELECT COUNT(*) FROM orders"))
        // The original spelling, not the contract's normalised one.
        #expect(document["status"] == .string("Draft"))
        #expect(document["team"]?.arrayValue?.count == 2)
    }

    @Test func yamlScalarsBecomeJSONValues() throws {
        let custom = try #require(try ODCSReader.read(yaml: Fixtures.orders, file: "orders.yaml").document["x-custom"])
        #expect(custom == .object([
            "enabled": .string("yes"),          // YAML 1.2: only true/false are booleans
            "ratio": .number("1.5"),            // `+1.5`
            "big": .number("1000"),             // `1_000`
            "half": .number("0.5"),             // `.5`
            "infinity": .string(".inf"),        // JSON has no infinity
            "launched": .string("2024-03-01"),  // dates keep their text
            "hex": .number("31"),               // `0x1F`
            "flag": .bool(true),
            "nothing": .null,
        ]))
    }

    @Test func yamlNumberNormalisation() {
        #expect(YAMLNumber.integerLiteral("+1") == "1")
        #expect(YAMLNumber.integerLiteral("-0012") == "-12")
        #expect(YAMLNumber.integerLiteral("0o17") == "15")
        #expect(YAMLNumber.integerLiteral("0b101") == "5")
        #expect(YAMLNumber.integerLiteral("0xFFFFFFFFFFFFFFFFFF") == nil)
        #expect(YAMLNumber.floatLiteral("5.") == "5")
        #expect(YAMLNumber.floatLiteral("-.5e3") == "-0.5e3")
        #expect(YAMLNumber.floatLiteral("1E+5") == "1E+5")
        #expect(YAMLNumber.floatLiteral("1_000.25") == "1000.25")
        #expect(YAMLNumber.floatLiteral("-.inf") == nil)
        #expect(YAMLNumber.floatLiteral(".NaN") == nil)
    }

    @Test func quotedAndOddScalarsStayText() throws {
        let yaml = Fixtures.minimal + """
            x-values:
              quoted: "1.0"
              on: on
              time: 12:30
              octalish: 017
              empty:
            """
        let values = try #require(try ODCSReader.read(yaml: yaml, file: "c.yaml").document["x-values"])
        #expect(values == .object(["quoted": "1.0", "on": "on", "time": "12:30", "octalish": .number("17"), "empty": .null]))
    }

    @Test func physicalTypesAloneInferTheType() throws {
        let cases: [(String, SchemaType)] = [
            ("decimal(14,2)", .decimal(DecimalType(precision: 14, scale: 2))), ("NUMERIC(5)", .decimal(DecimalType(precision: 5, scale: 0))),
            ("varchar(100)", .string), ("text", .string), ("uuid", .uuid), ("bytea", .bytes),
            ("integer", .int), ("int", .int), ("bigint", .long), ("double", .double), ("double precision", .double),
            ("float", .float), ("boolean", .boolean), ("date", .date), ("timestamp", .timestampMillis),
            ("TIMESTAMP(6)", .timestampMicros), ("timestamp with time zone", .timestampMillis), ("time", .timeMillis),
        ]
        for (physical, type) in cases {
            let yaml = Fixtures.minimal(replacingLine: 19, with: "        physicalType: \"\(physical)\"")
            let contract = try ODCSReader.read(yaml: yaml, file: "c.yaml").contract
            #expect(contract.schema[0].fields[1].type == .union([.null, type]), "\(physical)")
        }
    }

    @Test func logicalTypesWithOptionsAndPhysicalRefinements() throws {
        let cases: [(String, SchemaType)] = [
            ("logicalType: string, physicalType: VARBINARY(16)", .bytes),
            ("logicalType: string, logicalTypeOptions: {format: uuid}", .uuid),
            ("logicalType: integer, physicalType: int8", .long),
            ("logicalType: integer, logicalTypeOptions: {format: i64}", .long),
            ("logicalType: number", .double),
            ("logicalType: number, physicalType: real", .float),
            ("logicalType: number, logicalTypeOptions: {format: f32}", .float),
            ("logicalType: number, physicalType: numeric", .double),
            ("logicalType: timestamp, physicalType: timestamp_micros", .timestampMicros),
            ("logicalType: time", .timeMillis),
            ("logicalType: boolean", .boolean),
        ]
        for (attributes, type) in cases {
            let yaml = Fixtures.minimal(replacingLine: 19, with: "        required: true\n        \(attributes.replacing(", ", with: "\n        "))")
            let contract = try ODCSReader.read(yaml: yaml, file: "c.yaml").contract
            #expect(contract.schema[0].fields[1].type == type, "\(attributes)")
        }
    }

    @Test func seedStyleAndDCLRulesAreAccepted() throws {
        let yaml = Fixtures.minimal + """
                    quality:
                      - type: custom
                        engine: dcl
                        implementation: accepted_values(EUR, USD)
                        name: known_currency
            quality:
              - {type: not_null, column: id}
              - {type: range, column: amount, min: 0}
              - {type: accepted_values, column: amount, values: [1, 2]}
              - {type: regex, column: id, pattern: "^[a-z]+$"}
              - {type: row_count, min: 1}
              - {type: freshness, maxAge: 2d}
              - {type: custom, engine: dcl, implementation: "row_count(-, 100)"}
            """
        let contract = try ODCSReader.read(yaml: yaml, file: "c.yaml").contract
        #expect(contract.quality == [
            QualityRule(name: "known_currency", kind: .acceptedValues(["EUR", "USD"]), object: "orders", column: "amount"),
            QualityRule(kind: .notNull, column: "id"),
            QualityRule(kind: .range(min: NumericLiteral("0"), max: nil), column: "amount"),
            QualityRule(kind: .acceptedValues(["1", "2"]), column: "amount"),
            QualityRule(kind: .regex("^[a-z]+$"), column: "id"),
            QualityRule(kind: .rowCount(min: 1, max: nil)),
            QualityRule(kind: .freshness(maxAge: TimeSpan(seconds: 172_800))),
            QualityRule(kind: .rowCount(min: nil, max: 100)),
        ])
    }

    @Test func fewerThanOneRowMeansNone() throws {
        let yaml = Fixtures.minimal + "        quality:\n          - {metric: nullValues, mustBeLessThan: 1, unit: rows}\n"
        #expect(try ODCSReader.read(yaml: yaml, file: "c.yaml").contract.quality.map(\.kind) == [.notNull])
    }

    @Test func rowCountComparisonsMapToBounds() throws {
        let cases: [(String, Int64?, Int64?)] = [
            ("mustBe: 7", 7, 7), ("mustBeBetween: [2, 9]", 2, 9), ("mustBeGreaterThan: 0", 1, nil),
            ("mustBeGreaterOrEqualTo: 5", 5, nil), ("mustBeLessThan: 10", nil, 9), ("mustBeLessOrEqualTo: 10", nil, 10),
        ]
        for (comparison, min, max) in cases {
            let yaml = Fixtures.minimal + "quality:\n  - metric: rowCount\n    \(comparison)\n"
            let contract = try ODCSReader.read(yaml: yaml, file: "c.yaml").contract
            #expect(contract.quality.map(\.kind) == [.rowCount(min: min, max: max)], "\(comparison)")
        }
    }

    @Test func anchorsAliasesAndMergeKeysResolve() throws {
        let yaml = Fixtures.minimal(replacingLine: 19, with: "        <<: *money").replacing(
            "    properties:\n", with: "    x-defaults: &money {logicalType: number, physicalType: \"decimal(9,2)\", required: true}\n    properties:\n")
        let contract = try ODCSReader.read(yaml: yaml, file: "c.yaml").contract
        #expect(contract.schema[0].fields[1].type == .decimal(DecimalType(precision: 9, scale: 2)))
    }

    @Test func slaUnitsAndTextSpans() throws {
        let cases: [(String, Int, TimeSpan)] = [
            ("{property: latency, value: 90, unit: min}", 2, TimeSpan(seconds: 86_400)),
            ("{property: latency, value: 3}", 3, TimeSpan(seconds: 86_400)),
            ("{property: latency, value: 1.5, unit: hours}", 2, TimeSpan(seconds: 86_400)),
            ("{property: freshness, value: hourly}", 4, TimeSpan(seconds: 3600)),
            ("{property: frequency, value: 2, unit: days}", 4, TimeSpan(seconds: 172_800)),
        ]
        for (property, hours, freshness) in cases {
            let yaml = Fixtures.minimal + "slaProperties:\n  - \(property)\n"
            let level = try ODCSReader.read(yaml: yaml, file: "c.yaml").contract.serviceLevel
            #expect(level.slaHours == hours, "\(property)")
            #expect(level.freshness == freshness, "\(property)")
        }
    }

    @Test func defaultsApplyWhenOptionalSectionsAreAbsent() throws {
        let contract = try ODCSReader.read(yaml: Fixtures.minimal, file: "c.yaml").contract
        #expect(contract.name == "orders")
        #expect(contract.serviceLevel == ServiceLevel())
        #expect(contract.qualityThreshold == NumericLiteral("0.99"))
        #expect(contract.quality.isEmpty)
        #expect(contract.description == nil)
    }

    @Test func nameStandsInForAMissingDataProduct() throws {
        let yaml = Fixtures.minimal(replacingLine: 7, with: "name: Order Book\ndescription: plain text works too")
        let contract = try ODCSReader.read(yaml: yaml, file: "c.yaml").contract
        #expect(contract.dataProduct == "Order Book")
        #expect(contract.name == "Order Book")
        #expect(contract.description == "plain text works too")
    }

    @Test func storedDocumentsReadWithoutText() throws {
        let result = try ODCSReader.read(yaml: Fixtures.orders, file: "orders.yaml")
        #expect(try ODCSReader.contract(from: result.document, file: "stored") == result.contract)
    }
}
