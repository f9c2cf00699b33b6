import DCLDomain
import Foundation

/// The text `ReadModelRows.encoder()` (`JSONEncoder`, `.sortedKeys`) writes for a value, byte for byte,
/// written from the value's tree (`JSONValueEncoder`) instead.
///
/// Why: a changed contract's row texts (its fold state, catalog entry and version rows, whole documents
/// inside) were the largest part of a publish's CPU left, most of it `JSONEncoder`'s per-member work.
/// The text must stay the same bytes (exports and the changelog carry it), so this writer follows
/// `JSONEncoder`'s output: no spaces, keys in order, `/` written `\/`, `\b \f \n \r \t \" \\`, other
/// control characters as `\u00xx`, everything else as is; integers as `String` writes them. Where the
/// tree is left to `JSONEncoder` (a `Double` on the way, see `JSONValueEncoder`) or a key is not ASCII
/// (the order of such keys is `JSONEncoder`'s to decide), `JSONEncoder` writes the text.
enum StoredJSONText {
    static func text<T: Encodable>(_ value: T, encoder: JSONEncoder) throws -> String {
        if let tree = JSONValueEncoder().encode(value) {
            var output: [UInt8] = []
            output.reserveCapacity(4096)
            if write(tree, into: &output) { return String(decoding: output, as: UTF8.self) }
        }
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// Appends the value's text; false (the output then unusable) for an object with a non-ASCII key.
    static func write(_ value: JSONValue, into output: inout [UInt8]) -> Bool {
        switch value {
        case .null: output.append(contentsOf: "null".utf8)
        case .bool(let flag): output.append(contentsOf: (flag ? "true" : "false").utf8)
        // `JSONValueEncoder` gives integer texts only (`String(Int64)`), as `JSONEncoder` writes them.
        case .number(let literal): output.append(contentsOf: literal.utf8)
        case .string(let text): writeString(text, into: &output)
        case .array(let items):
            output.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                guard write(item, into: &output) else { return false }
            }
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            guard members.keys.allSatisfy({ key in key.utf8.allSatisfy { $0 < 0x80 } }) else { return false }
            output.append(UInt8(ascii: "{"))
            // ASCII keys: `String` order is byte order, the order `JSONEncoder` sorts them in.
            for (index, key) in members.keys.sorted().enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                writeString(key, into: &output)
                output.append(UInt8(ascii: ":"))
                guard let member = members[key], write(member, into: &output) else { return false }
            }
            output.append(UInt8(ascii: "}"))
        }
        return true
    }

    static func writeString(_ text: String, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): output.append(contentsOf: #"\""#.utf8)
            case UInt8(ascii: "\\"): output.append(contentsOf: #"\\"#.utf8)
            case UInt8(ascii: "/"): output.append(contentsOf: #"\/"#.utf8)
            case 0x08: output.append(contentsOf: #"\b"#.utf8)
            case 0x0C: output.append(contentsOf: #"\f"#.utf8)
            case 0x0A: output.append(contentsOf: #"\n"#.utf8)
            case 0x0D: output.append(contentsOf: #"\r"#.utf8)
            case 0x09: output.append(contentsOf: #"\t"#.utf8)
            case 0x00..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                output.append(contentsOf: #"\u00"#.utf8)
                output.append(hex[Int(byte >> 4)])
                output.append(hex[Int(byte & 0x0F)])
            default: output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}
