/// The structured difference between two consecutive versions of a contract.
public struct SchemaChanged: Sendable, Hashable, Codable {
    public static let typeName = "SchemaChanged"
    public static let schemaVersion = 1

    public var contractId: ContractID
    public var fromVersion: SemanticVersion
    public var toVersion: SemanticVersion
    public var changes: [ContractChange]

    public init(contractId: ContractID, fromVersion: SemanticVersion, toVersion: SemanticVersion, changes: [ContractChange]) {
        self.contractId = contractId
        self.fromVersion = fromVersion
        self.toVersion = toVersion
        self.changes = changes
    }
}
