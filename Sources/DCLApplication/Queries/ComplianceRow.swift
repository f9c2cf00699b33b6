import DCLDomain

/// One contract's standing against every adopted policy that applies to it (the `policy_compliance`
/// read model): compliant when `violations` is empty.
///
/// ```swift
/// let rows = try await store.compliance(domain: "sales")
/// rows.filter { !$0.compliant }.map(\.contractId)
/// ```
public struct ComplianceRow: Sendable, Hashable, Codable {
    public var contractId: String
    public var domain: String
    public var isActive: Bool
    public var violations: [PolicyViolation]

    public init(contractId: String, domain: String, isActive: Bool, violations: [PolicyViolation]) {
        self.contractId = contractId
        self.domain = domain
        self.isActive = isActive
        self.violations = violations
    }

    public var compliant: Bool { violations.isEmpty }

    /// The row for a contract as the fold state holds it, under the policies in force.
    public init(_ contract: ContractState, state: LedgerState) {
        let latest = contract.latest
        let review = Ledger.governanceReview(latest, document: contract.versions.last?.document, changes: [], state: state)
        self.init(contractId: contract.id.rawValue, domain: contract.domain?.rawValue ?? DataContract.unsetText,
                  isActive: contract.isActive, violations: review.violations)
    }
}
