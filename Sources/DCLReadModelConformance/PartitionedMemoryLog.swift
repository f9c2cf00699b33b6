import DCLDomain
import DCLEventLog

/// A partitioned log in memory, laid out as `KafkaEventLog` lays out a ledger: a stream's events
/// go to the partition its subject (contract id, domain name, governance subject) hashes to, on
/// `dcl.quality.v1` for quality streams and `dcl.contracts.v1` for the rest, both with the same
/// number of partitions; so partition *p* of both topics holds all of a contract's events. Cursor
/// keys are `topic/partition`, positions are not global (`hasGlobalPositions` is false).
///
/// `owning(_:)` gives the view of a projector that owns some partition numbers: it reads, and
/// its cursors name, those partitions only.
///
/// ```swift
/// let log = PartitionedMemoryLog(try await memoryLog.readAll(), partitions: 4)
/// let member = log.owning([0, 2])
/// let batch = try await member.read(from: .start, limit: 100)   // partitions 0 and 2 only
/// ```
public struct PartitionedMemoryLog: EventLog {
    public static let contractsTopic = "dcl.contracts.v1"
    public static let qualityTopic = "dcl.quality.v1"

    /// Every partition's events in offset order, by cursor key.
    let partitions: [String: [StoredEvent]]
    /// The partitions this view reads, in the order a read visits them.
    public let keys: [String]
    /// Every event, in the order it was given (what `readStream` filters).
    let all: [StoredEvent]

    /// Lays `events` out over `count` partitions per topic.
    public init(_ events: [StoredEvent], partitions count: Int) {
        var partitions: [String: [StoredEvent]] = [:]
        for number in 0..<max(1, count) {
            for topic in [Self.contractsTopic, Self.qualityTopic] { partitions["\(topic)/\(number)"] = [] }
        }
        for event in events { partitions[Self.key(of: event.envelope.stream, partitions: max(1, count)), default: []].append(event) }
        self.partitions = partitions
        keys = partitions.keys.sorted()
        all = events
    }

    private init(partitions: [String: [StoredEvent]], keys: [String], all: [StoredEvent]) {
        self.partitions = partitions
        self.keys = keys
        self.all = all
    }

    /// The cursor key of the partition a stream's events go to.
    public static func key(of stream: StreamID, partitions count: Int) -> String {
        let topic = stream.kind == .quality ? qualityTopic : contractsTopic
        return "\(topic)/\(number(ofSubject: stream.subject, partitions: count))"
    }

    /// The partition number of a stream subject (a contract id, say).
    public static func number(ofSubject subject: String, partitions count: Int) -> Int {
        // FNV-1a: stable across processes and platforms (Swift's `hashValue` is seeded per process).
        let hash = subject.utf8.reduce(UInt64(14_695_981_039_346_656_037)) { ($0 ^ UInt64($1)) &* 1_099_511_628_211 }
        return Int(hash % UInt64(max(1, count)))
    }

    /// As `KafkaEventLog`: a contract's place is its key's partition number; this view folds
    /// the numbers it owns.
    public func contractPartitions() async throws -> ContractPartitions {
        let count = partitions.count / 2
        let folded = Set(keys.compactMap(Self.number)).sorted().map { Int32($0) }
        return ContractPartitions(folded: folded) { id in Int32(Self.number(ofSubject: id, partitions: count)) }
    }

    /// The partition number of a cursor key (`topic/number`).
    public static func number(of key: String) -> Int? {
        key.split(separator: "/").last.flatMap { Int($0) }
    }

    /// The view of a projector that owns these partition numbers (of both topics).
    public func owning(_ numbers: Set<Int>) -> PartitionedMemoryLog {
        PartitionedMemoryLog(partitions: partitions, keys: keys.filter { Self.number(of: $0).map(numbers.contains) ?? false }, all: all)
    }

    /// The partition numbers that hold at least one event.
    public var usedNumbers: Set<Int> {
        Set(partitions.filter { !$0.value.isEmpty }.keys.compactMap(Self.number))
    }

    /// As `KafkaEventLog` reads: the partitions in order (every partition of the contracts topic
    /// before the quality topic's), each from its cursor in offset order, until `limit`; the
    /// cursor after names every partition of this view. With `end`, each partition only below
    /// the offset it names.
    public func read(from cursor: LogCursor, until end: LogCursor?, limit: Int) async throws -> LogBatch {
        var next = Dictionary(uniqueKeysWithValues: keys.map { ($0, cursor.next[$0] ?? 0) })
        var events: [StoredEvent] = []
        for key in keys where events.count < limit {
            let partition = partitions[key] ?? []
            let start = Int(next[key] ?? 0)
            let stop = end.map { Int($0.next[key] ?? 0) } ?? partition.count
            let taken = partition.prefix(max(start, stop)).dropFirst(start).prefix(limit - events.count)
            events += taken
            next[key] = Int64(start + taken.count)
        }
        return LogBatch(events: events, after: LogCursor(next: next), hasGlobalPositions: false)
    }

    public func endCursor() async throws -> LogCursor {
        LogCursor(next: Dictionary(uniqueKeysWithValues: keys.map { ($0, Int64(partitions[$0]?.count ?? 0)) }))
    }

    public func append(_ envelopes: [EventEnvelope]) async throws -> [StoredEvent] {
        throw EventLogError(.invalidArgument, "a PartitionedMemoryLog is read-only: lay out a finished ledger")
    }

    public func readStream(_ stream: StreamID) async throws -> [StoredEvent] {
        all.filter { $0.envelope.stream == stream }
    }

    public func identity() async throws -> LedgerIdentity { LedgerIdentity("conformance-partitioned-log") }
}
