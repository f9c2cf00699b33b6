/// A contract's ODCS lifecycle status, kept as the author wrote it.
///
/// ODCS recommends `proposed`, `draft`, `active`, `deprecated` and `retired` but does not restrict the
/// value, and real contracts say `current`, `in development` or `production`. The ledger keeps any
/// text; its lifecycle rules (a status only moves forward, closed contracts take no versions) apply to
/// the five statuses it knows, in this order: `proposed → draft → active → deprecated → retired`.
///
/// ```swift
/// ContractStatus(rawValue: "Active")      // .active (known statuses ignore letter case)
/// ContractStatus(rawValue: "production")?.isKnown   // false: kept and shown as written
/// ```
public struct ContractStatus: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    /// A known status in lower case; any other status exactly as written.
    public let rawValue: String

    /// Nil only for empty text; a known status is matched in any letter case.
    public init?(rawValue: String) {
        guard !rawValue.isEmpty else { return nil }
        let lowered = rawValue.lowercased()
        self.rawValue = ContractStatus.knownNames.contains(lowered) ? lowered : rawValue
    }

    private init(known: String) { rawValue = known }

    public static let proposed = ContractStatus(known: "proposed")
    public static let draft = ContractStatus(known: "draft")
    public static let active = ContractStatus(known: "active")
    public static let deprecated = ContractStatus(known: "deprecated")
    public static let retired = ContractStatus(known: "retired")

    /// The five statuses the lifecycle rules know, in lifecycle order.
    public static let known: [ContractStatus] = [.proposed, .draft, .active, .deprecated, .retired]
    private static let knownNames: Set<String> = ["proposed", "draft", "active", "deprecated", "retired"]

    /// Position in the lifecycle, or nil for a status the rules do not know.
    public var rank: Int? { ContractStatus.known.firstIndex(of: self) }
    public var isKnown: Bool { rank != nil }

    /// Deprecated or retired: the contract takes no new versions.
    public var isClosed: Bool { self == .deprecated || self == .retired }

    /// True when both statuses are known and `self` comes earlier in the lifecycle than `other`.
    /// A status the rules do not know never goes back, and nothing goes back to it.
    public func goesBack(from other: ContractStatus) -> Bool {
        guard let rank, let otherRank = other.rank else { return false }
        return rank < otherRank
    }

    /// A document may declare any status except the two reached by their own commands.
    public var isPublishable: Bool { !isClosed }

    /// True where the seed's `is_active` would be true.
    public var isActive: Bool { self == .active }

    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let status = ContractStatus(rawValue: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "a status must not be empty")
        }
        self = status
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
