import DCLDomain

/// Stream heads as a projector folded them, with the cursor they hold at: every event before
/// `cursor` is in them, none after it. A writer on a partitioned log (Kafka) finds a stream's
/// head from this and the few records of the stream's partition after the cursor, instead of
/// reading the partition from its beginning.
///
/// ```swift
/// let snapshot = try await store.streamHeads(of: [.quality(id)])
/// snapshot.heads[.quality(id)]     // nil: no event of the stream before snapshot.cursor
/// ```
public struct StreamHeadsSnapshot: Sendable, Hashable {
    /// The heads of the streams asked for that have events before `cursor`.
    public var heads: [StreamID: StreamHead]
    /// Where the heads hold (a projector's checkpoint).
    public var cursor: LogCursor

    public init(heads: [StreamID: StreamHead] = [:], cursor: LogCursor = .start) {
        self.heads = heads
        self.cursor = cursor
    }

    /// Nothing known yet: every stream is read from its partition's beginning.
    public static let empty = StreamHeadsSnapshot()
}

/// Where a log's writers find stream heads kept by a projector (the read-model store). It must
/// have been built from the same ledger as the log it is given to.
public protocol StreamHeadsSource: Sendable {
    /// The heads of `streams` and the cursor they hold at, read together (one transaction).
    func streamHeads(of streams: Set<StreamID>) async throws -> StreamHeadsSnapshot
}
