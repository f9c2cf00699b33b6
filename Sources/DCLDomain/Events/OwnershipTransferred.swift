/// A data product changed hands.
public struct OwnershipTransferred: Sendable, Hashable, Codable {
    public static let typeName = "OwnershipTransferred"
    public static let schemaVersion = 1

    public var contractId: ContractID
    /// Nil when the contract had no owner (ODCS does not require one).
    public var previousOwner: EmailAddress?
    public var newOwner: EmailAddress

    public init(contractId: ContractID, previousOwner: EmailAddress?, newOwner: EmailAddress) {
        self.contractId = contractId
        self.previousOwner = previousOwner
        self.newOwner = newOwner
    }
}
