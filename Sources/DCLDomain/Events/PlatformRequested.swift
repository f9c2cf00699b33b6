/// A domain team asked the self-serve platform for a data product's infrastructure (the seed's
/// `PlatformRequest`). The ledger keeps what was asked and by whom; provisioning happens elsewhere.
public struct PlatformRequested: Sendable, Hashable, Codable {
    public static let typeName = "PlatformRequested"
    public static let schemaVersion = 1

    public var requestId: String
    public var domain: String
    public var product: String
    public var tier: ComputeTier
    public var storageGB: Int
    public var schedule: String?
    public var ownerEmail: String?

    public init(requestId: String, domain: String, product: String, tier: ComputeTier, storageGB: Int, schedule: String?, ownerEmail: String?) {
        self.requestId = requestId
        self.domain = domain
        self.product = product
        self.tier = tier
        self.storageGB = storageGB
        self.schedule = schedule
        self.ownerEmail = ownerEmail
    }

    /// Every platform request event lives on one stream, so each request's lifecycle is ordered.
    public static let stream = StreamID(kind: .governance, subject: "platform")
}
