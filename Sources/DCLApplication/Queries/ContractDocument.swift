import DCLDomain

/// One version of a contract with the contract's lifecycle state and quality totals: what
/// `dcl show --json` prints and `GET /api/contracts/{id}` answers, one shape for both.
///
/// ```swift
/// if let model = try await queries.contract(ContractID("sales.orders")!) {
///     let document = ContractDocument(state: model.state, record: model.state.versions.last!, quality: model.quality)
///     print(document.contract.version, document.qualityScore ?? "-")
/// }
/// ```
public struct ContractDocument: Encodable, Sendable {
    public var contract: DataContract
    public var status: String
    /// Absent for a contract without an owner (ODCS does not require one).
    public var owner: String?
    public var schemaVersion: String
    public var createdAt: String
    public var updatedAt: String
    public var publishedAt: String
    public var publishedBy: String
    public var deprecationReason: String?
    public var versions: [String]
    public var totalChecks: Int
    public var passedChecks: Int
    public var qualityScore: String?
    public var lastChecked: String?

    public init(state: ContractState, record: ContractVersionRecord, quality: QualitySummary) {
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
