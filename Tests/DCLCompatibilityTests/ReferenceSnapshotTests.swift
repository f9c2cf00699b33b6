import DCLDomain
import Foundation
import Testing

/// The offline part of the Avro proof: snapshots of reference verdicts kept in `Fixtures/`
/// (written by `scripts/avro-oracle/make_fixtures.py`), so that agreement with the reference
/// is checked even where Python is not available. The live differential test
/// (`AvroDifferentialTests`) regenerates far more cases on every run.
@Suite("Snapshots of reference verdicts")
struct ReferenceSnapshotTests {
    private func lines(_ name: String) throws -> [JSONValue] {
        let folder = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        return try text.split(separator: "\n").map { try JSONValue.parse(String($0)) }
    }

    private func swiftSays(reader: JSONValue, writer: JSONValue) throws -> Bool {
        SchemaResolution.isCompatible(reader: try SchemaType(avroJSON: reader), writer: try SchemaType(avroJSON: writer))
    }

    @Test("Every pair of Avro's own compatibility tests")
    func avroTestModulePairs() throws {
        let pairs = try lines("avro-reference-pairs.jsonl")
        #expect(pairs.count >= 100)
        var divergences: [String] = []
        for pair in pairs {
            let expected = pair["expected"] == .bool(true)
            if try swiftSays(reader: pair["reader"]!, writer: pair["writer"]!) != expected {
                divergences.append("\(pair["source"]?.stringValue ?? "?"): expected \(expected): \(pair.canonicalText)")
            }
        }
        #expect(divergences.isEmpty, "\(divergences.prefix(5).joined(separator: "\n"))")
    }

    @Test("Random evolutions and hand-picked corner cases, both directions",
          arguments: ["avro-random-pairs.jsonl", "avro-handpicked-pairs.jsonl"])
    func bothDirections(file: String) throws {
        let pairs = try lines(file)
        #expect(pairs.count >= 10)
        var divergences: [String] = []
        for pair in pairs {
            let new = pair["new"]!
            let old = pair["old"]!
            if try swiftSays(reader: new, writer: old) != (pair["backward"] == .bool(true)) {
                divergences.append("backward #\(pair["id"]!.canonicalText) \(pair["evolution"]!.canonicalText): \(pair.canonicalText)")
            }
            if try swiftSays(reader: old, writer: new) != (pair["forward"] == .bool(true)) {
                divergences.append("forward #\(pair["id"]!.canonicalText) \(pair["evolution"]!.canonicalText): \(pair.canonicalText)")
            }
        }
        #expect(divergences.isEmpty, "\(divergences.prefix(5).joined(separator: "\n"))")
    }
}
