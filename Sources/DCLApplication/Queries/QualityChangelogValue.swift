/// A product's quality summary as `dcl.quality-summary.v1` carries it: the score and SLA
/// adherence of `dcl dashboard quality`, and freshness as the time until which the product is
/// fresh (`freshUntil`: the latest observation plus the freshness SLA). The dashboard judges
/// freshness against the ledger's latest event, which moves with every other product's events;
/// a changelog value has to stay true until the product itself changes, so it carries the deadline
/// and the consumer compares it with its own clock.
///
/// ```swift
/// let value = QualityChangelogValue(contractId: "sales.orders", totalChecks: 4, passedChecks: 3, qualityScore: "0.7500",
///                                   slaAdherence: "1.0000", lastChecked: "2026-11-01T00:00:00.000Z",
///                                   freshnessSla: "24h", freshUntil: "2026-11-02T00:00:00.000Z")
/// ```
public struct QualityChangelogValue: Sendable, Hashable, Codable {
    public var contractId: String
    public var totalChecks: Int
    public var passedChecks: Int
    /// passed / total with 4 decimals, nil before the first result.
    public var qualityScore: String?
    /// Share of results recorded within the SLA hours in force, 4 decimals; nil before the first result.
    public var slaAdherence: String?
    public var lastChecked: String?
    public var freshnessSla: String
    /// nil before the first observation.
    public var freshUntil: String?

    public init(contractId: String, totalChecks: Int, passedChecks: Int, qualityScore: String?, slaAdherence: String?,
                lastChecked: String?, freshnessSla: String, freshUntil: String?) {
        self.contractId = contractId
        self.totalChecks = totalChecks
        self.passedChecks = passedChecks
        self.qualityScore = qualityScore
        self.slaAdherence = slaAdherence
        self.lastChecked = lastChecked
        self.freshnessSla = freshnessSla
        self.freshUntil = freshUntil
    }
}
