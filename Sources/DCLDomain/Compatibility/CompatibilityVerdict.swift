/// The outcome of checking a new schema against earlier versions under a compatibility mode.
///
/// Lists every finding rather than the first, so an author fixes a contract in one round.
public struct CompatibilityVerdict: Sendable, Hashable, Codable {
    public var mode: CompatibilityMode
    public var newVersion: SemanticVersion?
    /// The earlier versions actually compared: the latest only, or all for transitive modes.
    public var comparedVersions: [SemanticVersion]
    public var incompatibilities: [VersionedIncompatibility]

    public init(mode: CompatibilityMode, newVersion: SemanticVersion? = nil, comparedVersions: [SemanticVersion],
                incompatibilities: [VersionedIncompatibility]) {
        self.mode = mode
        self.newVersion = newVersion
        self.comparedVersions = comparedVersions
        self.incompatibilities = incompatibilities
    }

    public var isCompatible: Bool { incompatibilities.isEmpty }

    /// The findings of one direction.
    public func incompatibilities(_ direction: CompatibilityDirection) -> [VersionedIncompatibility] {
        incompatibilities.filter { $0.direction == direction }
    }
}
