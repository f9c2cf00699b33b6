import Yams

/// Resolves the type of an untagged plain YAML scalar by the YAML 1.2 core-schema rules of
/// `YAMLLoader.resolver` (null, bool, int, float, timestamp, merge, else text), byte by byte.
///
/// Yams resolves through one `NSRegularExpression` per rule, tried in order on every scalar;
/// in a large schema most scalars are names and descriptions that fail all six, and the regex
/// engine was most of the time spent reading a contract. This reader answers the same for every
/// input (`PlainScalarResolverTests` compares it with the regex rules) in one pass over the bytes.
///
/// ```swift
/// PlainScalarResolver.tag(of: "12")          // .int
/// PlainScalarResolver.tag(of: "2024-01-01")  // .timestamp
/// PlainScalarResolver.tag(of: "orders")      // .str
/// ```
enum PlainScalarResolver {
    static func tag(of text: String) -> Tag.Name {
        var copy = text
        return copy.withUTF8 { tag(of: $0) }
    }

    static func tag(of bytes: UnsafeBufferPointer<UInt8>) -> Tag.Name {
        guard let first = bytes.first else { return .null }
        // Most scalars are words: only these first bytes can start anything but text.
        switch first {
        case UInt8(ascii: "~"), UInt8(ascii: "n"), UInt8(ascii: "N"):
            return isNull(bytes) ? .null : .str
        case UInt8(ascii: "t"), UInt8(ascii: "T"), UInt8(ascii: "f"), UInt8(ascii: "F"):
            return isBool(bytes) ? .bool : .str
        case UInt8(ascii: "<"):
            return bytes.count == 2 && bytes[1] == UInt8(ascii: "<") ? .merge : .str
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."):
            if isInt(bytes) { return .int }
            if isFloat(bytes) { return .float }
            if isTimestamp(bytes) { return .timestamp }
            return .str
        default:
            return .str
        }
    }

    private static func equals(_ bytes: UnsafeBufferPointer<UInt8>, _ words: [StaticString]) -> Bool {
        words.contains { word in
            word.utf8CodeUnitCount == bytes.count
                && UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount).elementsEqual(bytes)
        }
    }

    private static func isNull(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        equals(bytes, ["~", "null", "Null", "NULL"])
    }

    private static func isBool(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        equals(bytes, ["true", "True", "TRUE", "false", "False", "FALSE"])
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    /// Index after an optional sign.
    private static func afterSign(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        bytes.first == UInt8(ascii: "-") || bytes.first == UInt8(ascii: "+") ? 1 : 0
    }

    /// `[-+]?[0-9][0-9_]*`, `[-+]?0o[0-7_]+`, `[-+]?0x[0-9a-fA-F_]+`, `[-+]?0b[01_]+`.
    private static func isInt(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = afterSign(bytes)
        guard start < bytes.count, isDigit(bytes[start]) else { return false }
        if bytes[start] == UInt8(ascii: "0"), start + 1 < bytes.count {
            let marker = bytes[start + 1]
            let rest = bytes[(start + 2)...]
            let allowed: ((UInt8) -> Bool)?
            switch marker {
            case UInt8(ascii: "o"): allowed = { ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "7")) || $0 == UInt8(ascii: "_") }
            case UInt8(ascii: "x"):
                allowed = { isDigit($0) || ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "f"))
                    || ($0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "F")) || $0 == UInt8(ascii: "_") }
            case UInt8(ascii: "b"): allowed = { $0 == UInt8(ascii: "0") || $0 == UInt8(ascii: "1") || $0 == UInt8(ascii: "_") }
            default: allowed = nil
            }
            if let allowed { return !rest.isEmpty && rest.allSatisfy(allowed) }
        }
        return bytes[(start + 1)...].allSatisfy { isDigit($0) || $0 == UInt8(ascii: "_") }
    }

    /// `[-+]?([0-9][0-9_]*\.[0-9_]*|\.[0-9][0-9_]*)([eE][-+]?[0-9]+)?`, `[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+`,
    /// `[-+]?\.(inf|Inf|INF)`, `\.(nan|NaN|NAN)`.
    private static func isFloat(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = afterSign(bytes)
        let body = UnsafeBufferPointer(rebasing: bytes[start...])
        if equals(body, [".inf", ".Inf", ".INF"]) { return true }
        if start == 0, equals(body, [".nan", ".NaN", ".NAN"]) { return true }
        var index = start
        func skip(_ allowed: (UInt8) -> Bool) -> Int {
            let from = index
            while index < bytes.count, allowed(bytes[index]) { index += 1 }
            return index - from
        }
        let digitOrUnderscore: (UInt8) -> Bool = { isDigit($0) || $0 == UInt8(ascii: "_") }
        var mantissa = false
        var hasPoint = false
        if index < bytes.count, isDigit(bytes[index]) {
            _ = skip(digitOrUnderscore)
            mantissa = true
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                index += 1
                hasPoint = true
                _ = skip(digitOrUnderscore)
            }
        } else if index < bytes.count, bytes[index] == UInt8(ascii: "."), index + 1 < bytes.count, isDigit(bytes[index + 1]) {
            index += 1
            hasPoint = true
            _ = skip(digitOrUnderscore)
            mantissa = true
        }
        guard mantissa else { return false }
        if index == bytes.count { return hasPoint }
        guard bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") else { return false }
        index += 1
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") { index += 1 }
        return skip(isDigit) > 0 && index == bytes.count
    }

    /// `YYYY-MM-DD`, or `YYYY-M(M)-D(D)` then `T`/`t`/blanks, `h(h):mm:ss(.f*)` and an optional zone
    /// (blanks, then `Z` or `±h(h)(:mm)`).
    private static func isTimestamp(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        func digits(_ minimum: Int, _ maximum: Int) -> Bool {
            var count = 0
            while count < maximum, index < bytes.count, isDigit(bytes[index]) { index += 1; count += 1 }
            return count >= minimum
        }
        func take(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }
        func blanks() -> Int {
            let from = index
            while index < bytes.count, bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "\t") { index += 1 }
            return index - from
        }
        guard digits(4, 4), take(UInt8(ascii: "-")) else { return false }
        let monthStart = index
        guard digits(1, 2) else { return false }
        let monthLength = index - monthStart
        guard take(UInt8(ascii: "-")) else { return false }
        let dayStart = index
        guard digits(1, 2) else { return false }
        let dayLength = index - dayStart
        if index == bytes.count { return monthLength == 2 && dayLength == 2 }
        guard take(UInt8(ascii: "T")) || take(UInt8(ascii: "t")) || blanks() > 0 else { return false }
        guard digits(1, 2), take(UInt8(ascii: ":")), digits(2, 2), take(UInt8(ascii: ":")), digits(2, 2) else { return false }
        if take(UInt8(ascii: ".")) { _ = digits(0, Int.max) }
        if index == bytes.count { return true }
        _ = blanks()
        if take(UInt8(ascii: "Z")) { return index == bytes.count }
        guard take(UInt8(ascii: "-")) || take(UInt8(ascii: "+")), digits(1, 2) else { return false }
        if take(UInt8(ascii: ":")) { guard digits(2, 2) else { return false } }
        return index == bytes.count
    }
}
