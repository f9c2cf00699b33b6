import DCLDomain

/// The last event a log holds for one stream: what a writer chains its next event to.
///
/// A writer needs only this to append to a stream whose past does not decide anything (quality
/// results are facts), so the cost of recording one stays the same at any stream length.
///
/// ```swift
/// let head = try await log.head(of: .quality(id)) ?? StreamHead.empty
/// let next = head.sequence + 1        // the sequence the next event takes
/// ```
public struct StreamHead: Sendable, Hashable, Codable {
    /// The stream's last sequence (0 for a stream with no events).
    public var sequence: Int64
    /// That event's hash (the genesis hash for a stream with no events).
    public var hash: String

    public init(sequence: Int64, hash: String) {
        self.sequence = sequence
        self.hash = hash
    }

    /// The head of a stream with no events.
    public static let empty = StreamHead(sequence: 0, hash: EventEnvelope.genesisHash)
}
