/// A contract's stable identity (ODCS `id`): a UUID, a URN or any printable token up to
/// 200 characters without spaces. It keys the contract's streams and Kafka partitions.
public struct ContractID: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let rawValue: String

    public init?(_ text: String) {
        guard !text.isEmpty, text.count <= 200,
              text.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value != 0x7F && $0 != "/" }) else { return nil }
        self.rawValue = text
    }

    public var description: String { rawValue }
    public static func < (lhs: ContractID, rhs: ContractID) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let id = ContractID(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not a contract id")
        }
        self = id
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
