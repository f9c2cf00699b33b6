import DCLDomain

/// The seed's `DataMeshMaturity` assessment, scored from the ledger instead of typed in: for each
/// of the four principles a score 0–100 from measured signals, a level 1–5, the evidence behind it
/// and the gaps that block the next level; the seed's overall score and level name on top.
///
/// ```swift
/// let maturity = MeshMaturity(metrics: MeshMetrics(state: state, onTimeChecks: onTime))
/// maturity.principles.map { "\($0.principle): level \($0.level)" }
/// ```
public struct MeshMaturity: Sendable, Hashable, Codable {
    public struct Signal: Sendable, Hashable, Codable {
        public var name: String
        /// 0–1; nil when the ledger has nothing to measure it by (counted as 0).
        public var value: Double?
        public var evidence: String
        /// What raises it, named when it holds the principle back.
        public var action: String
    }

    public struct Principle: Sendable, Hashable, Codable {
        public var principle: String
        public var score: Double
        public var level: Int
        public var evidence: [String]
        /// What blocks the next level: the weakest signals, with what to do (empty at level 5).
        public var gaps: [String]
        public var signals: [Signal]
    }

    public var principles: [Principle]
    /// The seed's `overall_score`: the mean of the four principle scores.
    public var overallScore: Double
    /// The seed's `get_maturity_level()`: Initial, Developing, Intermediate or Advanced.
    public var maturityLevel: String

    public init(metrics: MeshMetrics) {
        let mesh = metrics.mesh
        let domainsWithActive = metrics.domains.filter { $0.activeContracts > 0 }.count
        let domainsRequesting = metrics.domains.filter { $0.platformRequests > 0 }.count
        func count(_ part: Int, _ whole: Int, _ what: String) -> String { "\(part) of \(whole) \(what)" }
        func pct(_ value: Double?) -> String { MeshMetrics.percent(value) ?? "n/a" }
        principles = [
            MeshMaturity.principle("domain_ownership", [
                Signal(name: "owned contracts", value: mesh.ownedShare,
                       evidence: "\(pct(mesh.ownedShare)) of \(mesh.activeContracts) active contract(s) name an owner",
                       action: "name an owner on every contract (dcl transfer ID --owner EMAIL)"),
                Signal(name: "domains with an active product", value: MeshMetrics.share(domainsWithActive, mesh.domains),
                       evidence: count(domainsWithActive, mesh.domains, "domain(s) own an active data product"),
                       action: "give every registered domain an active contract"),
                Signal(name: "domains", value: min(1, Double(mesh.domains) / 3),
                       evidence: "\(mesh.domains) domain(s) in the ledger (the seed starts with 2-3 pilot domains)",
                       action: "register the pilot domains (dcl domain register)"),
            ]),
            MeshMaturity.principle("data_as_product", [
                Signal(name: "contract coverage", value: mesh.contractCoverage,
                       evidence: "\(pct(mesh.contractCoverage)) of \(mesh.dataProducts) data product(s) have an active contract",
                       action: "publish active contracts for the draft products"),
                Signal(name: "complete promises", value: mesh.completePromises,
                       evidence: "\(pct(mesh.completePromises)) of active contracts declare an SLA and quality rules",
                       action: "declare slaProperties and at least one quality rule in every contract"),
                Signal(name: "quality score", value: mesh.meanQualityScore,
                       evidence: "mean quality score \(pct(mesh.meanQualityScore)) over \(mesh.qualityResults) result(s) (seed: 95-99%)",
                       action: "record quality results and fix failing checks (dcl quality record)"),
                Signal(name: "SLA adherence", value: mesh.slaAdherence,
                       evidence: "\(pct(mesh.slaAdherence)) of quality results recorded within the SLA",
                       action: "record quality results within each contract's SLA hours"),
            ]),
            MeshMaturity.principle("self_serve_platform", [
                Signal(name: "domains self-serving", value: MeshMetrics.share(domainsRequesting, mesh.domains),
                       evidence: count(domainsRequesting, mesh.domains, "domain(s) requested platform infrastructure"),
                       action: "request infrastructure through the platform (dcl platform request)"),
                Signal(name: "requests provisioned", value: MeshMetrics.share(mesh.platformProvisioned, mesh.platformRequests),
                       evidence: count(mesh.platformProvisioned, mesh.platformRequests, "platform request(s) provisioned"),
                       action: "decide and provision open requests (dcl platform approve / provisioned)"),
                Signal(name: "provisioning time", value: mesh.meanHoursToProvision.map { max(0, min(1, 1 - ($0 - 48) / (14 * 24 - 48))) },
                       evidence: "mean time to provision: \(MeshMetrics.duration(mesh.meanHoursToProvision) ?? "n/a") (seed: 1-2 days)",
                       action: "provision approved requests within two days"),
            ]),
            MeshMaturity.principle("federated_governance", [
                Signal(name: "policies adopted", value: min(1, Double(metrics.policies) / 2),
                       evidence: "\(metrics.policies) polic\(metrics.policies == 1 ? "y" : "ies") adopted as code",
                       action: "adopt policies as code (dcl policy adopt FILE)"),
                Signal(name: "policy compliance", value: mesh.policyCompliance,
                       evidence: "\(pct(mesh.policyCompliance)) of active contracts meet every adopted policy (\(mesh.policyViolations) violation(s))",
                       action: "fix the violations `dcl policy compliance` lists"),
                Signal(name: "consumers registered", value: mesh.consumedShare,
                       evidence: "\(pct(mesh.consumedShare)) of active contracts have subscribed consumers (\(mesh.consumers) subscription(s), \(mesh.crossDomainConsumers) cross-domain)",
                       action: "register consumers (dcl consumer subscribe ID --consumer NAME)"),
            ]),
        ]
        overallScore = principles.reduce(0) { $0 + $1.score } / Double(principles.count)
        maturityLevel = overallScore >= 80 ? "Advanced" : overallScore >= 60 ? "Intermediate" : overallScore >= 40 ? "Developing" : "Initial"
    }

    /// Level 1 below 20, 2 from 20, 3 from 40, 4 from 60, 5 from 80: the seed's bands, one per level.
    public static func level(for score: Double) -> Int { min(5, 1 + Int(score / 20)) }

    static func principle(_ name: String, _ signals: [Signal]) -> Principle {
        let score = (signals.reduce(0) { $0 + ($1.value ?? 0) } / Double(signals.count) * 100).rounded()
        let level = level(for: score)
        // The next level needs the mean 20 points higher: the signals below that mark hold it back.
        let target = Double(level * 20) / 100
        let gaps = level == 5 ? [] : signals.filter { ($0.value ?? 0) < target }.sorted { ($0.value ?? 0) < ($1.value ?? 0) }
            .map { "\($0.name) at \(MeshMetrics.percent($0.value) ?? "n/a"): \($0.action)" }
        return Principle(principle: name, score: score, level: level, evidence: signals.map(\.evidence), gaps: gaps, signals: signals)
    }
}
