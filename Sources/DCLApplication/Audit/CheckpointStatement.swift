import DCLDomain
import DCLEventLog

/// What an audit checkpoint asserts: at `createdAt`, the log held `eventCount` events up to
/// `endPosition`, and every stream's head (highest sequence) had this hash.
///
/// Its canonical text (sorted keys, no whitespace: `JSONValue.canonicalText`) is what is signed,
/// so anyone can re-check the signature over the exact bytes (see docs/security.md).
///
/// ```swift
/// var builder = CheckpointStatement.Builder()
/// try await log.forEachBatch { batch in for stored in batch { builder.add(stored) } }
/// let statement = builder.statement(createdAt: now)
/// let text = statement.canonicalText          // {"createdAt":"…","endPosition":7,"eventCount":7,"format":"dcl-audit-checkpoint/1","heads":[…]}
/// let back = try CheckpointStatement(canonicalText: text)
/// ```
public struct CheckpointStatement: Sendable, Hashable {
    public static let format = "dcl-audit-checkpoint/1"

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
    public var endPosition: Int64
    /// One per stream, sorted by stream.
    public var heads: [Head]

    public init(createdAt: Timestamp, eventCount: Int, endPosition: Int64, heads: [Head]) {
        self.createdAt = createdAt
        self.eventCount = eventCount
        self.endPosition = endPosition
        self.heads = heads.sorted { $0.stream < $1.stream }
    }

    /// The statement for a log's events as read. A stream's head is its highest sequence; where two
    /// events share it (a lost race on Kafka), the first recorded, which is the one the fold accepts.
    public init(of events: [StoredEvent], createdAt: Timestamp) {
        var builder = Builder()
        for stored in events { builder.add(stored) }
        self = builder.statement(createdAt: createdAt)
    }

    /// The statement for a log read in batches: it holds one head per stream, never the events.
    ///
    /// ```swift
    /// var builder = CheckpointStatement.Builder()
    /// for stored in batch { builder.add(stored) }
    /// let statement = builder.statement(createdAt: now)
    /// ```
    public struct Builder: Sendable {
        private var heads: [StreamID: Head] = [:]
        private var end: Int64 = 0
        private var count = 0

        public init() {}

        public mutating func add(_ stored: StoredEvent) {
            let envelope = stored.envelope
            count += 1
            end = max(end, stored.position)
            if let head = heads[envelope.stream], head.sequence >= envelope.sequence { return }
            heads[envelope.stream] = Head(stream: envelope.stream, sequence: envelope.sequence, hash: envelope.hash)
        }

        public func statement(createdAt: Timestamp) -> CheckpointStatement {
            CheckpointStatement(createdAt: createdAt, eventCount: count, endPosition: end, heads: Array(heads.values))
        }
    }

    public var json: JSONValue {
        .object([
            "format": .string(Self.format),
            "createdAt": .string(createdAt.iso8601),
            "eventCount": .integer(Int64(eventCount)),
            "endPosition": .integer(endPosition),
            "heads": .array(heads.map { head in
                .object(["stream": .string(head.stream.description), "sequence": .integer(head.sequence), "hash": .string(head.hash)])
            }),
        ])
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
        guard members["format"]?.stringValue == Self.format else {
            throw Malformed(description: "the statement's format is not \(Self.format)")
        }
        guard let created = members["createdAt"]?.stringValue.flatMap({ Timestamp(iso8601: $0) }),
              let count = members["eventCount"].flatMap(Self.integer), let end = members["endPosition"].flatMap(Self.integer),
              let list = members["heads"]?.arrayValue else {
            throw Malformed(description: "the statement lacks createdAt, eventCount, endPosition or heads")
        }
        var heads: [Head] = []
        for item in list {
            guard let stream = item["stream"]?.stringValue.flatMap({ StreamID($0) }), let sequence = item["sequence"].flatMap(Self.integer),
                  let hash = item["hash"]?.stringValue, hash.utf8.count == 64 else {
                throw Malformed(description: "a head in the statement lacks a valid stream, sequence or hash")
            }
            heads.append(Head(stream: stream, sequence: sequence, hash: hash))
        }
        self.init(createdAt: created, eventCount: Int(count), endPosition: end, heads: heads)
    }

    private static func integer(_ value: JSONValue) -> Int64? {
        if case .number(let text) = value { return Int64(text) }
        return nil
    }
}
