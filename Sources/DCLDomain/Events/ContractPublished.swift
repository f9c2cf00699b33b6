/// Version N of a contract, in full. `document` is the ODCS document as submitted (unknown
/// sections included), so the ledger can hand back exactly what was published.
public struct ContractPublished: Sendable, Hashable, Codable {
    public static let typeName = "ContractPublished"
    public static let schemaVersion = 1

    public var contract: DataContract
    public var previousVersion: SemanticVersion?
    public var document: JSONValue?
    /// The compatibility decision that admitted this version (absent for a first version).
    public var compatibility: CompatibilityDecision?

    public init(contract: DataContract, previousVersion: SemanticVersion?, document: JSONValue?,
                compatibility: CompatibilityDecision? = nil) {
        self.contract = contract
        self.previousVersion = previousVersion
        self.document = document
        self.compatibility = compatibility
    }
}
