/// A contract's stable identity (ODCS `id`): a UUID, a URN or any printable token up to
/// 200 characters without spaces. It keys the contract's streams and Kafka partitions.
public struct ContractID: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let rawValue: String

    public init?(_ text: String) {
        // Checked on UTF-8 bytes: every byte of a multi-byte scalar is >= 0x80, so this is the
        // scalar rule (printable, no space, no "/"); Characters are only counted for long ids.
        // Read in place: a `var` copy for `withUTF8` cost a retain and a release per id made,
        // and the fold makes several per event.
        guard text.withUTF8InPlace(Self.isValid(utf8:)) else { return nil }
        self.rawValue = text
    }

    /// Whether these UTF-8 bytes (of a valid `String`) are a contract id: what `init?(_:)` checks.
    public static func isValid(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !bytes.isEmpty, bytes.allSatisfy({ $0 > 0x20 && $0 != 0x7F && $0 != UInt8(ascii: "/") }) else { return false }
        return bytes.count <= 200 || String(decoding: bytes, as: UTF8.self).count <= 200
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
