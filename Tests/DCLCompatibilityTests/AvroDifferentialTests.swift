import DCLDomain
import Foundation
import Testing

/// The proof that `SchemaResolution` decides exactly as Apache Avro's reference implementation:
/// thousands of random schema evolutions plus every pair of Avro's own compatibility tests, in
/// both directions, judged by the Swift engine and by `avro.compatibility` (Python, pinned in
/// `scripts/avro-oracle/setup.sh`), with zero divergences allowed.
///
/// Set `DCL_SKIP_AVRO_ORACLE=1` to skip where Python or PyPI cannot be had; the offline
/// snapshot tests (`ReferenceSnapshotTests`) still run there.
@Suite("Differential test against the Avro reference")
struct AvroDifferentialTests {
    /// Fixed so that a failure reproduces; `DCL_AVRO_SEED` and `DCL_AVRO_PAIRS` override both
    /// for a deeper search (`DCL_AVRO_SEED=7 DCL_AVRO_PAIRS=100000 swift test --filter Differential`).
    static let seed = ProcessInfo.processInfo.environment["DCL_AVRO_SEED"].flatMap(Int.init) ?? 20_240_601
    static let randomPairs = ProcessInfo.processInfo.environment["DCL_AVRO_PAIRS"].flatMap(Int.init) ?? 10_000

    static var skipped: Bool { ProcessInfo.processInfo.environment["DCL_SKIP_AVRO_ORACLE"] == "1" }

    @Test("Swift and the reference agree on every pair, both directions", .disabled(if: skipped), .timeLimit(.minutes(5)))
    func zeroDivergences() throws {
        let started = ContinuousClock.now
        try AvroOracle.ensureEnvironment()

        var pairs: [SchemaPair] = []
        let generated = try AvroOracle.runScript("generate.py", ["--seed", String(Self.seed), "--count", String(Self.randomPairs)])
        for line in generated.split(separator: "\n") {
            let json = try JSONValue.parse(String(line))
            let id = json["id"].map(\.canonicalText) ?? "?"
            let evolution = json["evolution"].map(\.canonicalText) ?? ""
            // As generated, reader = new and writer = old: a BACKWARD check.
            pairs.append(SchemaPair(reader: json["reader"]!, writer: json["writer"]!, label: "random #\(id) \(evolution)"))
        }
        #expect(pairs.count == Self.randomPairs)

        let reference = try AvroOracle.runScript("extract_reference_cases.py")
        var referenceExpectations: [(pair: SchemaPair, expected: Bool)] = []
        for line in reference.split(separator: "\n") {
            let json = try JSONValue.parse(String(line))
            let source = json["source"]?.stringValue ?? "?"
            let pair = SchemaPair(reader: json["reader"]!, writer: json["writer"]!, label: "reference \(source)")
            referenceExpectations.append((pair, json["expected"] == .bool(true)))
            pairs.append(pair)
        }
        #expect(referenceExpectations.count >= 100, "the reference test module should yield its ~130 pairs")

        let handpicked = try String(contentsOf: AvroOracle.scriptsFolder.appendingPathComponent("handpicked_cases.jsonl"), encoding: .utf8)
        var handpickedCount = 0
        for line in handpicked.split(separator: "\n") {
            let json = try JSONValue.parse(String(line))
            pairs.append(SchemaPair(reader: json["reader"]!, writer: json["writer"]!,
                                    label: "hand-picked: \(json["note"]?.stringValue ?? "?")"))
            handpickedCount += 1
        }

        // Both directions of every pair: BACKWARD (reader = new, writer = old) and FORWARD (swapped).
        var questions: [(pair: SchemaPair, direction: String)] = []
        for pair in pairs {
            questions.append((pair, "backward"))
            questions.append((pair.swapped, "forward"))
        }
        let answers = try AvroOracle.verdicts(for: questions.map(\.pair.oracleLine))

        var divergences: [String] = []
        var compatibleCount = 0
        var refusedByReference = 0
        for (question, answer) in zip(questions, answers) {
            guard let expected = answer else {
                refusedByReference += 1
                divergences.append("reference refused a schema (\(question.pair.label), \(question.direction)): \(question.pair.oracleLine)")
                continue
            }
            if expected { compatibleCount += 1 }
            switch question.pair.swiftVerdict() {
            case .failure(let error):
                divergences.append("Swift parser refused (\(question.pair.label), \(question.direction)): \(error)\n  \(question.pair.oracleLine)")
            case .success(let findings):
                if findings.isEmpty != expected {
                    divergences.append("""
                        \(question.pair.label), \(question.direction): reference says \(expected ? "compatible" : "incompatible"), \
                        Swift says \(findings.isEmpty ? "compatible" : "incompatible")
                          pair: \(question.pair.oracleLine)
                          Swift findings: \(findings.map(\.description).joined(separator: "; "))
                        """)
                }
            }
        }
        for (pair, expected) in referenceExpectations {
            if case .success(let findings) = pair.swiftVerdict(), findings.isEmpty != expected {
                divergences.append("\(pair.label): the test module expects \(expected), Swift disagrees: \(pair.oracleLine)")
            }
        }

        let elapsed = ContinuousClock.now - started
        print("""
            Avro differential: \(pairs.count) pairs (\(Self.randomPairs) random, seed \(Self.seed); \
            \(referenceExpectations.count) from avro/test/test_compatibility.py, \(handpickedCount) hand-picked), \
            \(questions.count) checks, \
            \(compatibleCount) compatible, \(questions.count - compatibleCount) incompatible, \
            \(divergences.count) divergences, \(elapsed)
            """)
        #expect(refusedByReference == 0)
        #expect(divergences.isEmpty, "first divergences:\n\(divergences.prefix(8).joined(separator: "\n"))")
    }
}
