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
    /// The published file's text, byte for byte (absent in events written before dcl kept it, and
    /// for versions built by dcl itself). An optional member, so older payloads decode unchanged.
    public var original: String?

    public init(contract: DataContract, previousVersion: SemanticVersion?, document: JSONValue?,
                compatibility: CompatibilityDecision? = nil, original: String? = nil) {
        self.original = original
        self.contract = contract
        self.previousVersion = previousVersion
        self.document = document
        self.compatibility = compatibility
    }
}
