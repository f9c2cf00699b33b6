import Foundation
import Testing

/// `dcl check`, enforced semantic versioning at publish, and schema import/export, end to end.
@Suite("dcl compatibility end to end", .serialized)
struct CompatibilityCommandTests {
    static let orderV1 = #"{"type":"record","name":"Order","namespace":"sales","fields":[{"name":"id","type":"string"},{"name":"amount","type":"int"}]}"#
    static let orderWithDefault = #"{"type":"record","name":"Order","namespace":"sales","fields":[{"name":"id","type":"string"},{"name":"amount","type":"long"},{"name":"note","type":["null","string"],"default":null}]}"#
    static let orderWithoutDefault = #"{"type":"record","name":"Order","namespace":"sales","fields":[{"name":"id","type":"string"},{"name":"amount","type":"int"},{"name":"channel","type":"string"}]}"#

    @Test func checkComparesTwoAvroFiles() throws {
        let cli = try CLIHarness()
        defer { cli.remove() }
        try cli.write("v1.avsc", Self.orderV1)
        try cli.write("v2.avsc", Self.orderWithDefault)
        try cli.write("v3.avsc", Self.orderWithoutDefault)
        // Schema Registry's BACKWARD: new readers read old data (int is promoted to long).
        let compatible = try cli.run("check", "v1.avsc", "v2.avsc", "--mode", "backward")
        #expect(compatible.status == 0, "\(compatible.stdout)\(compatible.stderr)")
        // The default, FORWARD_TRANSITIVE: old readers (int) cannot read long.
        #expect(try cli.run("check", "v1.avsc", "v2.avsc").status == 1)
        let breaking = try cli.run("check", "v1.avsc", "v3.avsc", "--json", "--mode", "backward")
        #expect(breaking.status == 1)
        let verdict = try #require(try JSONSerialization.jsonObject(with: Data(breaking.stdout.utf8)) as? [String: Any])
        let findings = try #require(verdict["incompatibilities"] as? [[String: Any]])
        let first = try #require((findings.first?["incompatibility"] as? [String: Any]))
        #expect(first["ruleId"] as? String == "READER_FIELD_MISSING_DEFAULT_VALUE")
        #expect((first["path"] as? String)?.contains("channel") == true)
        // FORWARD: old readers read new data; the new field is ignored, so it is compatible.
        #expect(try cli.run("check", "v1.avsc", "v3.avsc", "--mode", "forward").status == 0)
        // long → int is a demotion: not FULL compatible.
        #expect(try cli.run("check", "v1.avsc", "v2.avsc", "--mode", "Full-Transitive").status == 1)
        #expect(try cli.run("check", "v1.avsc", "v2.avsc", "--mode", "sideways").status == 2)
        try cli.write("broken.avsc", #"{"type":"record","name":"X","fields":[{"name":"a","type":"nope"}]}"#)
        let broken = try cli.run("check", "v1.avsc", "broken.avsc")
        #expect(broken.status == 2 && broken.stderr.contains("broken.avsc") && broken.stderr.contains("nope"))
        // A byte order mark before the JSON (as some editors save it) is not part of the schema.
        try cli.write("v3-bom.avsc", "\u{FEFF}" + Self.orderWithoutDefault)
        let bom = try cli.run("check", "v1.avsc", "v3-bom.avsc", "--mode", "backward")
        #expect(bom.status == 1 && bom.stdout.contains("READER_FIELD_MISSING_DEFAULT_VALUE"), "\(bom.stdout)\(bom.stderr)")
        #expect(try cli.run("check", "v3-bom.avsc", "v3.avsc", "--mode", "full").status == 0)
    }

    @Test func removingAFieldNeedsAMajorVersionUnderFull() throws {
        let cli = try CLIHarness()
        defer { cli.remove() }
        try cli.write("v1.yaml", ContractTexts.orders())
        try cli.write("minor.yaml", ContractTexts.orders(version: "1.1.0", removeAmount: true))
        try cli.write("major.yaml", ContractTexts.orders(version: "2.0.0", removeAmount: true))
        #expect(try cli.run("publish", "v1.yaml").status == 0)
        #expect(try cli.run("config", "compatibility", "full", "--contract", "sales.orders").status == 0)
        let before = try cli.read(".dcl/ledger.db")

        let dryMinor = try cli.run("check", "minor.yaml")
        #expect(dryMinor.status == 1)
        #expect(dryMinor.stdout.contains("amount") && dryMinor.stdout.contains("MAJOR"))
        let minor = try cli.run("publish", "minor.yaml")
        #expect(minor.status == 1)
        #expect(minor.stderr.contains("orders.amount"), "the rejection names the field: \(minor.stderr)")
        #expect(try cli.read(".dcl/ledger.db") == before, "a rejected publish and a dry run write nothing")

        let dryMajor = try cli.run("check", "major.yaml", "--json")
        #expect(dryMajor.status == 0)
        #expect(try cli.read(".dcl/ledger.db") == before, "dcl check FILE writes nothing")
        let major = try cli.run("publish", "major.yaml")
        #expect(major.status == 0, "\(major.stderr)")
        let history = try #require(try JSONSerialization.jsonObject(with: Data(try cli.run("history", "sales.orders", "--json").stdout.utf8)) as? [[String: Any]])
        let published = try #require(history.last { $0["type"] as? String == "ContractPublished" })
        let summary = try #require(published["summary"] as? String)
        #expect(summary.contains("computed MAJOR") && summary.contains("declared MAJOR"))
        #expect(summary.contains("amount"), "history says why: \(summary)")
        let versions = try #require(try JSONSerialization.jsonObject(with: Data(try cli.run("versions", "sales.orders", "--json").stdout.utf8)) as? [String: Any])
        #expect((versions["versions"] as? [[String: Any]])?.last?["bump"] as? String == "MAJOR")
        #expect((versions["latestPerMajor"] as? [String: String]) == ["1": "1.0.0", "2": "2.0.0"])
    }

    @Test func importFromAvroThenExportBack() throws {
        let cli = try CLIHarness()
        defer { cli.remove() }
        try cli.write("order.avsc", Self.orderWithDefault)
        let imported = try cli.run("schema", "import", "order.avsc", "--domain", "sales", "--product", "orders", "--owner", "sales@company.com")
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(try cli.run("publish", "orders.odcs.yaml").status == 0)
        let avro = try cli.run("schema", "export", "sales.orders", "--format", "avro")
        #expect(avro.status == 0, "\(avro.stderr)")
        try cli.write("exported.avsc", avro.stdout)
        // The exported schema is interchangeable with the original in both directions.
        #expect(try cli.run("check", "order.avsc", "exported.avsc", "--mode", "full").status == 0)
        let jsonSchema = try cli.run("schema", "export", "sales.orders", "--format", "json-schema")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(jsonSchema.stdout.utf8)) as? [String: Any])
        #expect(document["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
        #expect((document["required"] as? [String])?.sorted() == ["amount", "id"])
        let odcs = try cli.run("schema", "export", "sales.orders", "--format", "odcs")
        #expect(odcs.stdout.contains("kind: DataContract"))
        #expect(try cli.run("schema", "export", "sales.orders", "--format", "xml").status == 2)
    }

    /// A contract with `count` properties (a wide table), and one optional property more when `extra`.
    static func wideContract(version: String, count: Int, extra: Bool) -> String {
        var text = """
            apiVersion: v3.1.0
            kind: DataContract
            id: sales.wide
            version: \(version)
            status: active
            domain: sales
            schema:
              - name: wide
                properties:

            """
        for index in 0..<count {
            text += "      - name: c\(index)\n        logicalType: \(["string", "integer", "number", "date"][index % 4])\n"
                + "        required: \(index % 3 == 0)\n        description: column number \(index)\n"
        }
        if extra { text += "      - name: added\n        logicalType: string\n" }
        return text
    }

    /// 5,000 properties are within the default limits (20,000); the check is exact at that size:
    /// one optional property added is a MINOR change, one removed needs a MAJOR.
    @Test func aFiveThousandPropertyContractChecksWithTheDefaultLimits() throws {
        let cli = try CLIHarness()
        defer { cli.remove() }
        try cli.write("old.yaml", Self.wideContract(version: "1.0.0", count: 5000, extra: false))
        try cli.write("new.yaml", Self.wideContract(version: "1.1.0", count: 5000, extra: true))
        try cli.write("fewer.yaml", Self.wideContract(version: "1.1.0", count: 4999, extra: false))
        let dryRun = try cli.run("check", "old.yaml")
        #expect(dryRun.status == 0, "\(dryRun.stderr)")
        let added = try cli.run("check", "old.yaml", "new.yaml", "--json")
        #expect(added.status == 0, "\(added.stdout)\(added.stderr)")
        let verdict = try #require(try JSONSerialization.jsonObject(with: Data(added.stdout.utf8)) as? [String: Any])
        #expect(verdict["requiredBump"] as? String == "MINOR")
        let changes = try #require(verdict["changes"] as? [[String: Any]])
        #expect(changes.count == 1 && (changes.first?["change"] as? [String: Any])?["path"] as? String == "wide.added", "\(changes)")
        let removed = try cli.run("check", "old.yaml", "fewer.yaml")
        #expect(removed.status == 1 && removed.stdout.contains("wide.c4999") && removed.stdout.contains("MAJOR"), "\(removed.stdout)")
    }
}
