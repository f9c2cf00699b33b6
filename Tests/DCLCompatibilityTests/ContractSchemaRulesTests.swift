import DCLDomain
import Testing

@Suite("Contract rules stricter than Avro")
struct ContractSchemaRulesTests {
    private func backward(_ old: RecordSchema, _ new: RecordSchema) -> [Incompatibility] {
        CompatibilityChecker.incompatibilities(reader: .record(new), writer: .record(old), path: old.name)
    }

    private func forward(_ old: RecordSchema, _ new: RecordSchema) -> [Incompatibility] {
        CompatibilityChecker.incompatibilities(reader: .record(old), writer: .record(new), path: old.name)
    }

    private func one(_ name: String, _ type: SchemaType, _ configure: (inout FieldSchema) -> Void = { _ in }) -> RecordSchema {
        var field = Build.field(name, type)
        configure(&field)
        return Build.record("revenue_metrics", [field])
    }

    @Test func decimalPrecisionNarrowed() throws {
        let old = one("revenue", .decimal(DecimalType(precision: 14, scale: 2)))
        let new = one("revenue", .decimal(DecimalType(precision: 10, scale: 2)))
        let finding = try #require(backward(old, new).first)
        #expect(backward(old, new).rules == [.decimalPrecisionNarrowed])
        #expect(finding.path == "revenue_metrics.revenue")
        #expect(finding.readerType == "decimal(10,2)")
        #expect(finding.writerType == "decimal(14,2)")
        // Widening is fine for new readers, but old readers cannot hold the new values.
        #expect(backward(new, old).isEmpty)
        #expect(forward(new, old).rules == [.decimalPrecisionNarrowed])
    }

    @Test func decimalScaleChangedEitherWay() {
        let old = one("revenue", .decimal(DecimalType(precision: 14, scale: 2)))
        let new = one("revenue", .decimal(DecimalType(precision: 14, scale: 3)))
        #expect(backward(old, new).rules == [.decimalScaleChanged])
        #expect(forward(old, new).rules == [.decimalScaleChanged])
        #expect(SchemaResolution.incompatibilities(reader: .record(new), writer: .record(old)).isEmpty, "plain Avro sees only bytes")
    }

    @Test func logicalTypeChanged() {
        let old = one("placed_at", .timestampMillis)
        #expect(backward(old, one("placed_at", .timestampMicros)).rules == [.logicalTypeChanged])
        #expect(backward(old, one("placed_at", .long)).rules == [.logicalTypeChanged])
        #expect(backward(one("placed_on", .date), one("placed_on", .int)).rules == [.logicalTypeChanged])
        // A uuid read as a plain string loses nothing.
        #expect(backward(one("id", .uuid), one("id", .string)).isEmpty)
        #expect(backward(one("id", .string), one("id", .uuid)).rules == [.logicalTypeChanged])
    }

    @Test func maxLengthNarrowed() {
        let old = one("name", .string) { $0.maxLength = 100 }
        let new = one("name", .string) { $0.maxLength = 50 }
        #expect(backward(old, new).rules == [.maxLengthNarrowed])
        #expect(forward(old, new).isEmpty)
        #expect(backward(one("name", .string), new).rules == [.maxLengthNarrowed], "no limit before is wider than any")
    }

    @Test func boundsNarrowed() {
        let old = one("qty", .int) { $0.minimum = NumericLiteral("0"); $0.maximum = NumericLiteral("1000") }
        let new = one("qty", .int) { $0.minimum = NumericLiteral("1"); $0.maximum = NumericLiteral("1000") }
        #expect(backward(old, new).rules == [.boundsNarrowed])
        #expect(forward(old, new).isEmpty)
    }

    @Test func fieldBecameRequiredReplacesAvrosNullMismatch() throws {
        let old = one("email", .string.optional)
        let new = one("email", .string)
        let findings = backward(old, new)
        #expect(findings.rules == [.fieldBecameRequired])
        #expect(findings.first?.path == "revenue_metrics.email")
        #expect(forward(old, new).isEmpty)
        // Plain Avro reports the same place as a type mismatch on the null branch.
        #expect(SchemaResolution.incompatibilities(reader: .record(new), writer: .record(old)).rules == [.typeMismatch])
    }

    @Test func uniquenessDropped() {
        let old = one("order_id", .string) { $0.unique = true }
        let new = one("order_id", .string)
        #expect(forward(old, new).rules == [.uniquenessDropped])
        #expect(backward(old, new).isEmpty)
    }

    @Test func primaryKeyChanged() {
        let old = Build.record("orders", [Build.field("order_id", .string, primaryKey: true), Build.field("line", .int)])
        let new = Build.record("orders", [Build.field("order_id", .string, primaryKey: true, position: 1),
                                          Build.field("line", .int, primaryKey: true, position: 2)])
        #expect(backward(old, new).rules == [.primaryKeyChanged])
        #expect(forward(old, new).rules == [.primaryKeyChanged])
        #expect(backward(old, new).first?.readerType == "primary key (order_id, line)")
        // Renaming a key field with an alias keeps the key.
        let renamed = Build.record("orders", [Build.field("id", .string, aliases: ["order_id"], primaryKey: true), Build.field("line", .int)])
        #expect(backward(old, renamed).isEmpty)
    }

    @Test func classificationChanged() {
        let old = one("email", .string) { $0.classification = "internal" }
        let new = one("email", .string) { $0.classification = "PII" }
        #expect(backward(old, new).rules == [.classificationChanged])
        #expect(forward(old, new).rules == [.classificationChanged])
        let sameWords = one("email", .string) { $0.classification = " Internal " }
        #expect(backward(old, sameWords).isEmpty)
    }

    @Test func nestedAndArrayPaths() {
        let item = { (scale: Int) in
            SchemaType.record(Build.record("Item", [Build.field("price", .decimal(DecimalType(precision: 10, scale: scale)))]))
        }
        let old = Build.record("order", [Build.field("items", .array(item(2)))])
        let new = Build.record("order", [Build.field("items", .array(item(4)))])
        #expect(backward(old, new).map(\.path) == ["order.items[].price"])
    }
}
