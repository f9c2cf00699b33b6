/// A decimal number kept as the text it was written with (`0.995`, `10000000`, `-3.5`).
///
/// Quality thresholds, range bounds and measured values are compared numerically but hashed
/// and printed exactly as given, so `0.995` never turns into `0.99499999999999999556`.
public struct NumericLiteral: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public let text: String

    public init?(_ text: String) {
        let trimmed = text.trimmingSpaces
        guard NumericLiteral.isJSONNumber(trimmed) else { return nil }
        self.text = trimmed
    }

    public init(_ value: Int) { self.text = String(value) }

    public init(_ value: Double) { self.text = NumericLiteral.canonicalText(for: value) }

    public var doubleValue: Double { Double(text) ?? .nan }
    /// Whether the number fits a `Double` (JSON allows `1e999`; nothing measured is that large, and
    /// every comparison with it would be with infinity).
    public var isFinite: Bool { doubleValue.isFinite }
    public var description: String { text }

    public static func < (lhs: NumericLiteral, rhs: NumericLiteral) -> Bool { lhs.doubleValue < rhs.doubleValue }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text: String
        if let string = try? container.decode(String.self) {
            text = string
        } else if let integer = try? container.decode(Int64.self) {
            text = String(integer)
        } else {
            text = NumericLiteral.canonicalText(for: try container.decode(Double.self))
        }
        guard let literal = NumericLiteral(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not a number")
        }
        self = literal
    }

    /// Encoded as a JSON string so that no encoder can reformat it.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }

    /// True for text matching RFC 8259's `number` production.
    public static func isJSONNumber(_ text: String) -> Bool {
        text.withUTF8InPlace(isJSONNumber(utf8:))
    }

    /// The same test on the text's bytes: a quality result's value is checked every time the
    /// result is read, and walking a `Substring`'s view byte by byte cost more than the parse.
    static func isJSONNumber(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        func next(_ byte: UInt8) -> Bool { index < bytes.count && bytes[index] == byte }
        func digits() -> Int {
            let start = index
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") { index += 1 }
            return index - start
        }
        if next(UInt8(ascii: "-")) { index += 1 }
        guard index < bytes.count else { return false }
        if next(UInt8(ascii: "0")) {
            index += 1
        } else if digits() == 0 {
            return false
        }
        if next(UInt8(ascii: ".")) {
            index += 1
            if digits() == 0 { return false }
        }
        if next(UInt8(ascii: "e")) || next(UInt8(ascii: "E")) {
            index += 1
            if next(UInt8(ascii: "+")) || next(UInt8(ascii: "-")) { index += 1 }
            if digits() == 0 { return false }
        }
        return index == bytes.count
    }

    /// Shortest round-trip text for a double, as a JSON number (`1.0` prints `1`).
    public static func canonicalText(for value: Double) -> String {
        if value.isNaN || value.isInfinite { return "0" }
        if value == value.rounded(), abs(value) < 9.0e15 { return String(Int64(value)) }
        let text = "\(value)"
        return text.replacingPlusExponent
    }
}

extension StringProtocol {
    var trimmingSpaces: String {
        // Nothing to trim when both ends are printable ASCII (the usual case; checked on bytes
        // because walking Characters is slow).
        let whole = String(self)
        if let first = whole.utf8.first, let last = whole.utf8.last, (0x21...0x7E).contains(first), (0x21...0x7E).contains(last) {
            return whole
        }
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars = scalars.dropFirst() }
        while let last = scalars.last, last.isWhitespace { scalars = scalars.dropLast() }
        return String(scalars)
    }

}

extension String {
    fileprivate var replacingPlusExponent: String {
        var result = ""
        for character in self where character != "+" { result.append(character) }
        return result
    }
}
