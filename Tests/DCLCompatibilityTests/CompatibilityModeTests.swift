import DCLDomain
import Foundation
import Testing

@Suite("Compatibility modes")
struct CompatibilityModeTests {
    @Test("Parsing ignores case and treats - and _ alike", arguments: [
        ("full-transitive", CompatibilityMode.fullTransitive), ("FULL_TRANSITIVE", .fullTransitive),
        ("Backward", .backward), ("backward_transitive", .backwardTransitive), ("forward-transitive", .forwardTransitive),
        (" none ", .none), ("Full Transitive", .fullTransitive), ("FORWARD", .forward), ("full", .full),
    ])
    func parsing(text: String, mode: CompatibilityMode) {
        #expect(CompatibilityMode(parsing: text) == mode)
    }

    @Test func rejectsUnknownModes() {
        #expect(CompatibilityMode(parsing: "sideways") == nil)
        #expect(CompatibilityMode(parsing: "") == nil)
    }

    // Consumer-first: every version of a major must be readable by earlier versions' readers.
    @Test func defaultIsForwardTransitive() {
        #expect(CompatibilityMode.default == .forwardTransitive)
        #expect(CompatibilityMode.default.protectsConsumers && !CompatibilityMode.backward.protectsConsumers)
        #expect(CompatibilityMode.legacyDefault == .backward)
    }

    @Test func directionsFollowSchemaRegistry() {
        #expect(CompatibilityMode.none.directions == [])
        #expect(CompatibilityMode.backward.directions == [.backward])
        #expect(CompatibilityMode.forwardTransitive.directions == [.forward])
        #expect(CompatibilityMode.full.directions == [.backward, .forward])
        #expect(CompatibilityMode.allCases.filter(\.isTransitive) == [.backwardTransitive, .forwardTransitive, .fullTransitive])
    }

    @Test func codableAsCanonicalName() throws {
        let data = try JSONEncoder().encode([CompatibilityMode.fullTransitive])
        #expect(String(decoding: data, as: UTF8.self) == #"["FULL_TRANSITIVE"]"#)
        let decoded = try JSONDecoder().decode([CompatibilityMode].self, from: Data(#"["full-transitive","backward"]"#.utf8))
        #expect(decoded == [.fullTransitive, .backward])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([CompatibilityMode].self, from: Data(#"["x"]"#.utf8)) }
    }
}
