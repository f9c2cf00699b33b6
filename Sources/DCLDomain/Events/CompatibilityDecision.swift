/// Why a version was accepted: the compatibility mode applied, the bump the changes require,
/// the bump the author declared, the versions compared, and the reasons (rule ids with paths).
/// Recorded with the version so `dcl history` and the compatibility read model can show it.
public struct CompatibilityDecision: Sendable, Hashable, Codable {
    public var mode: String
    public var computedBump: String
    public var declaredBump: String
    public var comparedWith: [String]
    public var ruleIds: [String]
    public var reasons: [String]
    /// The `GradingRules` edition that decided it; absent (v1) in decisions recorded before rules were versioned.
    public var rules: Int?

    public init(mode: String, computedBump: String, declaredBump: String, comparedWith: [String], ruleIds: [String], reasons: [String],
                rules: Int? = nil) {
        self.rules = rules
        self.mode = mode
        self.computedBump = computedBump
        self.declaredBump = declaredBump
        self.comparedWith = comparedWith
        self.ruleIds = ruleIds
        self.reasons = reasons
    }
}
