/// A business domain's name (the seed's `domain VARCHAR(50)`): `sales`, `marketing`.
/// Letters, digits, `-`, `_` and `.`, starting with a letter or digit, at most 50 characters.
public struct DomainName: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let rawValue: String

    public init?(_ text: String) {
        guard let first = text.first, first.isASCII, first.isLetter || first.isNumber, text.count <= 50,
              text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }) else { return nil }
        self.rawValue = text
    }

    public var description: String { rawValue }
    public static func < (lhs: DomainName, rhs: DomainName) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let name = DomainName(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not a domain name")
        }
        self = name
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
