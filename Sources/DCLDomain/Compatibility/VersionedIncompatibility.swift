/// An incompatibility with the comparison it came from: which earlier version, which
/// direction, and (when known) the new version being checked.
///
/// The direction says who is hurt: `backward` findings break consumers on the new schema that
/// read older data (replays, backfills, history tables); `forward` findings break consumers
/// still on the earlier schema when the producer moves to the new one.
public struct VersionedIncompatibility: Sendable, Hashable, Codable, CustomStringConvertible {
    public var direction: CompatibilityDirection
    /// The earlier version compared against.
    public var previousVersion: SemanticVersion
    /// The version being checked, when the caller knows it.
    public var newVersion: SemanticVersion?
    public var incompatibility: Incompatibility

    public init(direction: CompatibilityDirection, previousVersion: SemanticVersion, newVersion: SemanticVersion? = nil,
                incompatibility: Incompatibility) {
        self.direction = direction
        self.previousVersion = previousVersion
        self.newVersion = newVersion
        self.incompatibility = incompatibility
    }

    public var ruleId: IncompatibilityRule { incompatibility.ruleId }
    public var path: String { incompatibility.path }

    /// `backward vs 1.2.0: READER_FIELD_MISSING_DEFAULT_VALUE at orders.channel (…): …`
    public var description: String {
        let versions = newVersion.map { "\($0) vs \(previousVersion)" } ?? "vs \(previousVersion)"
        return "\(direction) \(versions): \(incompatibility)"
    }
}
