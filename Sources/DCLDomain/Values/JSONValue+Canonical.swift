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

    /// Appends `text` as a JSON string; `prefix`, which must need no escape, goes first inside
    /// the quotes (a stream id's kind, without building the id's text).
    public static func writeEscaped(_ text: String, after prefix: StaticString = "", into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        output.append(contentsOf: UnsafeBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount))
        text.withUTF8InPlace { bytes in
            // Runs that need no escape are copied whole; bytes of multi-byte UTF-8 sequences are
            // all >= 0x80, so escaping byte by byte is exact.
            var runStart = 0
            var index = firstEscape(in: bytes, from: 0)
            while index < bytes.count {
                let byte = bytes[index]
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                runStart = index + 1
                output.append(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): output.append(byte)
                case 0x0A: output.append(UInt8(ascii: "n"))
                case 0x0D: output.append(UInt8(ascii: "r"))
                case 0x09: output.append(UInt8(ascii: "t"))
                case 0x08: output.append(UInt8(ascii: "b"))
                case 0x0C: output.append(UInt8(ascii: "f"))
                default:
                    let hex = Array("0123456789abcdef".utf8)
                    output.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
                }
                index = firstEscape(in: bytes, from: runStart)
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
        }
        output.append(UInt8(ascii: "\""))
    }

    /// The index of the first byte at or after `start` that must be escaped (`bytes.count` if
    /// none). Eight bytes are tested at a time: every text an event holds is checked each time it
    /// is hashed, and almost none needs an escape.
    @inline(__always)
    static func firstEscape(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var index = start
        if let base = bytes.baseAddress {
            let raw = UnsafeRawPointer(base)
            while index + 8 <= bytes.count, !mayNeedEscape(raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)) {
                index += 8
            }
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return index }
            index += 1
        }
        return bytes.count
    }

    /// False only when none of the eight bytes of `word` is below 0x20, `"` or `\` (true may be
    /// a false alarm: the caller then tests byte by byte). The usual word-at-a-time tests: a
    /// byte below n sets its high bit in `(w - n·0x01…) & ~w & 0x80…`, and a byte equal to c
    /// is a zero byte of `w ^ c·0x01…`.
    @inline(__always)
    static func mayNeedEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        func hasZeroByte(_ value: UInt64) -> Bool { (value &- ones) & ~value & highs != 0 }
        let control = (word &- ones &* 0x20) & ~word & highs != 0
        return control || hasZeroByte(word ^ (ones &* 0x22)) || hasZeroByte(word ^ (ones &* 0x5C))
    }
}
