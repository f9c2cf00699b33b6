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
        var bytes = Substring(text).utf8[...]
        if bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        func digits(_ slice: inout Substring.UTF8View.SubSequence) -> Int {
            var count = 0
            while let byte = slice.first, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                slice = slice.dropFirst(); count += 1
            }
            return count
        }
        guard let first = bytes.first else { return false }
        if first == UInt8(ascii: "0") {
            bytes = bytes.dropFirst()
        } else if digits(&bytes) == 0 {
            return false
        }
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            if digits(&bytes) == 0 { return false }
        }
        if let marker = bytes.first, marker == UInt8(ascii: "e") || marker == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
            if digits(&bytes) == 0 { return false }
        }
        return bytes.isEmpty
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
