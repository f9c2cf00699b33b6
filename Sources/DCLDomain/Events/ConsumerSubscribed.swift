/// A consumer declared that it reads a contract: which properties (`object.property` paths; empty:
/// all of them) and, optionally, which major version. Impact analysis and sign-offs follow from it.
/// Subscribing again replaces the earlier subscription.
public struct ConsumerSubscribed: Sendable, Hashable, Codable {
    public static let typeName = "ConsumerSubscribed"
    public static let schemaVersion = 1

    public var contractId: ContractID
    public var consumer: String
    /// The properties read, sorted; empty for every property.
    public var fields: [String]
    public var major: Int?
    /// The consumer's own domain, when it names one (counts cross-domain consumers).
    public var consumerDomain: String?

    public init(contractId: ContractID, consumer: String, fields: [String], major: Int?, consumerDomain: String?) {
        self.contractId = contractId
        self.consumer = consumer
        self.fields = Array(Set(fields)).sorted()
        self.major = major
        self.consumerDomain = consumerDomain
    }

    /// A contract's consumer events share one stream beside its lifecycle: subscribing never
    /// races with a publish of the contract.
    public static func stream(for id: ContractID) -> StreamID { StreamID(kind: .governance, subject: "consumers:" + id.rawValue) }
}
