/// Whether a new contract version's number matches what changed, with the evidence.
///
/// Stored in events, so it is Codable and self-explanatory: `computed` is the bump the changes
/// require under `mode`, `declared` the bump the author made (`fromVersion` → `toVersion`),
/// and `accepted` whether the declared bump covers the computed one.
public struct BumpDecision: Sendable, Hashable, Codable {
    public var fromVersion: SemanticVersion
    public var toVersion: SemanticVersion
    public var mode: CompatibilityMode
    public var computed: VersionBump
    public var declared: VersionBump
    public var accepted: Bool
    /// One line per reason, most serious first: what forces the computed bump, and any refusal.
    public var reasons: [String]
    /// Schema findings under `mode` against the comparison group (the current major version).
    public var incompatibilities: [VersionedIncompatibility]
    /// Every change between the two versions, graded.
    public var changes: [ClassifiedChange]
    /// The earlier versions the schema was checked against.
    public var comparedVersions: [SemanticVersion]
    /// The edition of the rules that made this decision.
    public var rules: GradingRules

    public init(fromVersion: SemanticVersion, toVersion: SemanticVersion, mode: CompatibilityMode, computed: VersionBump,
                declared: VersionBump, accepted: Bool, reasons: [String], incompatibilities: [VersionedIncompatibility],
                changes: [ClassifiedChange], comparedVersions: [SemanticVersion], rules: GradingRules = .current) {
        self.rules = rules
        self.fromVersion = fromVersion
        self.toVersion = toVersion
        self.mode = mode
        self.computed = computed
        self.declared = declared
        self.accepted = accepted
        self.reasons = reasons
        self.incompatibilities = incompatibilities
        self.changes = changes
        self.comparedVersions = comparedVersions
    }
}
