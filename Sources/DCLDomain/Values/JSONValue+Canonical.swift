/// The canonical byte form of JSON used for event hashes (see `docs/event-format.md`):
///
/// - objects: members sorted by key, compared as sequences of UTF-8 bytes; no whitespace;
/// - strings: UTF-8, escaping only `"` `\` and control characters below U+0020
///   (`\b \f \n \r \t` by name, the rest as `\u00XX` lowercase hex); `/` and non-ASCII are literal;
/// - numbers: the literal as written (the ledger only writes integers and plain decimals);
/// - `true`, `false`, `null` as usual.
extension JSONValue {
    public var canonicalText: String {
        var output = ""
        output.reserveCapacity(256)
        writeCanonical(into: &output)
        return output
    }

    public var canonicalBytes: [UInt8] { Array(canonicalText.utf8) }

    public func writeCanonical(into output: inout String) {
        switch self {
        case .null: output += "null"
        case .bool(let flag): output += flag ? "true" : "false"
        case .number(let literal): output += literal
        case .string(let text): JSONValue.writeEscaped(text, into: &output)
        case .array(let items):
            output += "["
            for (index, item) in items.enumerated() {
                if index > 0 { output += "," }
                item.writeCanonical(into: &output)
            }
            output += "]"
        case .object(let members):
            output += "{"
            let keys = members.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            for (index, key) in keys.enumerated() {
                if index > 0 { output += "," }
                JSONValue.writeEscaped(key, into: &output)
                output += ":"
                members[key]!.writeCanonical(into: &output)
            }
            output += "}"
        }
    }

    static func writeEscaped(_ text: String, into output: inout String) {
        output += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        output += "\""
    }
}
