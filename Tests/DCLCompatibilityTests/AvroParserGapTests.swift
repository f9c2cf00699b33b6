import DCLDomain
import Testing

/// Avro forms the parser used to flatten: `decimal` on `fixed` and `error` types.
@Suite("Avro parser: fixed decimals and errors")
struct AvroParserGapTests {
    static let money8 = #"{"type":"fixed","name":"Money","size":8,"logicalType":"decimal","precision":18,"scale":2}"#

    @Test func decimalOnFixedKeepsNameAndSize() throws {
        guard case .fixed(let fixed) = Build.avro(Self.money8) else { Issue.record("expected a fixed"); return }
        #expect(fixed.name == "Money" && fixed.size == 8 && fixed.decimal == DecimalType(precision: 18, scale: 2))
        // Written back with its logical type.
        let json = SchemaType.fixed(fixed).avroJSON
        #expect(json["logicalType"] == "decimal" && json["size"] == .integer(8) && json["scale"] == .integer(2))
        #expect(try SchemaType(avroJSON: json) == .fixed(fixed))
    }

    @Test func fixedDecimalsResolveAsFixed() {
        let money16 = Self.money8.replacingOccurrences(of: #""size":8"#, with: #""size":16"#)
        let bytes = #"{"type":"bytes","logicalType":"decimal","precision":18,"scale":2}"#
        #expect(SchemaResolution.incompatibilities(reader: Build.avro(Self.money8), writer: Build.avro(Self.money8)).isEmpty)
        #expect(SchemaResolution.incompatibilities(reader: Build.avro(Self.money8), writer: Build.avro(money16)).map(\.ruleId) == [.fixedSizeMismatch])
        #expect(SchemaResolution.incompatibilities(reader: Build.avro(bytes), writer: Build.avro(Self.money8)).map(\.ruleId) == [.typeMismatch])
        // The contract rules still see the decimal: a scale change on the same fixed is silent data corruption.
        let scale3 = Self.money8.replacingOccurrences(of: #""scale":2"#, with: #""scale":3"#)
        let findings = CompatibilityChecker.incompatibilities(reader: Build.avro(scale3), writer: Build.avro(Self.money8))
        #expect(findings.map(\.ruleId) == [.decimalScaleChanged])
    }

    @Test func errorIsItsOwnType() throws {
        let error = #"{"type":"error","name":"Oops","fields":[{"name":"m","type":"string"}]}"#
        let record = #"{"type":"record","name":"Oops","fields":[{"name":"m","type":"string"}]}"#
        guard case .record(let parsed) = Build.avro(error) else { Issue.record("expected a record-like type"); return }
        #expect(parsed.isError == true)
        #expect(SchemaType.record(parsed).avroJSON["type"] == "error")
        // An error reads an error like a record; an error and a record are different types (Avro specification).
        #expect(SchemaResolution.incompatibilities(reader: Build.avro(error), writer: Build.avro(error)).isEmpty)
        #expect(SchemaResolution.incompatibilities(reader: Build.avro(record), writer: Build.avro(error)).map(\.ruleId) == [.typeMismatch])
        #expect(SchemaResolution.incompatibilities(reader: Build.avro(error), writer: Build.avro(record)).map(\.ruleId) == [.typeMismatch])
        // Records stored before errors were told apart decode and compare as before.
        #expect(Build.avro(record) == .record(RecordSchema(name: "Oops", fields: [FieldSchema(name: "m", type: .string)])))
    }
}

@Suite("Avro parser: nested namespaces")
struct AvroNestedNamespaceTests {
    // A dotted record name sets the namespace of the types nested in it, so they can be referenced
    // by their full name (this failed to parse before: `unknown type 'a.b.Inner'`).
    @Test func aDottedNameSetsTheNamespaceOfNestedTypes() throws {
        let schema = """
            {"type":"record","name":"a.b.Outer","fields":[
              {"name":"x","type":{"type":"record","name":"Inner","fields":[{"name":"v","type":"int"}]}},
              {"name":"y","type":"a.b.Inner"},
              {"name":"z","type":"Inner"}]}
            """
        let parsed = try SchemaType(avroJSON: JSONValue.parse(schema))
        guard case .record(let outer) = parsed else { Issue.record("expected a record"); return }
        #expect(outer.fields.map(\.name) == ["x", "y", "z"])
        #expect(outer.fields[1].type == outer.fields[0].type && outer.fields[2].type == outer.fields[0].type)
        #expect(SchemaResolution.incompatibilities(reader: parsed, writer: parsed).isEmpty)
    }
}
