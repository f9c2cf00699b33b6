import DCLDomain
import DCLEventLog

extension CheckpointStatement {
    /// The largest statement text recorded in one event by default. A checkpoint lists every
    /// stream (~130 bytes each), and a Kafka broker refuses a record over `message.max.bytes`
    /// (1 MB unless configured): 10,000 contracts make a statement of ~2.7 MB.
    public static let defaultPartBytes = 256 * 1024

    /// This statement as parts whose texts are at most `maxBytes` each (itself when it fits):
    /// the same time, end and count, the heads in stream order, split between the parts. Each
    /// part is signed and recorded on its own; `merged(_:)` puts them back together.
    ///
    /// ```swift
    /// let parts = statement.split(maxBytes: CheckpointStatement.defaultPartBytes)
    /// let whole = try CheckpointStatement.merged(parts)   // == statement
    /// ```
    public func split(maxBytes: Int) -> [CheckpointStatement] {
        guard canonicalText.utf8.count > maxBytes, heads.count > 1 else { return [self] }
        // Everything but the heads, as each part repeats it (with room for the part numbers).
        var empty = self
        empty.heads = []
        empty.part = 99_999
        empty.parts = 99_999
        let fixed = empty.canonicalText.utf8.count
        var groups: [[Head]] = [[]]
        var size = fixed
        for head in heads {
            let headBytes = JSONValue.object(["stream": .string(head.stream.description), "sequence": .integer(head.sequence),
                                              "hash": .string(head.hash)]).canonicalText.utf8.count + 1
            if size + headBytes > maxBytes && !(groups[groups.count - 1].isEmpty) {
                groups.append([])
                size = fixed
            }
            groups[groups.count - 1].append(head)
            size += headBytes
        }
        return groups.enumerated().map { index, group in
            var part = self
            part.heads = group
            part.part = index + 1
            part.parts = groups.count
            return part
        }
    }

    /// The statement the parts of one checkpoint make together, refusing parts that are not all
    /// of one checkpoint (another time, end or count, a part missing or twice).
    public static func merged(_ parts: [CheckpointStatement]) throws(Malformed) -> CheckpointStatement {
        guard var whole = parts.first else { throw Malformed(description: "a checkpoint needs at least one statement") }
        let count = whole.parts
        guard parts.count == count else {
            throw Malformed(description: "the checkpoint has \(count) parts, \(parts.count) were found")
        }
        guard Set(parts.map(\.part)) == Set(1...count) else {
            throw Malformed(description: "the checkpoint's parts are not 1…\(count) each once: \(parts.map(\.part).sorted())")
        }
        for part in parts where part.createdAt != whole.createdAt || part.end != whole.end || part.eventCount != whole.eventCount
            || part.endIsGlobalPosition != whole.endIsGlobalPosition || part.parts != count {
            throw Malformed(description: "part \(part.part) of the checkpoint of \(whole.createdAt.iso8601) belongs to another checkpoint")
        }
        whole.heads = parts.flatMap(\.heads).sorted { $0.stream < $1.stream }
        whole.part = 1
        whole.parts = 1
        return whole
    }
}
