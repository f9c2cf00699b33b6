/// Writes texts as JSON strings the way `JSONEncoder` escapes them, for `SortedJSONEncoder`.
///
/// `JSONEncoder` writes `\b \f \n \r \t \" \\`, other control characters as `\u00xx` and everything
/// else as is; `/` as `\/` unless its `outputFormatting` has `.withoutEscapingSlashes` (the store's
/// row texts escape it, the changelog's values do not).
///
/// ```swift
/// var bytes: [UInt8] = []
/// JSONStringWriter.write("a/b\n", escapingSlashes: true, into: &bytes)    // "a\/b\n"
/// JSONStringWriter.write("a/b\n", escapingSlashes: false, into: &bytes)   // "a/b\n"
/// ```
package enum JSONStringWriter {
    /// Whether every byte of `text` is ASCII.
    package static func isASCII(_ text: String) -> Bool {
        text.utf8.withContiguousStorageIfAvailable { bytes in !bytes.contains { $0 >= 0x80 } } ?? text.utf8.allSatisfy { $0 < 0x80 }
    }

    /// Appends `text` as a JSON string.
    package static func write(_ text: String, escapingSlashes: Bool, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        // Most texts need no escape: then they are copied whole (scanned where they lie; through
        // the UTF-8 view's iterator the scan cost more than the copy).
        // (One loop per setting: a test of the setting inside the scan made it a quarter slower.)
        let plain = text.utf8.withContiguousStorageIfAvailable { bytes in
            escapingSlashes
                ? !bytes.contains { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "/") }
                : !bytes.contains { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }
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
            case UInt8(ascii: "/") where escapingSlashes: output.append(contentsOf: #"\/"#.utf8)
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
