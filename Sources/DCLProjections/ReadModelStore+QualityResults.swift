import DCLApplication
import DCLDomain
import GRDB

extension ReadModelStore {
    /// Every accepted quality result of a contract up to log position `through` (all when nil),
    /// with the running totals the projector stored on each: one index range of `audit_timeline`
    /// (`timeline_by_contract`, skipping the contract's few lifecycle rows), so the cost follows
    /// the contract's results, not the ledger.
    func qualityResults(of id: ContractID, through position: Int64?) async throws -> [QualityResultEntry] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: Self.qualityResultsQuery, arguments: [id.rawValue, position ?? Int64.max])
                .map { row in
                    QualityResultEntry(position: row["position"], rule: row["rule"], passed: row["passed"], value: row["value"],
                                       checkedAt: row["checked_at"], recordedAt: row["recorded_at"],
                                       totalSoFar: row["total_so_far"] ?? 0, passedSoFar: row["passed_so_far"] ?? 0)
                }
        }
    }

    /// The query behind `qualityResults(of:through:)`: a contract id, then the last position.
    static let qualityResultsQuery = """
        SELECT position, rule, passed, value, checked_at, recorded_at, total_so_far, passed_so_far
        FROM audit_timeline
        WHERE contract_id = ? AND rule IS NOT NULL AND position <= ?
        ORDER BY position
        """

    /// Every accepted quality result of a contract with its running totals, in log order.
    public func qualityResults(of id: ContractID) async throws -> [QualityResultEntry] {
        try await qualityResults(of: id, through: nil)
    }
}
