/// The part of a semantic version a change moves: `MAJOR` for changes that break consumers
/// under the contract's rules, `MINOR` for compatible schema changes and new guarantees,
/// `PATCH` for documentation and metadata, `NONE` when nothing changed.
///
/// Ordered, so "the declared bump covers the required one" is `declared >= computed`.
public enum VersionBump: String, Sendable, Hashable, Codable, CaseIterable, Comparable, CustomStringConvertible {
    case none = "NONE"
    case patch = "PATCH"
    case minor = "MINOR"
    case major = "MAJOR"

    private var rank: Int {
        switch self {
        case .none: return 0
        case .patch: return 1
        case .minor: return 2
        case .major: return 3
        }
    }

    public static func < (lhs: VersionBump, rhs: VersionBump) -> Bool { lhs.rank < rhs.rank }

    /// The bump an author declared by moving from `old` to `new`, read on MAJOR.MINOR.PATCH.
    /// `NONE` when the core numbers do not increase (equal, lower, or only a pre-release tag moved).
    public static func between(_ old: SemanticVersion, _ new: SemanticVersion) -> VersionBump {
        if new.major != old.major { return new.major > old.major ? .major : .none }
        if new.minor != old.minor { return new.minor > old.minor ? .minor : .none }
        if new.patch != old.patch { return new.patch > old.patch ? .patch : .none }
        return .none
    }

    public var description: String { rawValue }
}
