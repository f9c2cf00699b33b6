extension Ledger {
    /// Reviews a version against the policies in force for its domain and the contract's
    /// subscribed consumers. `changes` are the graded changes from the latest version (none for a
    /// first version). Used by `decide` (a publish) and by dry runs (`dcl check`, `dcl policy test`).
    public static func governanceReview(_ contract: DataContract, document: JSONValue?, changes: [ClassifiedChange],
                                        state: LedgerState) -> GovernanceReview {
        var review = GovernanceReview()
        let domain = state.contracts[contract.id]?.domain ?? contract.domain
        let mode = state.compatibility.mode(for: contract.id, in: domain)
        let policies = state.policies(for: domain)
        for adopted in policies {
            review.violations += adopted.policy.violations(of: contract, document: document, mode: mode).map {
                var violation = $0
                violation.domain = adopted.domain
                return violation
            }
        }
        review.impacts = ConsumerImpact.assess(changes: changes, consumers: state.consumers[contract.id] ?? [:],
                                               contractId: contract.id, version: contract.version)
        review.approvalPolicies = policies.filter { $0.policy.consumerApproval == true }.map(\.key)
        if !review.approvalPolicies.isEmpty { review.missingApprovals = review.impacts.filter { !$0.approved } }
        return review
    }
}
