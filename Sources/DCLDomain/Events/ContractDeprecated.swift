/// The owner announced the end of a contract; consumers should move off it.
public struct ContractDeprecated: Sendable, Hashable, Codable {
    public static let typeName = "ContractDeprecated"
    public static let schemaVersion = 1

    public var contractId: ContractID
    public var version: SemanticVersion
    public var reason: String

    public init(contractId: ContractID, version: SemanticVersion, reason: String) {
        self.contractId = contractId
        self.version = version
        self.reason = reason
    }
}
