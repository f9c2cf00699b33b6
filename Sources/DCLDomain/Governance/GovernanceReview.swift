/// What the policies in force say about publishing a version: the rules it breaks, the consumers
/// it breaks, and which of those still have to sign it off.
///
/// ```swift
/// let review = Ledger.governanceReview(contract, document: document, changes: decision.changes, state: state)
/// review.violations.map(\.description)      // ["policy pii-classified (domain sales): orders.email: …"]
/// review.missingApprovals.map(\.consumer)   // ["finance-reporting"]
/// ```
public struct GovernanceReview: Sendable, Hashable {
    public var violations: [PolicyViolation] = []
    public var impacts: [ConsumerImpact] = []
    /// Impacts on consumers that have not signed the version off, when a policy needs sign-offs.
    public var missingApprovals: [ConsumerImpact] = []
    /// The policies (by key) that need consumer sign-offs for this contract.
    public var approvalPolicies: [String] = []

    public init() {}
}
