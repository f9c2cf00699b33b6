/// One rule of one policy that a contract breaks, and where: `policy pii-classified: orders.email: …`.
///
/// ```swift
/// let violation = PolicyViolation(policy: "described", path: "description", message: "the contract needs a description")
/// violation.description   // "policy described: description: the contract needs a description"
/// ```
public struct PolicyViolation: Sendable, Hashable, Codable, CustomStringConvertible {
    public var policy: String
    /// The domain the policy was adopted for; nil for a mesh-wide policy or one not adopted yet.
    public var domain: String?
    /// Where in the contract: a property path (`object.property`) or a top-level field (`description`, `slaProperties`).
    public var path: String
    public var message: String

    public init(policy: String, domain: String? = nil, path: String, message: String) {
        self.policy = policy
        self.domain = domain
        self.path = path
        self.message = message
    }

    public var description: String {
        "policy \(policy)\(domain.map { " (domain \($0))" } ?? ""): \(path): \(message)"
    }
}
