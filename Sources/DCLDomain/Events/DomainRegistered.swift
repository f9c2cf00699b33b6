/// A business domain joined the mesh (the seed's `DataDomain`: name, owner team,
/// default SLA hours and quality threshold for its products).
public struct DomainRegistered: Sendable, Hashable, Codable {
    public static let typeName = "DomainRegistered"
    public static let schemaVersion = 1

    public var domain: DomainName
    public var ownerTeam: String
    public var description: String?
    public var slaHours: Int
    public var qualityThreshold: NumericLiteral

    public init(domain: DomainName, ownerTeam: String, description: String? = nil, slaHours: Int = 4,
                qualityThreshold: NumericLiteral = NumericLiteral("0.99")!) {
        self.domain = domain
        self.ownerTeam = ownerTeam
        self.description = description
        self.slaHours = slaHours
        self.qualityThreshold = qualityThreshold
    }
}
