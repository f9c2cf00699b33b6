import DCLDomain

/// The read side's port: every question a reader asks of the ledger, answered from read models
/// kept by a projector (`DCLProjections.ReadModelStore` on SQLite). Each answer costs what the
/// answer holds, not what the ledger holds: one contract's rows, one search's matches.
///
/// The CLI (and any other front end) asks through this port, so it holds no use-case logic.
///
/// ```swift
/// let queries: any LedgerQueries = try ReadModelStore(path: ".dcl/readmodels.db")
/// if let orders = try await queries.contract(ContractID("sales.orders")!) {
///     print(orders.state.latestVersion, orders.quality.qualityScore?.text ?? "-")
/// }
/// ```
public protocol LedgerQueries: Sendable {
    /// The discovery catalog, filtered; sorted by domain then contract id.
    func catalog(_ filter: CatalogFilter) async throws -> [CatalogEntry]
    /// `limit` entries of the filtered catalog from `offset` on, and how many match in all.
    func catalogPage(_ filter: CatalogFilter, limit: Int, offset: Int) async throws -> CatalogSlice
    /// One contract's state and quality totals, or nil when the ledger has no such contract.
    func contract(_ id: ContractID) async throws -> ContractReadModel?
    /// Every version of a contract, oldest first.
    func versions(of id: ContractID) async throws -> [VersionEntry]
    /// Every event of a contract, accepted or not, in log order.
    func timeline(of id: ContractID) async throws -> [HistoryEntry]
    /// The contract whose event the read models hold at `position` (nil when none, or when that
    /// event names no contract): one lookup by position.
    func contractID(atPosition position: Int64) async throws -> ContractID?
    /// The seed's quality dashboard, per product.
    func qualityDashboard(domain: String?, includeInactive: Bool) async throws -> [QualityDashboardRow]
    /// `limit` rows of the quality dashboard from `offset` on, and how many products it lists in all.
    func qualityDashboardPage(domain: String?, includeInactive: Bool, limit: Int, offset: Int) async throws -> QualityDashboardSlice
    /// Every accepted quality result of a contract with its running totals, in log order.
    func qualityResults(of id: ContractID) async throws -> [QualityResultEntry]
    /// Every quality run of a contract (a `dcl quality run`, an import, or a typed-in result), newest first.
    func qualityRuns(of id: ContractID) async throws -> [QualityRunSummary]
    /// One run with its results, or nil when the contract has no run of that id.
    func qualityRun(of id: ContractID, runId: String) async throws -> QualityRunDetail?
    /// The contract's newest run (the last one recorded) with its results, or nil before any.
    func latestQualityRun(of id: ContractID) async throws -> QualityRunDetail?
}

extension LedgerQueries {
    /// Pages the whole filtered catalog in memory: right for any read model, and what one that
    /// cannot page in its query (a view as of a past position) does.
    public func catalogPage(_ filter: CatalogFilter, limit: Int, offset: Int) async throws -> CatalogSlice {
        let entries = try await catalog(filter)
        return CatalogSlice(entries: Array(entries.dropFirst(offset).prefix(limit)), total: entries.count)
    }

    /// Pages the whole dashboard in memory: right for any read model, at the cost of every row's
    /// latest run; the stores in this package page before they look the runs up.
    public func qualityDashboardPage(domain: String?, includeInactive: Bool, limit: Int, offset: Int) async throws -> QualityDashboardSlice {
        let rows = try await qualityDashboard(domain: domain, includeInactive: includeInactive)
        return QualityDashboardSlice(rows: Array(rows.dropFirst(offset).prefix(limit)), total: rows.count)
    }
}
