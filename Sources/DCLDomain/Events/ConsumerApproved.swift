/// A subscribed consumer signed off a version of a contract before it is published, so a policy
/// with `consumers.approvalForBreaking` lets that version through even though it breaks the consumer.
public struct ConsumerApproved: Sendable, Hashable, Codable {
    public static let typeName = "ConsumerApproved"
    public static let schemaVersion = 1

    public var contractId: ContractID
    public var version: SemanticVersion
    public var consumer: String
    public var note: String?

    public init(contractId: ContractID, version: SemanticVersion, consumer: String, note: String?) {
        self.contractId = contractId
        self.version = version
        self.consumer = consumer
        self.note = note
    }
}
