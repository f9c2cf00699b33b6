import DCLDomain

/// An envelope's payload: a parsed JSON value, or the payload's text exactly as read when that
/// text is already in canonical form (see `EnvelopeBytesReader`).
///
/// Keeping the text saves building a JSON tree for every event read: the hash input copies the
/// bytes as they are, and `EventCodec` reads the high-volume quality results straight from
/// them. The value is parsed only when someone asks for `EventEnvelope.payload`.
enum EnvelopePayload: Sendable {
    case parsed(JSONValue)
    /// `source[range]` is the payload's canonical JSON text (checked when read).
    case canonicalText(source: [UInt8], range: Range<Int>)

    var value: JSONValue {
        switch self {
        case .parsed(let value):
            return value
        case .canonicalText(let source, let range):
            var index = range.lowerBound
            do {
                return try JSONParser.parseValue(in: source, at: &index)
            } catch {
                // `EnvelopeBytesReader` stores text here only after checking it is well-formed JSON.
                preconditionFailure("canonical payload text no longer parses: \(error)")
            }
        }
    }

    func writeCanonical(into output: inout [UInt8]) {
        switch self {
        case .parsed(let value): value.writeCanonical(into: &output)
        case .canonicalText(let source, let range): output.append(contentsOf: source[range])
        }
    }

    var canonicalBytes: [UInt8] {
        switch self {
        case .parsed(let value): return value.canonicalBytes
        case .canonicalText(let source, let range): return Array(source[range])
        }
    }
}
