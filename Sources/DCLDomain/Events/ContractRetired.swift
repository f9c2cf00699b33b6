/// A deprecated contract is no longer served. Terminal.
public struct ContractRetired: Sendable, Hashable, Codable {
    public static let typeName = "ContractRetired"
    public static let schemaVersion = 1

    public var contractId: ContractID
    public var version: SemanticVersion
    public var reason: String?

    public init(contractId: ContractID, version: SemanticVersion, reason: String? = nil) {
        self.contractId = contractId
        self.version = version
        self.reason = reason
    }
}
