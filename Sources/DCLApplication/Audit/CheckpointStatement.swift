import DCLDomain
import DCLEventLog

/// What an audit checkpoint asserts: at `createdAt`, the log held `eventCount` events before
/// `end`, and every stream's head (highest sequence) had this hash.
///
/// `end` is the log's cursor when the checkpoint was taken: the next position on the embedded log
/// (key `""`), the next offset of every partition on Kafka (`"topic/partition"`), so a later audit
/// reads exactly the records that were there, whatever was appended since and in whatever order
/// the partitions are read. Format `/1` recorded a position in one global order instead
/// (`endPosition`); it is still read, and on the embedded log it means the same.
///
/// Its canonical text (sorted keys, no whitespace: `JSONValue.canonicalText`) is what is signed,
/// so anyone can re-check the signature over the exact bytes (see docs/security.md).
///
/// ```swift
/// let end = try await log.endCursor()
/// var builder = CheckpointStatement.Builder()
/// try await log.forEachBatch(upTo: end) { batch in for stored in batch { builder.add(stored) } }
/// let statement = builder.statement(createdAt: now, end: end)
/// let text = statement.canonicalText          // {"createdAt":"…","end":{"":8},"eventCount":7,"format":"dcl-audit-checkpoint/2","heads":[…]}
/// let back = try CheckpointStatement(canonicalText: text)
/// ```
public struct CheckpointStatement: Sendable, Hashable {
    public static let format = "dcl-audit-checkpoint/2"
    /// The first format: `endPosition`, a position in one global order.
    public static let positionFormat = "dcl-audit-checkpoint/1"

    public struct Head: Sendable, Hashable {
        public var stream: StreamID
        public var sequence: Int64
        public var hash: String

        public init(stream: StreamID, sequence: Int64, hash: String) {
            self.stream = stream
            self.sequence = sequence
            self.hash = hash
        }
    }

    public var createdAt: Timestamp
    public var eventCount: Int
    /// The log's cursor when the checkpoint was taken: the events it counts are those before it.
    public var end: LogCursor
    /// True for a `/1` statement, whose end was a position in one global order (kept as the
    /// cursor after it, `LogCursor.after(position:)`).
    public var endIsGlobalPosition: Bool
    /// One per stream, sorted by stream (of a part: the part's streams, see `split(maxBytes:)`).
    public var heads: [Head]
    /// Which part of its checkpoint this statement is, of how many: a checkpoint of many streams
    /// is recorded as several events, each signed (1 of 1 for one that fits in one).
    public var part = 1
    public var parts = 1

    public init(createdAt: Timestamp, eventCount: Int, end: LogCursor, heads: [Head]) {
        self.createdAt = createdAt
        self.eventCount = eventCount
        self.end = end
        self.endIsGlobalPosition = false
        self.heads = heads.sorted { $0.stream < $1.stream }
    }

    /// A `/1` statement: its end is a position in one global order.
    public init(createdAt: Timestamp, eventCount: Int, endPosition: Int64, heads: [Head]) {
        self.init(createdAt: createdAt, eventCount: eventCount, end: .after(position: endPosition), heads: heads)
        endIsGlobalPosition = true
    }

    /// Where the end stands, for people: "position 7" on the embedded log, the partitions' offsets
    /// on Kafka (the first few of a topic with many partitions; the statement has them all).
    public var endDescription: String {
        if let next = end.next[LogCursor.globalPartition], end.next.count == 1 { return "position \(next - 1)" }
        guard end.next.count > 8 else { return end.description }
        let first = LogCursor(next: Dictionary(uniqueKeysWithValues: end.next.sorted { $0.key < $1.key }.prefix(3).map { ($0.key, $0.value) }))
        return "\(first), … (\(end.next.count) partitions)"
    }

    /// Whether `log`'s partitions are those the end names (a `/1` end on Kafka, or an end taken on
    /// another kind of log, is not a place in this one): only then can events be told before or
    /// after it.
    public func endIsComparable(with logEnd: LogCursor) -> Bool {
        end.next.keys.allSatisfy { logEnd.next[$0] != nil }
    }

    /// The statement for a log read in batches: it holds one head per stream, never the events.
    ///
    /// ```swift
    /// var builder = CheckpointStatement.Builder()
    /// for stored in batch { builder.add(stored) }
    /// let statement = builder.statement(createdAt: now, end: end)
    /// ```
    public struct Builder: Sendable {
        private var heads: [StreamID: Head] = [:]
        private var count = 0

        public init() {}

        /// A stream's head is its highest sequence; where two events share it (a lost race on
        /// Kafka), the first read, which is the one the fold accepts.
        public mutating func add(_ stored: StoredEvent) {
            let envelope = stored.envelope
            count += 1
            if let head = heads[envelope.stream], head.sequence >= envelope.sequence { return }
            heads[envelope.stream] = Head(stream: envelope.stream, sequence: envelope.sequence, hash: envelope.hash)
        }

        /// The statement of the events added, which are those before `end`.
        public func statement(createdAt: Timestamp, end: LogCursor) -> CheckpointStatement {
            CheckpointStatement(createdAt: createdAt, eventCount: count, end: end, heads: Array(heads.values))
        }
    }

    public var json: JSONValue {
        var members: [String: JSONValue] = [
            "createdAt": .string(createdAt.iso8601),
            "eventCount": .integer(Int64(eventCount)),
            "heads": .array(heads.map { head in
                .object(["stream": .string(head.stream.description), "sequence": .integer(head.sequence), "hash": .string(head.hash)])
            }),
        ]
        if parts > 1 {
            members["part"] = .integer(Int64(part))
            members["parts"] = .integer(Int64(parts))
        }
        if endIsGlobalPosition {
            members["format"] = .string(Self.positionFormat)
            members["endPosition"] = .integer((end.next[LogCursor.globalPartition] ?? 1) - 1)
        } else {
            members["format"] = .string(Self.format)
            members["end"] = .object(end.next.mapValues { .integer($0) })
        }
        return .object(members)
    }

    /// The exact text that is signed.
    public var canonicalText: String { json.canonicalText }

    public struct Malformed: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Reads a statement back from its text, refusing anything that is not one.
    public init(canonicalText text: String) throws(Malformed) {
        guard let json = try? JSONParser.parse(text), let members = json.objectValue else {
            throw Malformed(description: "the statement is not a JSON object")
        }
        let format = members["format"]?.stringValue
        guard format == Self.format || format == Self.positionFormat else {
            throw Malformed(description: "the statement's format is not \(Self.format) (nor \(Self.positionFormat))")
        }
        guard let created = members["createdAt"]?.stringValue.flatMap({ Timestamp(iso8601: $0) }),
              let count = members["eventCount"].flatMap(Self.integer), let list = members["heads"]?.arrayValue else {
            throw Malformed(description: "the statement lacks createdAt, eventCount or heads")
        }
        var endPosition: Int64?
        var end = LogCursor()
        if format == Self.positionFormat {
            guard let position = members["endPosition"].flatMap(Self.integer) else {
                throw Malformed(description: "the statement lacks endPosition")
            }
            endPosition = position
        } else {
            guard let partitions = members["end"]?.objectValue else {
                throw Malformed(description: "the statement lacks end (the log's cursor: the next offset of each partition)")
            }
            for (key, value) in partitions {
                guard let offset = Self.integer(value), offset >= 0 else {
                    throw Malformed(description: "the statement's end names partition '\(key)' without an offset")
                }
                end.next[key] = offset
            }
        }
        var heads: [Head] = []
        for item in list {
            guard let stream = item["stream"]?.stringValue.flatMap({ StreamID($0) }), let sequence = item["sequence"].flatMap(Self.integer),
                  let hash = item["hash"]?.stringValue, hash.utf8.count == 64 else {
                throw Malformed(description: "a head in the statement lacks a valid stream, sequence or hash")
            }
            heads.append(Head(stream: stream, sequence: sequence, hash: hash))
        }
        if let endPosition {
            self.init(createdAt: created, eventCount: Int(count), endPosition: endPosition, heads: heads)
        } else {
            self.init(createdAt: created, eventCount: Int(count), end: end, heads: heads)
        }
        if members["part"] != nil || members["parts"] != nil {
            guard let part = members["part"].flatMap(Self.integer), let parts = members["parts"].flatMap(Self.integer),
                  parts >= 1, (1...parts).contains(part) else {
                throw Malformed(description: "the statement's part and parts are not 1 ≤ part ≤ parts")
            }
            self.part = Int(part)
            self.parts = Int(parts)
        }
    }

    private static func integer(_ value: JSONValue) -> Int64? {
        if case .number(let text) = value { return Int64(text) }
        return nil
    }
}
