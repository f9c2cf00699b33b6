/// Grades every change between two contract versions and computes the version bump they require.
///
/// Two kinds of promise, graded two ways:
///
/// - **Schema** changes are judged by the contract's `CompatibilityMode`, as Schema Registry
///   judges subjects: a change incompatible under the mode is `MAJOR`, any other schema change
///   `MINOR`. The mode is the contract's explicit evolution policy, so, for example, removing a
///   field is `MINOR` under `BACKWARD` (consumers upgrade first) but `MAJOR` under `FORWARD` or
///   `FULL` when earlier readers had no default for it.
/// - **Quality, threshold and SLA** changes have no mode. They are graded by perspective, as
///   `datacontract breaking` does: tightening (a new rule, a narrower range, a shorter SLA)
///   breaks producers and is `MINOR`, since consumers only gain; loosening (a rule dropped, a
///   wider range, a later SLA) breaks consumers and is `MAJOR`.
/// - Documentation, tags, owner, name, status and description are `PATCH`.
///
/// The mode applies within a major version: a new major version is always accepted and starts a
/// new comparison group, like a new Schema Registry compatibility group.
public enum ContractChangeClassifier {
    /// Every change from `old` to `new` (`ContractDiff.changes`), graded.
    ///
    /// Each version's fields are indexed by path once, so grading costs one lookup per change
    /// however many fields changed (the check stays linear in the schema's size).
    public static func classify(from old: DataContract, to new: DataContract) -> [ClassifiedChange] {
        let changes = ContractDiff.changes(from: old, to: new)
        guard !changes.isEmpty else { return [] }
        let paths = Set(changes.map(\.path))
        let fields = (old: FieldIndex(old, paths: paths), new: FieldIndex(new, paths: paths))
        return changes.map { classify($0, from: old, to: new, fields: fields) }
    }

    /// One change graded on its own (before the compatibility mode is applied).
    public static func classify(_ change: ContractChange, from old: DataContract, to new: DataContract) -> ClassifiedChange {
        classify(change, from: old, to: new, fields: (old: FieldIndex(old, paths: [change.path]), new: FieldIndex(new, paths: [change.path])))
    }

    private static func classify(_ change: ContractChange, from old: DataContract, to new: DataContract,
                                 fields: (old: FieldIndex, new: FieldIndex)) -> ClassifiedChange {
        func graded(_ severity: ChangeSeverity, _ bump: VersionBump, _ reason: String) -> ClassifiedChange {
            ClassifiedChange(change: change, severity: severity, bump: bump, reason: reason)
        }
        func byPerspective(_ grading: (ChangeSeverity, VersionBump), _ subject: String) -> ClassifiedChange {
            let (severity, bump) = grading
            let verb: String
            switch severity {
            case .info: verb = "unchanged in effect"
            case .breakingForProducers: verb = "tightened: producers must deliver more"
            case .breakingForConsumers: verb = "loosened: consumers get less than they were promised"
            case .breakingForBoth: verb = "changed in a way that is neither a pure tightening nor a loosening"
            }
            return ClassifiedChange(change: change, severity: severity, bump: bump, reason: "\(subject) \(verb)")
        }
        switch change.kind {
        // Schema: MINOR here; the compatibility mode raises incompatible ones to MAJOR.
        case .objectAdded:
            return graded(.info, .minor, "a new object; no consumer relied on it yet")
        case .objectRemoved:
            return graded(.breakingForConsumers, .minor, "consumers of this object lose it")
        case .fieldAdded:
            if let field = fields.new[change.path], field.isRequired, field.defaultValue == nil {
                return graded(.breakingForProducers, .minor, "a required field without default: producers must now supply it")
            }
            return graded(.info, .minor, "an optional or defaulted field; existing readers ignore it")
        case .fieldRemoved:
            return graded(.breakingForConsumers, .minor, "consumers reading this field lose it")
        case .typeChanged:
            return typeChange(change, fields: fields)
        case .requiredChanged:
            if change.new == "required" {
                return graded(.breakingForProducers, .minor, "producers may no longer leave it null, and earlier data may hold nulls")
            }
            return graded(.breakingForConsumers, .minor, "consumers may now receive nulls")
        case .defaultChanged:
            return graded(.info, .minor, "readers fill this value in for data that lacks the field")
        case .uniqueChanged:
            if change.new == "true" { return graded(.breakingForProducers, .minor, "producers must now keep it unique") }
            return graded(.breakingForConsumers, .minor, "consumers can no longer rely on it being unique")
        case .primaryKeyChanged:
            return graded(.breakingForBoth, .minor, "row identity changes for upserts, joins and deduplication")
        case .classificationChanged:
            return graded(.breakingForBoth, .minor, "access, masking and retention rules for this field change")
        case .constraintChanged:
            return constraintChange(change, fields: fields)
        case .docChanged:
            return graded(.info, .patch, "documentation only")
        // Quality and SLA: graded by perspective.
        case .qualityRuleAdded:
            return graded(.breakingForProducers, .minor, "a new guarantee: producers must meet it, consumers gain it")
        case .qualityRuleRemoved:
            return graded(.breakingForConsumers, .major, "a guarantee consumers relied on is withdrawn")
        case .qualityRuleChanged:
            return ruleChange(change, old: old, new: new)
        case .slaChanged:
            return slaChange(change, old: old, new: new)
        case .qualityThresholdChanged:
            return byPerspective(perspective(tightened: new.qualityThreshold > old.qualityThreshold,
                                      loosened: new.qualityThreshold < old.qualityThreshold),
                          "the promised share of passing checks")
        // Metadata.
        case .ownerChanged, .statusChanged, .descriptionChanged, .tagsChanged, .nameChanged:
            return graded(.info, .patch, "metadata only")
        // Document-level kinds are graded by `DocumentDiff`; alone, they get their usual grade.
        case .relationshipAdded, .relationshipRemoved, .relationshipChanged, .enumValuesChanged, .physicalNameChanged,
             .physicalTypeChanged, .qualityRuleRenamed, .qualitySeverityChanged, .customPropertyChanged,
             .authoritativeDefinitionChanged, .roleChanged, .serverAdded, .serverRemoved, .serverChanged, .supportChanged,
             .teamChanged, .metadataChanged:
            let usual = change.kind.usualGrade
            return graded(usual.grade, usual.grade == .info ? .patch : .minor, usual.reason)
        }

    }

    /// Every change under `rules`: v1 is the model diff; v2 adds renamed rules and the document diff.
    public static func classify(from old: DataContract, to new: DataContract,
                                documents: (old: JSONValue?, new: JSONValue?), rules: GradingRules) -> [ClassifiedChange] {
        let model = classify(from: old, to: new)
        guard rules >= .v2 else { return model }
        var changes = renamedRules(model, old: old, new: new)
        if let before = documents.old, let after = documents.new {
            changes += DocumentDiff.changes(from: before, to: after)
        }
        return changes
    }

    /// A rule removed and a rule added that check the same thing in the same place: a rename.
    static func renamedRules(_ changes: [ClassifiedChange], old: DataContract, new: DataContract) -> [ClassifiedChange] {
        var result = changes
        for removed in changes where removed.change.kind == .qualityRuleRemoved {
            guard let before = old.quality.first(where: { $0.name == removed.change.path }),
                  let addedIndex = result.firstIndex(where: { candidate in
                      candidate.change.kind == .qualityRuleAdded
                          && new.quality.first(where: { $0.name == candidate.change.path }).map {
                              $0.kind == before.kind && $0.object == before.object && $0.column == before.column
                          } == true
                  }),
                  let removedIndex = result.firstIndex(of: removed) else { continue }
            let added = result[addedIndex]
            result[removedIndex] = ClassifiedChange(
                change: ContractChange(kind: .qualityRuleRenamed, path: added.change.path, old: before.name, new: added.change.path),
                severity: .info, bump: .patch, reason: ContractChange.Kind.qualityRuleRenamed.usualGrade.reason)
            result.remove(at: addedIndex)
        }
        return result
    }

    /// The bump required to publish `new` after `old`, and whether `new.version` declares enough.
    ///
    /// - `history`: earlier published versions (in any order; `old` may be among them). Under a
    ///   transitive mode the schema is checked against every one of them that shares `old`'s
    ///   major version and precedes `new`; otherwise against `old` only.
    /// - `documents`: the two ODCS documents, when known; under rules v2 every other field is diffed too.
    /// - `computed` is `MAJOR` when the schema is incompatible under `mode` or a quality/SLA
    ///   promise is loosened, and under rules v2 in a consumer-first mode (`FORWARD*`, `FULL*`) for
    ///   any change that breaks consumers; `MINOR` for any other schema change or tightening,
    ///   `PATCH` for metadata, `NONE` when nothing changed.
    /// - `accepted` needs a version that comes after `old` and `declared >= computed`. A new
    ///   major version therefore always passes: it starts a new compatibility group.
    public static func requiredBump(from old: DataContract, to new: DataContract, mode: CompatibilityMode,
                                    history: [DataContract], documents: (old: JSONValue?, new: JSONValue?) = (nil, nil),
                                    rules: GradingRules = .current) -> BumpDecision {
        decision(from: old, to: new, mode: mode,
                 verdict: schemaVerdict(from: old, to: new, mode: mode, history: history),
                 changes: rules == .v1 ? [] : classify(from: old, to: new, documents: documents, rules: rules), rules: rules)
    }

    /// The schema half of `requiredBump`: `new`'s schema checked under `mode` against `old` and, in a
    /// transitive mode, against the earlier versions of `old`'s major version in `history`.
    ///
    /// It depends on neither the change list nor the documents, so a caller with a large pair may compute
    /// it beside `classify(from:to:documents:rules:)` and hand both to `decision(...)`:
    ///
    /// ```swift
    /// async let verdict = ContractChangeClassifier.schemaVerdict(from: old, to: new, mode: .default, history: [])
    /// let changes = ContractChangeClassifier.classify(from: old, to: new, documents: (nil, nil), rules: .current)
    /// let bump = ContractChangeClassifier.decision(from: old, to: new, mode: .default, verdict: await verdict,
    ///                                              changes: changes, rules: .current)
    /// ```
    public static func schemaVerdict(from old: DataContract, to new: DataContract, mode: CompatibilityMode,
                                     history: [DataContract]) -> CompatibilityVerdict {
        var group: [(version: SemanticVersion, schema: [RecordSchema])] = [(old.version, old.schema)]
        for earlier in history where earlier.version.major == old.version.major && earlier.version < new.version
            && !group.contains(where: { $0.version.hasSamePrecedence(as: earlier.version) }) {
            group.append((earlier.version, earlier.schema))
        }
        // Non-transitive modes compare with `old` itself, whatever else the history holds.
        let targets = mode.isTransitive ? group : [(old.version, old.schema)]
        return CompatibilityChecker.check(new: new.schema, against: targets, mode: mode, newVersion: new.version)
    }

    /// The grading half of `requiredBump`: `changes` (from `classify(from:to:documents:rules:)` under the
    /// same `rules`) and the schema `verdict` (from `schemaVerdict`) make the decision. Under rules v1 the
    /// verdict alone decides and `changes` is not read.
    public static func decision(from old: DataContract, to new: DataContract, mode: CompatibilityMode,
                                verdict: CompatibilityVerdict, changes classified: [ClassifiedChange],
                                rules: GradingRules = .current) -> BumpDecision {
        if rules == .v1 { return legacyDecision(from: old, to: new, mode: mode, verdict: verdict) }

        var changes = classified
        // Schema findings attach to the change at their place, so each change is one line.
        var unmatched = verdict.incompatibilities
        var findingsByChange: [Int: [VersionedIncompatibility]] = [:]
        for (index, change) in changes.enumerated() {
            let path = change.change.path
            let matching = unmatched.filter { $0.incompatibility.path == path || $0.incompatibility.path.hasPrefix(path + ".") }
            guard !matching.isEmpty else { continue }
            findingsByChange[index] = matching
            unmatched.removeAll { finding in matching.contains(finding) }
        }
        for index in changes.indices {
            let consumerBreaking = changes[index].severity == .breakingForConsumers || changes[index].severity == .breakingForBoth
            if findingsByChange[index] != nil || (mode.protectsConsumers && consumerBreaking) { changes[index].bump = .major }
        }
        var computed = changes.map(\.bump).max() ?? .none
        if !verdict.isCompatible { computed = .major }
        let declared = VersionBump.between(old.version, new.version)
        let increases = old.version < new.version
        let accepted = increases && declared >= computed

        var reasons: [String] = []
        if !increases {
            reasons.append("version \(new.version) does not come after \(old.version)")
        }
        if declared < computed {
            let suggestion = suggestedVersion(after: old.version, bump: computed)
            reasons.append("declared \(declared) (\(old.version) → \(new.version)) is below the required \(computed): publish it as \(suggestion)")
        }
        if declared == .major && computed == .major {
            reasons.append("a new major version starts a new compatibility group; versions before \(new.version.major).0.0 are not checked against it")
        }
        for (index, change) in changes.enumerated().sorted(by: { $0.element.bump > $1.element.bump }) where change.bump > .none {
            var line = "\(change.bump): \(change.change.ungraded) [\(change.severity)]: \(change.reason)"
            if let findings = findingsByChange[index] {
                line += "; " + findings.map { describe($0, mode: mode) }.joined(separator: "; ")
            } else if change.bump == .major, mode.protectsConsumers, change.severity != .breakingForProducers {
                line += "; \(mode) protects consumers of earlier versions"
            }
            reasons.append(line)
        }
        for finding in unmatched {
            let place = finding.incompatibility.path.isEmpty ? "" : " at \(finding.incompatibility.path)"
            reasons.append("MAJOR: schema\(place): \(describe(finding, mode: mode))")
        }
        return BumpDecision(fromVersion: old.version, toVersion: new.version, mode: mode, computed: computed,
                            declared: declared, accepted: accepted, reasons: reasons,
                            incompatibilities: verdict.incompatibilities, changes: changes,
                            comparedVersions: verdict.comparedVersions, rules: rules)
    }

    /// `readers of 1.0.0 cannot read data written under 1.1.0 (FORWARD_TRANSITIVE, READER_FIELD_MISSING_DEFAULT_VALUE: …)`.
    static func describe(_ finding: VersionedIncompatibility, mode: CompatibilityMode) -> String {
        let item = finding.incompatibility
        let who = finding.direction == .forward
            ? "readers of \(finding.previousVersion) cannot read the new data"
            : "new readers cannot read data written under \(finding.previousVersion)"
        return "\(who) (\(mode), \(item.ruleId): \(item.message))"
    }

    /// The least version after `version` that declares `bump`: `1.4.2` + MAJOR → `2.0.0`.
    public static func suggestedVersion(after version: SemanticVersion, bump: VersionBump) -> SemanticVersion {
        switch bump {
        case .major: return SemanticVersion(major: version.major + 1, minor: 0, patch: 0)
        case .minor: return SemanticVersion(major: version.major, minor: version.minor + 1, patch: 0)
        case .patch, .none: return SemanticVersion(major: version.major, minor: version.minor, patch: version.patch + 1)
        }
    }

    /// The rules of `GradingRules.v1`, unchanged: how versions recorded before v2 are re-checked.
    static func legacyDecision(from old: DataContract, to new: DataContract, mode: CompatibilityMode,
                               verdict: CompatibilityVerdict) -> BumpDecision {
        let changes = classify(from: old, to: new)
        var computed = changes.map(\.bump).max() ?? .none
        if !verdict.isCompatible { computed = .major }
        let declared = VersionBump.between(old.version, new.version)
        let increases = old.version < new.version

        var reasons: [String] = []
        if !increases {
            reasons.append("version \(new.version) does not come after \(old.version)")
        }
        if declared < computed {
            reasons.append("declared \(declared) (\(old.version) → \(new.version)) is below the required \(computed)")
        }
        if declared == .major && computed == .major {
            reasons.append("a new major version starts a new compatibility group; versions before \(new.version.major).0.0 are not checked against it")
        }
        for finding in verdict.incompatibilities {
            let incompatibility = finding.incompatibility
            let place = incompatibility.path.isEmpty ? "" : " at \(incompatibility.path)"
            reasons.append("MAJOR: \(mode) forbids it, \(finding.direction)-incompatible with \(finding.previousVersion)\(place): "
                + "\(incompatibility.ruleId): \(incompatibility.message)")
        }
        for change in changes.sorted(by: { $0.bump > $1.bump }) where change.bump > .none {
            reasons.append("\(change.bump): \(change.change) [\(change.severity)]: \(change.reason)")
        }
        return BumpDecision(fromVersion: old.version, toVersion: new.version, mode: mode, computed: computed,
                            declared: declared, accepted: increases && declared >= computed, reasons: reasons,
                            incompatibilities: verdict.incompatibilities, changes: changes,
                            comparedVersions: verdict.comparedVersions, rules: .v1)
    }

    // MARK: Grading helpers

    /// Tightening is MINOR (producers carry it), loosening MAJOR (consumers lose a promise).
    private static func perspective(tightened: Bool, loosened: Bool) -> (ChangeSeverity, VersionBump) {
        switch (tightened, loosened) {
        case (true, true): return (.breakingForBoth, .major)
        case (true, false): return (.breakingForProducers, .minor)
        case (false, true): return (.breakingForConsumers, .major)
        case (false, false): return (.info, .patch)
        }
    }

    private static func typeChange(_ change: ContractChange, fields: (old: FieldIndex, new: FieldIndex)) -> ClassifiedChange {
        guard let before = fields.old[change.path]?.type.nonNull, let after = fields.new[change.path]?.type.nonNull else {
            return ClassifiedChange(change: change, severity: .breakingForBoth, bump: .minor, reason: "the type changed")
        }
        let newReadsOld = CompatibilityChecker.incompatibilities(reader: after, writer: before).isEmpty
        let oldReadsNew = CompatibilityChecker.incompatibilities(reader: before, writer: after).isEmpty
        switch (newReadsOld, oldReadsNew) {
        case (true, true):
            return ClassifiedChange(change: change, severity: .info, bump: .minor, reason: "each type reads the other's values")
        case (true, false):
            return ClassifiedChange(change: change, severity: .breakingForConsumers, bump: .minor,
                                    reason: "widened: consumers may now receive values the old type could not hold")
        case (false, true):
            return ClassifiedChange(change: change, severity: .breakingForProducers, bump: .minor,
                                    reason: "narrowed: producers must fit the smaller type, and earlier data may not")
        case (false, false):
            return ClassifiedChange(change: change, severity: .breakingForBoth, bump: .minor,
                                    reason: "neither type reads the other's values")
        }
    }

    private static func constraintChange(_ change: ContractChange, fields: (old: FieldIndex, new: FieldIndex)) -> ClassifiedChange {
        guard let before = fields.old[change.path], let after = fields.new[change.path] else {
            return ClassifiedChange(change: change, severity: .breakingForBoth, bump: .minor, reason: "constraints changed")
        }
        var tightened = false
        var loosened = false
        func compare<T: Comparable>(_ old: T?, _ new: T?, tighterWhenSmaller: Bool) {
            switch (old, new) {
            case (nil, nil): break
            case (nil, _?): tightened = true
            case (_?, nil): loosened = true
            case let (old?, new?):
                if old == new { break }
                if (new < old) == tighterWhenSmaller { tightened = true } else { loosened = true }
            }
        }
        compare(before.maxLength, after.maxLength, tighterWhenSmaller: true)
        compare(before.maximum, after.maximum, tighterWhenSmaller: true)
        compare(before.minimum, after.minimum, tighterWhenSmaller: false)
        switch (before.pattern, after.pattern) {
        case (nil, nil): break
        case (nil, _?): tightened = true
        case (_?, nil): loosened = true
        case let (old?, new?) where old != new: tightened = true; loosened = true
        default: break
        }
        let (severity, _) = perspective(tightened: tightened, loosened: loosened)
        let reason: String
        switch severity {
        case .info: reason = "constraints rewritten without effect"
        case .breakingForProducers: reason = "constraints tightened: producers must fit them, earlier data may not"
        case .breakingForConsumers: reason = "constraints loosened: consumers may receive values they excluded"
        case .breakingForBoth: reason = "constraints changed both ways"
        }
        return ClassifiedChange(change: change, severity: severity, bump: .minor, reason: reason)
    }

    private static func ruleChange(_ change: ContractChange, old: DataContract, new: DataContract) -> ClassifiedChange {
        guard let before = old.quality.first(where: { $0.name == change.path }),
              let after = new.quality.first(where: { $0.name == change.path }) else {
            return ClassifiedChange(change: change, severity: .breakingForBoth, bump: .major, reason: "the rule changed")
        }
        func result(_ grading: (ChangeSeverity, VersionBump), _ reason: String) -> ClassifiedChange {
            ClassifiedChange(change: change, severity: grading.0, bump: grading.1, reason: reason)
        }
        if before.column != after.column || before.object != after.object {
            return result((.breakingForBoth, .major), "the rule now checks a different object or column")
        }
        var tightened = false
        var loosened = false
        func lowerBound<T: Comparable>(_ old: T?, _ new: T?) {
            switch (old, new) {
            case (nil, _?): tightened = true
            case (_?, nil): loosened = true
            case let (old?, new?) where new > old: tightened = true
            case let (old?, new?) where new < old: loosened = true
            default: break
            }
        }
        func upperBound<T: Comparable>(_ old: T?, _ new: T?) {
            switch (old, new) {
            case (nil, _?): tightened = true
            case (_?, nil): loosened = true
            case let (old?, new?) where new < old: tightened = true
            case let (old?, new?) where new > old: loosened = true
            default: break
            }
        }
        switch (before.kind, after.kind) {
        case let (.range(oldMin, oldMax), .range(newMin, newMax)):
            lowerBound(oldMin, newMin)
            upperBound(oldMax, newMax)
        case let (.rowCount(oldMin, oldMax), .rowCount(newMin, newMax)):
            lowerBound(oldMin, newMin)
            upperBound(oldMax, newMax)
        case let (.acceptedValues(oldValues), .acceptedValues(newValues)):
            let oldSet = Set(oldValues)
            let newSet = Set(newValues)
            if !newSet.isSubset(of: oldSet) { loosened = true }
            if !oldSet.isSubset(of: newSet) { tightened = true }
        case let (.freshness(oldAge), .freshness(newAge)):
            upperBound(oldAge, newAge)
        case let (.regex(oldPattern), .regex(newPattern)):
            if oldPattern != newPattern { tightened = true; loosened = true }
        case (.notNull, .notNull), (.unique, .unique):
            break
        default:
            return result((.breakingForBoth, .major), "the rule became a different kind of check")
        }
        return result(perspective(tightened: tightened, loosened: loosened), ruleReason(tightened: tightened, loosened: loosened))
    }

    private static func ruleReason(tightened: Bool, loosened: Bool) -> String {
        switch (tightened, loosened) {
        case (true, true): return "the rule accepts some data it rejected and rejects some it accepted"
        case (true, false): return "the rule is stricter: producers must meet more, consumers gain"
        case (false, true): return "the rule is looser: consumers may receive data it used to exclude"
        case (false, false): return "the rule was rewritten without effect"
        }
    }

    private static func slaChange(_ change: ContractChange, old: DataContract, new: DataContract) -> ClassifiedChange {
        let before = old.serviceLevel
        let after = new.serviceLevel
        let grading: (ChangeSeverity, VersionBump)
        let subject: String
        switch change.path {
        case "sla.slaHours":
            grading = perspective(tightened: after.slaHours < before.slaHours, loosened: after.slaHours > before.slaHours)
            subject = "delivery latency"
        case "sla.freshness":
            grading = perspective(tightened: after.freshness < before.freshness, loosened: after.freshness > before.freshness)
            subject = "freshness"
        case "sla.availability":
            switch (before.availabilityPercent, after.availabilityPercent) {
            case let (old?, new?): grading = perspective(tightened: new > old, loosened: new < old)
            case (nil, _?): grading = perspective(tightened: true, loosened: false)
            case (_?, nil): grading = perspective(tightened: false, loosened: true)
            case (nil, nil): grading = perspective(tightened: false, loosened: false)
            }
            subject = "availability"
        case "sla.retention":
            switch (before.retention.map(retentionDays), after.retention.map(retentionDays)) {
            case let (old??, new??): grading = perspective(tightened: new > old, loosened: new < old)
            case (nil, _?): grading = perspective(tightened: true, loosened: false)
            case (_?, nil): grading = perspective(tightened: false, loosened: true)
            case (nil, nil): grading = perspective(tightened: false, loosened: false)
            default: grading = perspective(tightened: true, loosened: true)  // a form we cannot compare
            }
            subject = "retention"
        default:
            grading = perspective(tightened: true, loosened: true)
            subject = "an SLA property"
        }
        let reason: String
        switch grading.0 {
        case .info: reason = "\(subject) rewritten without effect"
        case .breakingForProducers: reason = "\(subject) promise tightened: producers must deliver more"
        case .breakingForConsumers: reason = "\(subject) promise loosened: consumers get less than they were promised"
        case .breakingForBoth: reason = "\(subject) changed in a way that cannot be ordered"
        }
        return ClassifiedChange(change: change, severity: grading.0, bump: grading.1, reason: reason)
    }

    /// `90d`, `6 months`, `1y`, `2w` as days; nil for forms that cannot be compared.
    static func retentionDays(_ text: String) -> Int? {
        let lowered = text.trimmingSpaces.lowercased()
        let digits = lowered.prefix { $0.isASCIIDigit }
        guard let count = Int(digits), count > 0 else { return nil }
        switch lowered.dropFirst(digits.count).trimmingSpaces {
        case "d", "day", "days": return count
        case "w", "week", "weeks": return count * 7
        case "m", "mo", "month", "months": return count * 30
        case "y", "yr", "year", "years": return count * 365
        default: return nil
        }
    }

    /// The fields of a contract by their `ContractDiff` path (`object.field`, nested
    /// `object.field.sub`), built in one walk. Where two spellings give the same path (a field
    /// named with a dot), the first in schema order is kept.
    struct FieldIndex {
        private var fields: [String: FieldSchema] = [:]

        /// Keeps only the fields at `paths` (the changed ones): a change to one field of a
        /// 5,000-field schema copies one field, not all of them.
        init(_ contract: DataContract, paths: Set<String>) {
            guard !paths.isEmpty else { return }
            let leaves = Leaves(paths)
            for object in contract.schema { add(object.fields, under: object.name, paths: paths, leaves: leaves) }
        }

        private mutating func add(_ list: [FieldSchema], under prefix: String, paths: Set<String>, leaves: Leaves) {
            list.withUnsafeBufferPointer { buffer in
                guard let base = buffer.baseAddress else { return }
                for field in (0..<buffer.count).lazy.map({ base + $0 }) {
                    let nested = field.pointee.type.nonNullRecord
                    // Most fields are not among the changed ones: pass them over without building their path.
                    guard nested != nil || leaves.contains(field.pointee.name) else { continue }
                    let path = prefix + "." + field.pointee.name
                    if paths.contains(path), fields[path] == nil { fields[path] = field.pointee }
                    if let nested { add(nested.fields, under: path, paths: paths, leaves: leaves) }
                }
            }
        }

        /// Every text that follows a `.` in one of the paths: a field whose name is not among them
        /// cannot be at any of the paths (whatever dots names hold).
        private struct Leaves {
            private var few: [String] = []
            private var many: Set<String> = []
            private let isSmall: Bool

            init(_ paths: Set<String>) {
                var suffixes: [String] = []
                for path in paths {
                    var index = path.startIndex
                    while let dot = path[index...].firstIndex(of: ".") {
                        index = path.index(after: dot)
                        suffixes.append(String(path[index...]))
                    }
                }
                isSmall = suffixes.count <= 8
                if isSmall { few = suffixes } else { many = Set(suffixes) }
            }

            func contains(_ name: String) -> Bool { isSmall ? few.contains(name) : many.contains(name) }
        }

        subscript(path: String) -> FieldSchema? { fields[path] }
    }
}
