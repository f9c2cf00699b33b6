/// Checks, without building anything, that bytes hold one JSON value in exactly the canonical form
/// the ledger hashes (`JSONValue.canonicalBytes`): no whitespace, object keys in strictly
/// increasing byte order, strings of printable ASCII without escapes, number literals as JSON
/// allows them, at most 64 levels deep.
///
/// It is deliberately narrower than canonical JSON (no escapes, no non-ASCII text): anything it
/// refuses is simply parsed instead. When it accepts, parsing the text and writing it canonically
/// gives back the very same bytes, which is what lets an envelope keep its payload as text.
struct CanonicalJSONScanner {
    let bytes: [UInt8]
    private(set) var index: Int

    init(bytes: [UInt8], index: Int) {
        self.bytes = bytes
        self.index = index
    }

    /// Scans one value from `index`; true (with `index` after it) when it is canonical.
    mutating func value(depth: Int) -> Bool {
        guard index < bytes.count, depth <= 64 else { return false }
        switch bytes[index] {
        case UInt8(ascii: "{"): return object(depth: depth)
        case UInt8(ascii: "["): return array(depth: depth)
        case UInt8(ascii: "\""): return string() != nil
        case UInt8(ascii: "t"): return word("true")
        case UInt8(ascii: "f"): return word("false")
        case UInt8(ascii: "n"): return word("null")
        default: return number()
        }
    }

    private mutating func object(depth: Int) -> Bool {
        index += 1
        if take(UInt8(ascii: "}")) { return true }
        var previous: Range<Int>?
        repeat {
            guard let key = string(), take(UInt8(ascii: ":")) else { return false }
            if let previous, !bytes[previous].lexicographicallyPrecedes(bytes[key]) { return false }
            previous = key
            guard value(depth: depth + 1) else { return false }
        } while take(UInt8(ascii: ","))
        return take(UInt8(ascii: "}"))
    }

    private mutating func array(depth: Int) -> Bool {
        index += 1
        if take(UInt8(ascii: "]")) { return true }
        repeat {
            guard value(depth: depth + 1) else { return false }
        } while take(UInt8(ascii: ","))
        return take(UInt8(ascii: "]"))
    }

    /// The contents' range of a string of printable ASCII without escapes.
    private mutating func string() -> Range<Int>? {
        PlainJSONString.scan(bytes, at: &index, asciiOnly: true)
    }

    private mutating func word(_ text: StaticString) -> Bool {
        let count = text.utf8CodeUnitCount
        guard bytes.hasBytes(at: index, equalTo: text.utf8Start, count: count) else { return false }
        index += count
        return true
    }

    /// RFC 8259 `number`: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    private mutating func number() -> Bool {
        _ = take(UInt8(ascii: "-"))
        if take(UInt8(ascii: "0")) {
        } else if digits() == 0 {
            return false
        }
        if take(UInt8(ascii: ".")), digits() == 0 { return false }
        if take(UInt8(ascii: "e")) || take(UInt8(ascii: "E")) {
            if !take(UInt8(ascii: "+")) { _ = take(UInt8(ascii: "-")) }
            if digits() == 0 { return false }
        }
        return true
    }

    private mutating func digits() -> Int {
        let start = index
        while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") { index += 1 }
        return index - start
    }

    private mutating func take(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }
}
