import DCLDomain
import Foundation
import Testing

@Suite("Version bumps and change grading")
struct ContractChangeClassifierTests {
    let v1 = Build.contract("1.0.0", schema: [Build.orders()])

    private func bump(to version: String, schema: [RecordSchema], mode: CompatibilityMode = .backward,
                      history: [DataContract] = []) -> BumpDecision {
        let new = Build.contract(version, schema: schema)
        return ContractChangeClassifier.requiredBump(from: v1, to: new, mode: mode, history: history)
    }

    @Test func fieldRemovedUnderMinorBumpIsRefused() {
        let decision = bump(to: "1.1.0", schema: [Build.orders(dropping: ["customer_email"])], mode: .full)
        #expect(!decision.accepted)
        #expect(decision.computed == .major)
        #expect(decision.declared == .minor)
        #expect(decision.reasons.first == "declared MINOR (1.0.0 → 1.1.0) is below the required MAJOR: publish it as 2.0.0")
        // One line for the removal, graded MAJOR, carrying the schema finding at its place.
        let lines = decision.reasons.filter { $0.contains("orders.customer_email") }
        #expect(lines.count == 1 && lines[0].hasPrefix("MAJOR: fieldRemoved") && lines[0].contains("READER_FIELD_MISSING_DEFAULT_VALUE"), "\(lines)")
        #expect(!decision.reasons.contains { $0.contains("forbids") })
        #expect(decision.incompatibilities.map(\.path) == ["orders.customer_email"])
        #expect(decision.incompatibilities.first?.direction == .forward)
    }

    @Test func fieldRemovedUnderMajorBumpIsAccepted() {
        let decision = bump(to: "2.0.0", schema: [Build.orders(dropping: ["customer_email"])], mode: .full)
        #expect(decision.accepted)
        #expect(decision.computed == .major)
        #expect(decision.declared == .major)
        #expect(decision.reasons.contains { $0.contains("new compatibility group") })
    }

    @Test func backwardModeAllowsRemovingAFieldInAMinor() throws {
        // Schema Registry's BACKWARD: consumers upgrade first, so a removal is compatible.
        let decision = bump(to: "1.1.0", schema: [Build.orders(dropping: ["customer_email"])], mode: .backward)
        #expect(decision.accepted)
        #expect(decision.computed == .minor)
        let removal = try #require(decision.changes.first { $0.change.kind == .fieldRemoved })
        #expect(removal.severity == .breakingForConsumers)
        #expect(removal.change.path == "orders.customer_email")
    }

    @Test func addingFields() {
        let optional = bump(to: "1.1.0", schema: [Build.orders([Build.field("channel", SchemaType.string.optional, default: .null)])])
        #expect(optional.accepted && optional.computed == .minor)
        #expect(optional.changes.map(\.severity) == [.info])
        let patchOnly = bump(to: "1.0.1", schema: [Build.orders([Build.field("channel", SchemaType.string.optional, default: .null)])])
        #expect(!patchOnly.accepted)
        let required = bump(to: "1.1.0", schema: [Build.orders([Build.field("channel", .string)])])
        #expect(required.computed == .major, "new readers cannot read old rows that lack it")
        #expect(required.changes.map(\.severity) == [.breakingForProducers])
        #expect(required.reasons.contains { $0.contains("orders.channel") })
    }

    @Test func contractRulesForceMajor() {
        var narrowed = Build.orders()
        narrowed.fields[1].type = .decimal(DecimalType(precision: 14, scale: 3))
        let decision = bump(to: "1.1.0", schema: [narrowed])
        #expect(decision.computed == .major)
        #expect(decision.incompatibilities.map(\.ruleId) == [.decimalScaleChanged])
        #expect(decision.changes.map(\.change.kind) == [.typeChanged])
    }

    @Test func documentationIsPatchAndNothingIsNone() {
        var documented = Build.orders()
        documented.fields[0].doc = "The order's id"
        let doc = bump(to: "1.0.1", schema: [documented])
        #expect(doc.computed == .patch && doc.accepted)
        let described = ContractChangeClassifier.requiredBump(
            from: v1, to: Build.contract("1.0.1", schema: [Build.orders()], description: "Orders", tags: ["sales"]),
            mode: .backward, history: [])
        #expect(described.computed == .patch)
        #expect(described.changes.allSatisfy { $0.severity == .info })
        let same = bump(to: "1.0.1", schema: [Build.orders()])
        #expect(same.computed == .none && same.accepted && same.changes.isEmpty)
    }

    @Test func versionMustIncrease() {
        let decision = bump(to: "1.0.0", schema: [Build.orders()])
        #expect(!decision.accepted)
        #expect(decision.reasons.first == "version 1.0.0 does not come after 1.0.0")
    }

    @Test func transitiveModesUseTheWholeMajorVersion() {
        // 1.0.0: placed_at optional; 1.1.0 (old): required. A new 1.2.0 keeps it required.
        var optionalPlacedAt = Build.orders()
        optionalPlacedAt.fields[3].type = SchemaType.timestampMillis.optional
        let v10 = Build.contract("1.0.0", schema: [optionalPlacedAt])
        let v11 = Build.contract("1.1.0", schema: [Build.orders()])
        let v12 = Build.contract("1.2.0", schema: [Build.orders([Build.field("channel", SchemaType.string.optional, default: .null)])])
        let latestOnly = ContractChangeClassifier.requiredBump(from: v11, to: v12, mode: .backward, history: [v10, v11])
        #expect(latestOnly.accepted && latestOnly.computed == .minor)
        #expect(latestOnly.comparedVersions == [Build.version("1.1.0")])
        let transitive = ContractChangeClassifier.requiredBump(from: v11, to: v12, mode: .backwardTransitive, history: [v10, v11])
        #expect(!transitive.accepted && transitive.computed == .major)
        #expect(transitive.comparedVersions == [Build.version("1.0.0"), Build.version("1.1.0")])
        #expect(transitive.incompatibilities.map(\.ruleId) == [.fieldBecameRequired])
        #expect(transitive.incompatibilities.first?.previousVersion == Build.version("1.0.0"))
        // After 2.0.0 the 1.x versions no longer count.
        let v20 = Build.contract("2.0.0", schema: [Build.orders()])
        let v21 = Build.contract("2.1.0", schema: v12.schema)
        let nextMajor = ContractChangeClassifier.requiredBump(from: v20, to: v21, mode: .backwardTransitive, history: [v10, v11, v20])
        #expect(nextMajor.accepted && nextMajor.computed == .minor)
        #expect(nextMajor.comparedVersions == [Build.version("2.0.0")])
    }

    // MARK: Quality and SLA, by perspective

    private func grade(oldQuality: [QualityRule] = [], newQuality: [QualityRule] = [],
                       oldLevel: ServiceLevel = .default, newLevel: ServiceLevel = .default,
                       oldThreshold: String = "0.99", newThreshold: String = "0.99") -> [ClassifiedChange] {
        let old = Build.contract("1.0.0", schema: [Build.orders()], quality: oldQuality, serviceLevel: oldLevel, threshold: oldThreshold)
        let new = Build.contract("1.1.0", schema: [Build.orders()], quality: newQuality, serviceLevel: newLevel, threshold: newThreshold)
        return ContractChangeClassifier.classify(from: old, to: new)
    }

    private func range(_ min: String?, _ max: String?) -> QualityRule {
        QualityRule(name: "amount_range", kind: .range(min: min.flatMap(NumericLiteral.init), max: max.flatMap(NumericLiteral.init)),
                    object: "orders", column: "amount")
    }

    @Test func qualityRulesAddedAndRemoved() {
        let notNull = QualityRule(kind: .notNull, object: "orders", column: "order_id")
        let added = grade(newQuality: [notNull])
        #expect(added.map(\.severity) == [.breakingForProducers])
        #expect(added.map(\.bump) == [.minor])
        let removed = grade(oldQuality: [notNull])
        #expect(removed.map(\.severity) == [.breakingForConsumers])
        #expect(removed.map(\.bump) == [.major])
    }

    @Test("Quality rule changes graded by perspective", arguments: [
        (("0", "100"), ("10", "100"), ChangeSeverity.breakingForProducers, VersionBump.minor),
        (("0", "100"), ("0", "1000"), .breakingForConsumers, .major),
        (("0", "100"), ("10", "1000"), .breakingForBoth, .major),
        (("0", nil), ("0", "100"), .breakingForProducers, .minor),
        (("0", "100"), (nil, "100"), .breakingForConsumers, .major),
    ] as [((String?, String?), (String?, String?), ChangeSeverity, VersionBump)])
    func rangeChanges(old: (String?, String?), new: (String?, String?), severity: ChangeSeverity, bump: VersionBump) {
        let changes = grade(oldQuality: [range(old.0, old.1)], newQuality: [range(new.0, new.1)])
        #expect(changes.map(\.severity) == [severity])
        #expect(changes.map(\.bump) == [bump])
    }

    @Test func otherRuleKinds() {
        func values(_ list: [String]) -> QualityRule {
            QualityRule(name: "status_values", kind: .acceptedValues(list), object: "orders", column: "order_id")
        }
        #expect(grade(oldQuality: [values(["A", "B"])], newQuality: [values(["A", "B", "C"])]).map(\.severity) == [.breakingForConsumers])
        #expect(grade(oldQuality: [values(["A", "B"])], newQuality: [values(["A"])]).map(\.severity) == [.breakingForProducers])
        func fresh(_ text: String) -> QualityRule { QualityRule(name: "fresh", kind: .freshness(maxAge: TimeSpan(text)!)) }
        #expect(grade(oldQuality: [fresh("4h")], newQuality: [fresh("1h")]).map(\.severity) == [.breakingForProducers])
        #expect(grade(oldQuality: [fresh("4h")], newQuality: [fresh("1d")]).map(\.bump) == [.major])
        let moved = QualityRule(name: "amount_range", kind: .range(min: NumericLiteral("0"), max: nil), object: "orders", column: "order_id")
        #expect(grade(oldQuality: [range("0", nil)], newQuality: [moved]).map(\.severity) == [.breakingForBoth])
    }

    @Test func serviceLevels() {
        let base = ServiceLevel(slaHours: 4, freshness: TimeSpan("1d")!, availabilityPercent: NumericLiteral("99.9"), retention: "1y")
        func changed(_ edit: (inout ServiceLevel) -> Void) -> [ClassifiedChange] {
            var level = base
            edit(&level)
            return grade(oldLevel: base, newLevel: level)
        }
        #expect(changed { $0.slaHours = 8 }.map(\.severity) == [.breakingForConsumers])
        #expect(changed { $0.slaHours = 8 }.map(\.bump) == [.major])
        #expect(changed { $0.slaHours = 2 }.map(\.severity) == [.breakingForProducers])
        #expect(changed { $0.freshness = TimeSpan("1h")! }.map(\.severity) == [.breakingForProducers])
        #expect(changed { $0.availabilityPercent = NumericLiteral("99") }.map(\.severity) == [.breakingForConsumers])
        #expect(changed { $0.availabilityPercent = nil }.map(\.severity) == [.breakingForConsumers])
        #expect(changed { $0.retention = "90d" }.map(\.severity) == [.breakingForConsumers])
        #expect(changed { $0.retention = "2 years" }.map(\.severity) == [.breakingForProducers])
        #expect(changed { $0.retention = "forever" }.map(\.severity) == [.breakingForBoth])
    }

    @Test func qualityThreshold() {
        #expect(grade(oldThreshold: "0.99", newThreshold: "0.95").map(\.bump) == [.major])
        #expect(grade(oldThreshold: "0.99", newThreshold: "0.995").map(\.severity) == [.breakingForProducers])
    }

    @Test func loosenedPromiseForcesMajorEvenWithCompatibleSchema() {
        let old = Build.contract("1.0.0", schema: [Build.orders()], serviceLevel: ServiceLevel(slaHours: 4))
        let new = Build.contract("1.1.0", schema: [Build.orders()], serviceLevel: ServiceLevel(slaHours: 12))
        let decision = ContractChangeClassifier.requiredBump(from: old, to: new, mode: .none, history: [])
        #expect(decision.computed == .major && !decision.accepted)
        #expect(decision.reasons.contains { $0.contains("sla.slaHours") && $0.contains("breaking-for-consumers") })
    }

    @Test func bumpDecisionRoundTripsThroughJSON() throws {
        let decision = bump(to: "1.1.0", schema: [Build.orders(dropping: ["customer_email"])], mode: .full)
        let data = try JSONEncoder().encode(decision)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains(#""computed":"MAJOR""#))
        #expect(text.contains(#""mode":"FULL""#))
        #expect(text.contains(#""ruleId":"READER_FIELD_MISSING_DEFAULT_VALUE""#))
        #expect(text.contains(#""severity":"breaking-for-consumers""#))
        #expect(try JSONDecoder().decode(BumpDecision.self, from: data) == decision)
    }

    @Test func declaredBumps() {
        #expect(VersionBump.between(Build.version("1.2.3"), Build.version("2.0.0")) == .major)
        #expect(VersionBump.between(Build.version("1.2.3"), Build.version("1.3.0")) == .minor)
        #expect(VersionBump.between(Build.version("1.2.3"), Build.version("1.2.4")) == .patch)
        #expect(VersionBump.between(Build.version("1.2.3"), Build.version("1.2.3")) == .none)
        #expect(VersionBump.between(Build.version("1.2.3"), Build.version("1.1.9")) == .none)
        #expect(VersionBump.major > VersionBump.minor)
        #expect(VersionBump.minor > VersionBump.patch)
        #expect(VersionBump.patch > VersionBump.none)
    }
}
