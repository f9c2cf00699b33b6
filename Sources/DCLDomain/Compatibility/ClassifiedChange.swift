/// One `ContractChange` with its grading: whom it hurts, the least version bump it needs on
/// its own, and why. The compatibility mode may still raise a schema change to `MAJOR`
/// (see `ContractChangeClassifier.requiredBump`).
public struct ClassifiedChange: Sendable, Hashable, Codable, CustomStringConvertible {
    public var change: ContractChange
    public var severity: ChangeSeverity
    public var bump: VersionBump
    public var reason: String

    public init(change: ContractChange, severity: ChangeSeverity, bump: VersionBump, reason: String) {
        self.change = change
        self.severity = severity
        self.bump = bump
        self.reason = reason
    }

    /// `MINOR fieldAdded orders.channel (string?) [info]: …`
    public var description: String { "\(bump) \(change.ungraded) [\(severity)]: \(reason)" }

    /// The change carrying its grade, as `SchemaChanged` records it.
    public var gradedChange: ContractChange {
        var graded = change
        graded.grade = severity
        return graded
    }
}
