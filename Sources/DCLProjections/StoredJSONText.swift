import DCLDomain
import Foundation

/// The text `ReadModelRows.encoder()` (`JSONEncoder`, `.sortedKeys`) writes for a value, byte for byte,
/// written by `SortedJSONEncoder` instead where it can.
///
/// Why: a changed contract's row texts (its fold state, catalog entry and version rows, whole documents
/// inside) were the largest part of a publish's CPU left, most of it `JSONEncoder`'s per-member work.
/// The text must stay the same bytes (exports and the changelog carry it), so the writer follows
/// `JSONEncoder`'s output: no spaces, keys in order, `/` written `\/`, `\b \f \n \r \t \" \\`, other
/// control characters as `\u00xx`, everything else as is; integers as `String` writes them. Where
/// `SortedJSONEncoder` leaves a value to `JSONEncoder` (a `Double` on the way, a key that is not
/// ASCII: see there), `JSONEncoder` writes the text.
enum StoredJSONText {
    static func text<T: Encodable>(_ value: T, encoder: JSONEncoder) throws -> String {
        if let text = SortedJSONEncoder.text(value) { return String(decoding: text, as: UTF8.self) }
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// Whether every byte of `text` is ASCII.
    static func isASCII(_ text: String) -> Bool {
        text.utf8.withContiguousStorageIfAvailable { bytes in !bytes.contains { $0 >= 0x80 } } ?? text.utf8.allSatisfy { $0 < 0x80 }
    }

    /// Appends `text` as a JSON string, escaped as `JSONEncoder` escapes it.
    static func writeString(_ text: String, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        // Most texts need no escape: then they are copied whole (scanned where they lie; through
        // the UTF-8 view's iterator the scan cost more than the copy).
        let plain = text.utf8.withContiguousStorageIfAvailable { bytes in
            !bytes.contains { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "/") }
        }
        if plain == true {
            output.append(contentsOf: text.utf8)
            output.append(UInt8(ascii: "\""))
            return
        }
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
