/// A governance policy was adopted, mesh-wide (`domain` nil) or for one domain. From this event on
/// every publish it applies to must meet it. Adopting a name again for the same scope replaces it.
public struct PolicyAdopted: Sendable, Hashable, Codable {
    public static let typeName = "PolicyAdopted"
    public static let schemaVersion = 1

    public var policy: Policy
    public var domain: String?
    public var reason: String?

    public init(policy: Policy, domain: String?, reason: String?) {
        self.policy = policy
        self.domain = domain
        self.reason = reason
    }

    /// `pii-classified` mesh-wide, `pii-classified@sales` for a domain: one adopted policy per key.
    public var key: String { AdoptedPolicy.key(name: policy.name, domain: domain) }

    /// Every policy event lives on one governance stream, so adoptions and retirements are ordered.
    public static let stream = StreamID(kind: .governance, subject: "policies")
}
