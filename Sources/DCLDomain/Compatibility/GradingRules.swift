/// Which edition of the version-bump rules decided a version; recorded in its `CompatibilityDecision`.
///
/// The fold re-checks every recorded decision (validity is decided at fold), so a ledger written
/// under older rules must fold exactly as it did: each version is re-checked under the rules it was
/// decided by, and only new versions get the current ones.
///
/// - `v1`: the model diff only; the compatibility mode alone raises schema changes to `MAJOR`.
/// - `v2`: every field of the ODCS document is diffed (`DocumentDiff`), quality rules renamed
///   but unchanged are renames, and modes that protect consumers (`FORWARD*`, `FULL*`) make every
///   change that breaks consumers `MAJOR`.
///
/// ```swift
/// GradingRules(recorded: nil)   // .v1: decisions recorded before rules were versioned
/// GradingRules.current          // .v2
/// ```
public enum GradingRules: Int, Sendable, Hashable, Codable, Comparable {
    case v1 = 1
    case v2 = 2

    public static let current = GradingRules.v2

    /// The rules a recorded decision names; decisions from before versioning used `v1`.
    public init(recorded: Int?) { self = recorded.flatMap(GradingRules.init(rawValue:)) ?? .v1 }

    public static func < (lhs: GradingRules, rhs: GradingRules) -> Bool { lhs.rawValue < rhs.rawValue }
}
