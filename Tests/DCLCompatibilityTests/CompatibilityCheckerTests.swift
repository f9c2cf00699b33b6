import DCLDomain
import Testing

@Suite("Checking against earlier versions")
struct CompatibilityCheckerTests {
    // v1: `s` required. v2: `s` optional. v3: `a` widened to long, `s` still optional.
    // Old readers (FORWARD) of v2 and v1 both fail on `a`; only v1 also fails on `s`.
    let v1 = Build.avro(#"{"type":"record","name":"R","fields":[{"name":"a","type":"int"},{"name":"s","type":"string"}]}"#)
    let v2 = Build.avro(#"{"type":"record","name":"R","fields":[{"name":"a","type":"int"},{"name":"s","type":["null","string"],"default":null}]}"#)
    let v3 = Build.avro(#"{"type":"record","name":"R","fields":[{"name":"a","type":"long"},{"name":"s","type":["null","string"],"default":null}]}"#)

    private var history: [(version: SemanticVersion, schema: SchemaType)] {
        [(Build.version("1.1.0"), v2), (Build.version("1.0.0"), v1)]
    }

    @Test func nonTransitiveModesCompareWithTheLatestOnly() {
        // FORWARD: old readers read new data. v1 requires `s`, which v3 may write as null.
        let verdict = CompatibilityChecker.check(new: v3, against: history, mode: .forward, newVersion: Build.version("1.2.0"))
        #expect(verdict.comparedVersions == [Build.version("1.1.0")])
        #expect(verdict.incompatibilities.map(\.ruleId) == [.typeMismatch], "a v2 reader's int cannot read v3's long")
        #expect(verdict.incompatibilities.first?.direction == .forward)
        #expect(verdict.incompatibilities.first?.previousVersion == Build.version("1.1.0"))
        #expect(verdict.incompatibilities.first?.newVersion == Build.version("1.2.0"))
    }

    @Test func transitiveModesCompareWithEveryVersion() {
        let verdict = CompatibilityChecker.check(new: v3, against: history, mode: .forwardTransitive)
        #expect(verdict.comparedVersions == [Build.version("1.0.0"), Build.version("1.1.0")])
        let against1 = verdict.incompatibilities.filter { $0.previousVersion == Build.version("1.0.0") }
        #expect(Set(against1.map(\.ruleId)) == [.typeMismatch, .fieldBecameRequired])
        #expect(against1.contains { $0.path == "s" && $0.ruleId == .fieldBecameRequired })
    }

    @Test func backwardTransitiveCatchesWhatLatestOnlyMisses() {
        #expect(CompatibilityChecker.check(new: v3, against: history, mode: .backward).isCompatible)
        // History where `s` was optional first (1.0.0) and required later (1.1.0): a new version
        // requiring `s` reads the latest data but not the oldest, which may hold nulls.
        let v4 = Build.avro(#"{"type":"record","name":"R","fields":[{"name":"a","type":"long"},{"name":"s","type":"string"}]}"#)
        let optionalThenRequired: [(version: SemanticVersion, schema: SchemaType)] = [
            (Build.version("1.0.0"), v2), (Build.version("1.1.0"), v1),
        ]
        #expect(CompatibilityChecker.check(new: v4, against: optionalThenRequired, mode: .backward).isCompatible)
        let transitive = CompatibilityChecker.check(new: v4, against: optionalThenRequired, mode: .backwardTransitive)
        #expect(!transitive.isCompatible)
        #expect(transitive.incompatibilities.allSatisfy { $0.previousVersion == Build.version("1.0.0") && $0.direction == .backward })
    }

    @Test func fullChecksBothDirections() {
        let verdict = CompatibilityChecker.check(new: v3, against: history, mode: .full)
        #expect(verdict.incompatibilities(.backward).isEmpty)
        #expect(!verdict.incompatibilities(.forward).isEmpty)
    }

    @Test func noneChecksNothing() {
        let verdict = CompatibilityChecker.check(new: .string, against: history, mode: .none)
        #expect(verdict.isCompatible)
        #expect(verdict.comparedVersions.isEmpty)
    }

    @Test func contractObjectsAddedAndRemoved() {
        let old = [Build.orders(), Build.record("refunds", [Build.field("id", .string)])]
        let new = [Build.orders(), Build.record("shipments", [Build.field("id", .string)])]
        let versions: [(version: SemanticVersion, schema: [RecordSchema])] = [(Build.version("1.0.0"), old)]
        let backward = CompatibilityChecker.check(new: new, against: versions, mode: .backward)
        #expect(backward.isCompatible, "an added object has no earlier data; a removed one is not read by new readers")
        let full = CompatibilityChecker.check(new: new, against: versions, mode: .full)
        #expect(full.incompatibilities.map(\.ruleId) == [.objectRemoved])
        #expect(full.incompatibilities.first?.path == "refunds")
        #expect(full.incompatibilities.first?.direction == .forward)
    }

    @Test func contractObjectRenamedWithAlias() {
        let old = [Build.record("refunds", [Build.field("id", .string)])]
        let new = [Build.record("returns", [Build.field("id", .string)], aliases: ["refunds"])]
        let versions: [(version: SemanticVersion, schema: [RecordSchema])] = [(Build.version("1.0.0"), old)]
        #expect(CompatibilityChecker.check(new: new, against: versions, mode: .backward).isCompatible)
        // Old readers do not know the new name: Avro's NAME_MISMATCH, as for any renamed record.
        #expect(CompatibilityChecker.check(new: new, against: versions, mode: .forward).incompatibilities.map(\.ruleId) == [.nameMismatch])
    }

    @Test func fieldPathsStartWithTheObject() {
        let old = [Build.orders()]
        let new = [Build.orders([Build.field("channel", .string)])]
        let verdict = CompatibilityChecker.check(new: new, against: [(Build.version("1.0.0"), old)], mode: .backward)
        #expect(verdict.incompatibilities.map(\.path) == ["orders.channel"])
        #expect(verdict.incompatibilities.map(\.ruleId) == [.readerFieldMissingDefaultValue])
    }
}
