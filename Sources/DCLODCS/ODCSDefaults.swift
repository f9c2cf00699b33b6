import DCLDomain

/// Values the ledger records for a contract when its document does not state them.
///
/// ODCS requires only `apiVersion`, `kind`, `id`, `version` and `status`; a document without a
/// `domain` or an owner is valid. `dcl publish --domain D --owner EMAIL` fills them in; without
/// flags they stay unset (`nil`) and views show `(unset)`.
///
/// ```swift
/// let defaults = ODCSDefaults(domain: DomainName("sales"), owner: EmailAddress("ana@example.com"))
/// let result = try ODCSReader.read(yaml: text, file: "orders.yaml", defaults: defaults)
/// result.contract.domain   // sales, unless the document names another (then it is an error)
/// ```
public struct ODCSDefaults: Sendable, Hashable {
    public var domain: DomainName?
    public var owner: EmailAddress?

    public init(domain: DomainName? = nil, owner: EmailAddress? = nil) {
        self.domain = domain
        self.owner = owner
    }
}
