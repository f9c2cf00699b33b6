/// The structured difference between two consecutive versions of a contract.
///
/// Schema version 2: every change carries its `grade`. Version 1 payloads are upcast on read
/// (`EventCodec.upcast`) with each kind's usual grade; the stored bytes never change.
public struct SchemaChanged: Sendable, Hashable, Codable {
    public static let typeName = "SchemaChanged"
    public static let schemaVersion = 2

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
