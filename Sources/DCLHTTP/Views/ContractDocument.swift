import DCLApplication
import DCLDomain

/// `GET /api/contracts/{id}`: one version of a contract (the latest unless `?version=`), with the
/// contract's lifecycle state and quality totals. The same fields as `dcl show --json`.
struct ContractDocument: Encodable, Sendable {
    var contract: DataContract
    var status: String
    /// Absent for a contract without an owner (ODCS does not require one).
    var owner: String?
    var schemaVersion: String
    var createdAt: String
    var updatedAt: String
    var publishedAt: String
    var publishedBy: String
    var deprecationReason: String?
    var versions: [String]
    var totalChecks: Int
    var passedChecks: Int
    var qualityScore: String?
    var lastChecked: String?

    init(state: ContractState, record: ContractVersionRecord, quality: QualitySummary) {
        contract = record.contract
        status = state.status.rawValue
        owner = state.owner?.rawValue
        schemaVersion = state.schemaVersion.description
        createdAt = state.createdAt.iso8601
        updatedAt = state.updatedAt.iso8601
        publishedAt = record.recordedAt.iso8601
        publishedBy = record.actor
        deprecationReason = state.deprecationReason
        versions = state.versions.map { $0.contract.version.description }
        totalChecks = quality.totalChecks
        passedChecks = quality.passedChecks
        qualityScore = quality.qualityScore?.text
        lastChecked = quality.lastCheckedAt?.iso8601
    }
}
