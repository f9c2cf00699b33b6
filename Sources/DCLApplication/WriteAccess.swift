import DCLDomain

/// What a write's token check needs from the ledger, read together: every API token the ledger
/// has issued, and the domains the written contracts are in now (nil when one of them has no
/// domain, so only an admin may write it).
///
/// ```swift
/// let access = try await service.writeAccess(contracts: [ContractID("sales.orders")!])
/// access.domains                      // [sales]
/// access.tokens["3f2a9c0d1e4b"]?.name // "sales-ci"
/// ```
public struct WriteAccess: Sendable {
    /// Every token by id, revoked ones included (`APITokenState.revoked`).
    public var tokens: [String: APITokenState]
    /// The contracts' current domains, sorted; nil when one of them has none.
    public var domains: [DomainName]?

    public init(tokens: [String: APITokenState], domains: [DomainName]?) {
        self.tokens = tokens
        self.domains = domains
    }

    /// From a state folded from (at least) the token stream and the contracts' lifecycle streams.
    /// A contract the state does not have adds nothing: a command on it fails on its own.
    public init(state: LedgerState, contracts: [ContractID]) {
        var domains: Set<DomainName>? = []
        for id in Set(contracts) {
            guard let contract = state.contracts[id] else { continue }
            guard let domain = contract.domain else { domains = nil; break }
            domains?.insert(domain)
        }
        self.init(tokens: state.tokens, domains: domains?.sorted())
    }
}
