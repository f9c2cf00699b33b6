import DCLDomain

/// What reading an ODCS file yields: the contract dcl reasons about, and the whole document.
///
/// The document is kept because ODCS is much larger than what the ledger models (servers,
/// support channels, pricing, vendor `x-` extensions…): storing it lets `dcl` hand the file
/// back without losing anything the author wrote.
public struct ODCSReadResult: Sendable, Hashable {
    public var contract: DataContract
    /// The YAML document as JSON: every section, known or not, with numbers as their literal text.
    public var document: JSONValue
    /// The file's text exactly as read (nil when the contract was read from a stored JSON document).
    public var original: String?

    public init(contract: DataContract, document: JSONValue, original: String? = nil) {
        self.contract = contract
        self.document = document
        self.original = original
    }
}
