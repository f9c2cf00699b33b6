import DCLDomain

/// The seed's mesh metrics, computed from the ledger's folded events rather than typed in: for
/// each domain and for the whole mesh. Every share is nil when there is nothing to divide by.
///
/// ```swift
/// let metrics = MeshMetrics(state: state, onTimeChecks: onTime)
/// metrics.mesh.contractCoverage   // share of data products with an active contract
/// ```
public struct MeshMetrics: Sendable, Hashable, Codable {
    public struct Scope: Sendable, Hashable, Codable {
        public var name: String
        public var domains: Int
        public var dataProducts: Int
        public var contracts: Int
        public var activeContracts: Int
        /// Share of data products whose contract is active.
        public var contractCoverage: Double?
        /// Share of active contracts that declare an SLA and at least one quality rule.
        public var completePromises: Double?
        /// Mean quality score (passed / total checks) of the active contracts with results.
        public var meanQualityScore: Double?
        /// Share of quality results recorded within the contract's SLA hours.
        public var slaAdherence: Double?
        public var qualityResults: Int
        /// Mean hours from a contract's first (draft or proposed) version to its first active one.
        public var meanHoursDraftToActive: Double?
        /// Share of later versions whose changes needed a MAJOR bump.
        public var breakingVersionShare: Double?
        public var versions: Int
        /// Share of active contracts that name an owner.
        public var ownedShare: Double?
        public var consumers: Int
        /// Subscriptions from another domain than the contract's (the seed's communication overhead).
        public var crossDomainConsumers: Int
        /// Share of active contracts with at least one subscribed consumer.
        public var consumedShare: Double?
        /// Share of active contracts meeting every adopted policy that applies to them.
        public var policyCompliance: Double?
        public var policyViolations: Int
        public var platformRequests: Int
        public var platformProvisioned: Int
        /// Mean hours from a platform request to its provisioning (the seed's "Dataset Provisioning").
        public var meanHoursToProvision: Double?
    }

    /// One row of the seed's performance-metrics table, measured where the ledger holds the data.
    public struct Performance: Sendable, Hashable, Codable {
        public var metric: String
        public var seedDataMesh: String
        public var measured: String?
        public var from: String
    }

    public var policies: Int
    public var mesh: Scope
    public var domains: [Scope]
    public var performance: [Performance]

    public init(state: LedgerState, onTimeChecks: [ContractID: Int64]) {
        policies = state.policies.count
        let contracts = state.contracts.values.sorted { $0.id < $1.id }
        mesh = MeshMetrics.scope("mesh", contracts, state: state, onTime: onTimeChecks,
                                 requests: Array(state.platformRequests.values), domainCount: state.domainNames.count)
        domains = state.domainNames.map { domain in
            MeshMetrics.scope(domain.rawValue, contracts.filter { $0.domain == domain }, state: state, onTime: onTimeChecks,
                              requests: state.platformRequests.values.filter { $0.request.domain == domain.rawValue }, domainCount: 1)
        }
        performance = MeshMetrics.performance(mesh)
    }

    static func share(_ part: Int, _ whole: Int) -> Double? { whole == 0 ? nil : Double(part) / Double(whole) }

    static func mean(_ values: [Double]) -> Double? { values.isEmpty ? nil : values.reduce(0, +) / Double(values.count) }

    static func hours(_ from: Timestamp, _ to: Timestamp) -> Double {
        Double(to.millisecondsSinceEpoch - from.millisecondsSinceEpoch) / 3_600_000
    }

    static func scope(_ name: String, _ contracts: [ContractState], state: LedgerState, onTime: [ContractID: Int64],
                      requests: [PlatformRequestState], domainCount: Int) -> Scope {
        let active = contracts.filter(\.isActive)
        let products = Set(contracts.map { "\($0.domain?.rawValue ?? "")/\($0.latest.dataProduct)" })
        let activeProducts = Set(active.map { "\($0.domain?.rawValue ?? "")/\($0.latest.dataProduct)" })
        let complete = active.filter { Policy.declaresSLA($0.versions.last?.document) && !$0.latest.quality.isEmpty }
        let summaries = active.map { state.qualitySummary(for: $0.id) }.filter { $0.totalChecks > 0 }
        let scores = summaries.map { Double($0.passedChecks) / Double($0.totalChecks) }
        let totalChecks = contracts.reduce(0) { $0 + state.qualitySummary(for: $1.id).totalChecks }
        let onTimeTotal = contracts.reduce(Int64(0)) { $0 + (onTime[$1.id] ?? 0) }
        let leadTimes: [Double] = contracts.compactMap { contract in
            guard let first = contract.versions.first, first.contract.status != .active,
                  let firstActive = contract.versions.first(where: { $0.contract.status == .active }) else { return nil }
            return hours(first.occurredAt, firstActive.occurredAt)
        }
        let later = contracts.flatMap { $0.versions.dropFirst() }
        let breaking = later.filter { $0.decision?.computedBump == VersionBump.major.rawValue }
        let subscriptions = contracts.flatMap { contract in (state.consumers[contract.id] ?? [:]).values.map { (contract, $0) } }
        let crossDomain = subscriptions.filter { pair in
            pair.1.consumerDomain.map { $0 != pair.0.domain?.rawValue } ?? false
        }
        let consumed = active.filter { !(state.consumers[$0.id] ?? [:]).isEmpty }
        let rows = active.map { ComplianceRow($0, state: state) }
        let provisioned = requests.filter { $0.status == .provisioned }
        let provisionTimes = provisioned.compactMap { request in request.provisionedAt.map { hours(request.requestedAt, $0) } }
        return Scope(
            name: name, domains: domainCount, dataProducts: products.count, contracts: contracts.count, activeContracts: active.count,
            contractCoverage: share(activeProducts.count, products.count), completePromises: share(complete.count, active.count),
            meanQualityScore: mean(scores), slaAdherence: totalChecks == 0 ? nil : Double(onTimeTotal) / Double(totalChecks),
            qualityResults: totalChecks, meanHoursDraftToActive: mean(leadTimes),
            breakingVersionShare: share(breaking.count, later.count), versions: contracts.reduce(0) { $0 + $1.versions.count },
            ownedShare: share(active.filter { $0.owner != nil }.count, active.count),
            consumers: subscriptions.count, crossDomainConsumers: crossDomain.count, consumedShare: share(consumed.count, active.count),
            policyCompliance: state.policies.isEmpty ? nil : share(rows.filter(\.compliant).count, rows.count),
            policyViolations: rows.reduce(0) { $0 + $1.violations.count },
            platformRequests: requests.count, platformProvisioned: provisioned.count, meanHoursToProvision: mean(provisionTimes))
    }

    /// `80%`, or `-` when there is nothing to measure.
    public static func percentText(_ value: Double?) -> String { percent(value) ?? "-" }

    static func percent(_ value: Double?) -> String? { value.map { String(Int(($0 * 100).rounded())) + "%" } }

    static func duration(_ hours: Double?) -> String? {
        guard let hours else { return nil }
        return hours >= 48 ? "\(Int((hours / 24).rounded())) days" : "\(Int(hours.rounded())) hours"
    }

    static func performance(_ mesh: Scope) -> [Performance] {
        [
            Performance(metric: "Dataset Provisioning", seedDataMesh: "1-2 days", measured: duration(mesh.meanHoursToProvision),
                        from: "platform requests: requested → provisioned"),
            Performance(metric: "Data Quality", seedDataMesh: "95-99%", measured: percent(mesh.meanQualityScore),
                        from: "quality results of active contracts"),
            Performance(metric: "Time to Insight", seedDataMesh: "1-3 days", measured: duration(mesh.meanHoursDraftToActive),
                        from: "first draft version → first active version"),
            Performance(metric: "Team Autonomy", seedDataMesh: "High (domain-owned)", measured: percent(mesh.ownedShare),
                        from: "active contracts naming an owner"),
            Performance(metric: "Cross-Domain Joins", seedDataMesh: "Complex (contracts)",
                        measured: mesh.consumers == 0 ? nil : "\(mesh.crossDomainConsumers) of \(mesh.consumers) subscriptions cross domains",
                        from: "consumer subscriptions"),
            Performance(metric: "Governance Overhead", seedDataMesh: "Medium (federated)",
                        measured: mesh.policyCompliance == nil ? nil : "\(mesh.policyViolations) violation(s), \(percent(mesh.policyCompliance) ?? "-") compliant",
                        from: "adopted policies against active contracts"),
        ]
    }
}
