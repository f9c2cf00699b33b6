/// A policy in force: what was adopted, for which scope, and when.
///
/// ```swift
/// let inForce = state.policies(for: DomainName("sales"))   // mesh-wide ones and sales' own
/// inForce.map(\.key)                                       // ["baseline", "pii-classified@sales"]
/// ```
public struct AdoptedPolicy: Sendable, Hashable, Codable {
    public var policy: Policy
    /// The domain it applies to; nil for the whole mesh.
    public var domain: String?
    public var reason: String?
    public var adoptedAt: Timestamp
    public var adoptedBy: String

    public init(policy: Policy, domain: String?, reason: String?, adoptedAt: Timestamp, adoptedBy: String) {
        self.policy = policy
        self.domain = domain
        self.reason = reason
        self.adoptedAt = adoptedAt
        self.adoptedBy = adoptedBy
    }

    public var key: String { AdoptedPolicy.key(name: policy.name, domain: domain) }

    public static func key(name: String, domain: String?) -> String { domain.map { name + "@" + $0 } ?? name }

    /// Whether it applies to a contract in `domain` (mesh-wide ones apply to every contract).
    public func applies(to domain: DomainName?) -> Bool { self.domain == nil || self.domain == domain?.rawValue }
}
