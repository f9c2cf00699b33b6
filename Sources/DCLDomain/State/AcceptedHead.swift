/// Where a stream stands in the fold state: the sequence of its last accepted event and, for an
/// event read from a log, that event's hash (what the stream's next event must chain to).
///
/// One value per stream rather than two dictionaries (sequences, hashes): the fold reads and
/// moves both for every event, and each dictionary hashed and searched for the stream's name.
///
/// ```swift
/// var state = LedgerState()
/// state.heads[.quality(id)] = AcceptedHead(sequence: 3, hash: lastHash)
/// state.head(of: .quality(id))       // 3
/// state.headHash(of: .quality(id))   // lastHash
/// ```
public struct AcceptedHead: Sendable, Hashable {
    /// The stream's last accepted sequence.
    public var sequence: Int64
    /// That event's hash; nil for a stream folded from events that carry none (built in memory,
    /// not read from a log).
    public var hash: String?

    public init(sequence: Int64, hash: String? = nil) {
        self.sequence = sequence
        self.hash = hash
    }
}
