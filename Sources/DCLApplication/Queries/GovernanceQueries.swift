import DCLDomain

/// The read side's governance questions: compliance, notifications, and the folded state the
/// mesh metrics and maturity are computed from. Answered from the current read models only
/// (they keep no history to answer as of an earlier position).
///
/// ```swift
/// let governance: any GovernanceQueries = try ReadModelStore(path: ".dcl/readmodels.db")
/// let report = ComplianceReport(rows: try await governance.compliance(domain: "sales"), policies: [])
/// ```
public protocol GovernanceQueries: Sendable {
    /// Every contract's compliance row (of one domain when given), sorted by contract id.
    func compliance(domain: String?) async throws -> [ComplianceRow]
    /// Notifications in log order, for one contract and/or one consumer when given.
    func notifications(contract: ContractID?, consumer: String?) async throws -> [GovernanceNotification]
    /// The whole folded state and each contract's on-time quality results.
    func meshState() async throws -> (state: LedgerState, onTimeChecks: [ContractID: Int64])
}
