import DCLApplication
import DCLDomain
import Foundation

extension HistoryEntry {
    /// The entry as the audit timeline stores it: JSON with sorted keys and absent optionals
    /// left out, which is what `JSONDecoder` reads back. Written member by member because every
    /// event of a rebuild writes one; only the rare `changes` list goes through `JSONEncoder`.
    var timelineRowJSON: [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(512)
        var first = true
        func member(_ name: StaticString) {
            if !first { output.append(UInt8(ascii: ",")) }
            first = false
            output.append(UInt8(ascii: "\""))
            output.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
            output.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
        }
        func string(_ name: StaticString, _ text: String?) {
            guard let text else { return }
            member(name)
            JSONValue.string(text).writeCanonical(into: &output)
        }
        func integer(_ name: StaticString, _ value: Int64) {
            member(name)
            output.append(contentsOf: String(value).utf8)
        }
        output.append(UInt8(ascii: "{"))
        string("actor", actor)
        if let changes {
            member("changes")
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            // Plain Codable structs of strings: encoding cannot fail.
            output.append(contentsOf: (try? encoder.encode(changes)) ?? Data("[]".utf8))
        }
        string("eventId", eventId)
        string("hash", hash)
        string("occurredAt", occurredAt)
        string("outcome", outcome)
        integer("position", position)
        string("reason", reason)
        string("recordedAt", recordedAt)
        integer("schemaVersion", Int64(schemaVersion))
        integer("sequence", sequence)
        string("stream", stream)
        string("summary", summary)
        string("type", type)
        string("version", version)
        output.append(UInt8(ascii: "}"))
        return output
    }
}
