/// The canonical byte form of JSON used for event hashes (see `docs/event-format.md`):
///
/// - objects: members sorted by key, compared as sequences of UTF-8 bytes; no whitespace;
/// - strings: UTF-8, escaping only `"` `\` and control characters below U+0020
///   (`\b \f \n \r \t` by name, the rest as `\u00XX` lowercase hex); `/` and non-ASCII are literal;
/// - numbers: the literal as written (the ledger only writes integers and plain decimals);
/// - `true`, `false`, `null` as usual.
extension JSONValue {
    public var canonicalText: String { String(decoding: canonicalBytes, as: UTF8.self) }

    public var canonicalBytes: [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(256)
        writeCanonical(into: &output)
        return output
    }

    /// Appends the canonical form as UTF-8 bytes (hashing reads these bytes directly).
    public func writeCanonical(into output: inout [UInt8]) {
        switch self {
        case .null: output.append(contentsOf: "null".utf8)
        case .bool(let flag): output.append(contentsOf: (flag ? "true" : "false").utf8)
        case .number(let literal): output.append(contentsOf: literal.utf8)
        case .string(let text): JSONValue.writeEscaped(text, into: &output)
        case .array(let items):
            output.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                item.writeCanonical(into: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            output.append(UInt8(ascii: "{"))
            let keys = members.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            for (index, key) in keys.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                JSONValue.writeEscaped(key, into: &output)
                output.append(UInt8(ascii: ":"))
                members[key]!.writeCanonical(into: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    static func writeEscaped(_ text: String, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        // Bytes of multi-byte UTF-8 sequences are all >= 0x80, so escaping byte by byte is exact.
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0A: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x08: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x0C: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                           hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
            default:
                output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}
