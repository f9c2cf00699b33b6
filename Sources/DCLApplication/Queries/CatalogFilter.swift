import DCLDomain

/// What `dcl catalog` searches by. Every given criterion must hold.
public struct CatalogFilter: Sendable, Hashable {
    /// Free text matched (case-insensitively) against id, product, name, description and tags.
    public var text: String?
    public var domain: String?
    public var owner: String?
    public var tag: String?
    /// A field name (`revenue`) or path (`revenue_metrics.revenue`) the product's schema must have.
    public var field: String?
    public var status: ContractStatus?

    public init(text: String? = nil, domain: String? = nil, owner: String? = nil, tag: String? = nil, field: String? = nil,
                status: ContractStatus? = nil) {
        self.text = text
        self.domain = domain
        self.owner = owner
        self.tag = tag
        self.field = field
        self.status = status
    }
}
