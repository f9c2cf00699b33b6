/// Whom a contract change hurts, graded by perspective as `datacontract breaking` does:
/// tightening a promise (a new rule, a stricter range, a shorter SLA, a field made required)
/// breaks producers, who must now deliver more; loosening one (a rule dropped, a wider range,
/// a later SLA, a field made optional or removed) breaks consumers, who relied on it.
public enum ChangeSeverity: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// Nothing anyone relied on changed (documentation, owner, additive optional fields).
    case info = "info"
    /// A tightening: producers must now meet more.
    case breakingForProducers = "breaking-for-producers"
    /// A loosening: consumers lose something they relied on.
    case breakingForConsumers = "breaking-for-consumers"
    /// A change that is neither a pure tightening nor a pure loosening (a key or classification
    /// change, a pattern replaced, a range shifted): both sides must act.
    case breakingForBoth = "breaking-for-both"

    public var description: String { rawValue }
}
