import DCLDomain

/// The cutoff an audit replay store was rebuilt to. A store that has one is frozen: it answers as
/// the ledger stood then, and no projector ever folds later events into it.
///
/// ```swift
/// try await store.freeze(at: ReplayCutoff(asOf: Timestamp(iso8601: "2026-11-01T00:00:00Z"), toPosition: nil, position: 2))
/// let cutoff = try await store.replayCutoff()   // the same, read back
/// ```
public struct ReplayCutoff: Sendable, Hashable, CustomStringConvertible {
    /// The `--as-of` record time, if given.
    public var asOf: Timestamp?
    /// The `--to-position`, if given.
    public var toPosition: Int64?
    /// The log position of the last event the replay applied.
    public var position: Int64

    public init(asOf: Timestamp?, toPosition: Int64?, position: Int64) {
        self.asOf = asOf
        self.toPosition = toPosition
        self.position = position
    }

    public var limit: ProjectionLimit { ProjectionLimit(toPosition: toPosition, asOf: asOf) }

    public var description: String {
        var parts: [String] = []
        if let asOf { parts.append("as of \(asOf.iso8601)") }
        if let toPosition { parts.append("to position \(toPosition)") }
        parts.append("last applied position \(position)")
        return parts.joined(separator: ", ")
    }
}
