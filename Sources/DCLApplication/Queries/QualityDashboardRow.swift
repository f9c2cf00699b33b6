/// One row of the quality dashboard: the seed's query (`domain`, `product`, `sla_hours`,
/// `total_checks`, `passed_checks`, `quality_score`, `last_checked`) plus SLA adherence and freshness.
public struct QualityDashboardRow: Sendable, Codable, Hashable {
    public var domain: String
    public var product: String
    public var contractId: String
    public var status: String
    public var slaHours: Int
    public var freshnessSla: String
    public var qualityThreshold: String
    public var totalChecks: Int
    public var passedChecks: Int
    /// `ROUND(passed / total, 4)`, as text so every platform prints the same digits; null without checks.
    public var qualityScore: String?
    /// Whether the score meets the contract's quality threshold (null without checks).
    public var meetsThreshold: Bool?
    /// The latest observation time (event time: a late result counts at the time it observed).
    public var lastChecked: String?
    /// Share of results recorded within `slaHours` of their observation, 4 decimals.
    public var slaAdherence: String?
    /// `fresh` when the latest observation is within the freshness SLA of the read model's time
    /// (its latest recorded event), `late` otherwise, `unknown` without checks.
    public var freshness: String
    /// The contract's newest quality run, and the checks of it that failed (absent before any run).
    public var latestRun: QualityRunSummary?
    public var latestRunFailures: [QualityRunResult]?

    public init(domain: String, product: String, contractId: String, status: String, slaHours: Int, freshnessSla: String,
                qualityThreshold: String, totalChecks: Int, passedChecks: Int, qualityScore: String?, meetsThreshold: Bool?,
                lastChecked: String?, slaAdherence: String?, freshness: String) {
        self.domain = domain
        self.product = product
        self.contractId = contractId
        self.status = status
        self.slaHours = slaHours
        self.freshnessSla = freshnessSla
        self.qualityThreshold = qualityThreshold
        self.totalChecks = totalChecks
        self.passedChecks = passedChecks
        self.qualityScore = qualityScore
        self.meetsThreshold = meetsThreshold
        self.lastChecked = lastChecked
        self.slaAdherence = slaAdherence
        self.freshness = freshness
    }
}
