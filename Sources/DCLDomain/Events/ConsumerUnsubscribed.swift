/// A consumer stopped reading a contract.
public struct ConsumerUnsubscribed: Sendable, Hashable, Codable {
    public static let typeName = "ConsumerUnsubscribed"
    public static let schemaVersion = 1

    public var contractId: ContractID
    public var consumer: String
    public var reason: String?

    public init(contractId: ContractID, consumer: String, reason: String?) {
        self.contractId = contractId
        self.consumer = consumer
        self.reason = reason
    }
}
