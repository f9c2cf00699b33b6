/// One version of a data product's contract: the seed's `data_product_contracts` row
/// (contract id, domain, product name, version, owner e-mail, SLA hours, freshness SLA,
/// quality threshold) with its schema and quality rules, as ODCS v3.1 describes it.
///
/// Schema version and created/updated times are not declared by authors: the ledger derives
/// them from history (see `ContractState`).
///
/// ODCS requires neither a domain nor an owner, so both may be unset (`nil`); `dcl publish --domain`
/// and `--owner` fill them in, and views show an unset one as `DataContract.unsetText`.
///
/// ```swift
/// let contract = DataContract(id: ContractID("sales.orders")!, domain: DomainName("sales"), dataProduct: "orders",
///                             version: SemanticVersion("1.0.0")!, owner: EmailAddress("ana@example.com"))
/// contract.fieldPaths   // []
/// ```
public struct DataContract: Sendable, Hashable, Codable {
    public var id: ContractID
    /// Nil when the document names no domain and none was given on the command line.
    public var domain: DomainName?
    public var dataProduct: String
    public var name: String
    public var version: SemanticVersion
    public var status: ContractStatus
    public var description: String?
    /// Nil when no team member with role `owner` has an e-mail username and none was given.
    public var owner: EmailAddress?
    public var tags: [String]
    public var schema: [RecordSchema]
    public var quality: [QualityRule]
    public var serviceLevel: ServiceLevel
    /// The share of passing checks the product promises (seed default 0.99).
    public var qualityThreshold: NumericLiteral

    public init(id: ContractID, domain: DomainName?, dataProduct: String, name: String? = nil,
                version: SemanticVersion, status: ContractStatus = .active, description: String? = nil,
                owner: EmailAddress?, tags: [String] = [], schema: [RecordSchema] = [], quality: [QualityRule] = [],
                serviceLevel: ServiceLevel = .default, qualityThreshold: NumericLiteral = NumericLiteral("0.99")!) {
        self.id = id
        self.domain = domain
        self.dataProduct = dataProduct
        self.name = name ?? dataProduct
        self.version = version
        self.status = status
        self.description = description
        self.owner = owner
        self.tags = tags
        self.schema = schema
        self.quality = quality
        self.serviceLevel = serviceLevel
        self.qualityThreshold = qualityThreshold
    }

    /// How views show a domain or owner the contract leaves unset.
    public static let unsetText = "(unset)"

    /// Every field path in the contract: `object.field`, nested records as `object.field.sub`.
    public var fieldPaths: [String] {
        var paths: [String] = []
        func walk(_ fields: [FieldSchema], prefix: String) {
            for field in fields {
                let path = prefix + "." + field.name
                paths.append(path)
                if case .record(let nested) = field.type.nonNull { walk(nested.fields, prefix: path) }
            }
        }
        for object in schema { walk(object.fields, prefix: object.name) }
        return paths
    }
}
