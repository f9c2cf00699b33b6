/// Where a reader stands in a log: for each of the log's partitions, the next position or offset
/// to read. The embedded log has one partition (its global order, key `""`); Kafka has one per
/// topic partition (`"topic/partition"`), read independently, so a record that arrives late in
/// one partition is never passed over because another partition moved on.
///
/// A projector stores its cursor in the same transaction as its read models.
///
/// ```swift
/// var cursor = LogCursor.start
/// let batch = try await log.read(from: cursor, limit: 1000)
/// cursor = batch.after
/// ```
public struct LogCursor: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The next position or offset to read, per partition key. A partition not named starts at
    /// its beginning.
    public var next: [String: Int64]

    public init(next: [String: Int64] = [:]) { self.next = next }

    public static let start = LogCursor()

    /// The key of the embedded log's single partition.
    public static let globalPartition = ""

    /// A cursor on a log with one global order, after `position`.
    public static func after(position: Int64) -> LogCursor { LogCursor(next: [globalPartition: position + 1]) }

    /// Events between this cursor and `end` (a log's end cursor), summed over partitions. A
    /// partition this cursor does not name is read from its beginning: offset 0 on Kafka,
    /// position 1 on the log with one global order.
    public func remaining(to end: LogCursor) -> Int64 {
        end.next.reduce(0) { total, partition in
            total + max(0, partition.value - (next[partition.key] ?? (partition.key == Self.globalPartition ? 1 : 0)))
        }
    }

    /// Whether some partition of this cursor lies beyond `end`: read from a log that has since
    /// lost records, or from another log.
    public func isBeyond(_ end: LogCursor) -> Bool {
        next.contains { partition in partition.value > (end.next[partition.key] ?? 0) }
    }

    public var description: String {
        next.sorted { $0.key < $1.key }.map { $0.key.isEmpty ? "position \($0.value - 1)" : "\($0.key)@\($0.value)" }.joined(separator: ", ")
    }
}

/// What `EventLog.read(from:limit:)` returns: events and the cursor after them.
public struct LogBatch: Sendable {
    public var events: [StoredEvent]
    public var after: LogCursor
    /// True when each event's `position` is its place in the log's one global order. False on a
    /// partitioned log: the reader numbers the events it takes in the order it takes them.
    public var hasGlobalPositions: Bool

    public init(events: [StoredEvent], after: LogCursor, hasGlobalPositions: Bool) {
        self.events = events
        self.after = after
        self.hasGlobalPositions = hasGlobalPositions
    }
}
