/// The one scanning rule the byte readers share (`EnvelopeBytesReader`, `CanonicalJSONScanner`,
/// the quality payload reader): a JSON string whose content needs no unescaping.
enum PlainJSONString {
    /// When `bytes[index]` opens a string with no escape and no control character in it (and, if
    /// `asciiOnly`, only printable ASCII), returns the content's range and moves `index` past the
    /// closing quote. Otherwise returns nil; `index` is then wherever the scan stopped.
    static func scan<Bytes: RandomAccessCollection>(_ bytes: Bytes, at index: inout Bytes.Index, asciiOnly: Bool) -> Range<Bytes.Index>?
    where Bytes.Element == UInt8 {
        guard index < bytes.endIndex, bytes[index] == UInt8(ascii: "\"") else { return nil }
        index = bytes.index(after: index)
        let start = index
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let content = start..<index
                index = bytes.index(after: index)
                return content
            }
            guard byte >= 0x20, byte != UInt8(ascii: "\\"), !asciiOnly || byte < 0x7F else { return nil }
            index = bytes.index(after: index)
        }
        return nil
    }
}
