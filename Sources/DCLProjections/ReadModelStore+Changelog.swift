import DCLApplication
import DCLDomain
import Foundation
import GRDB

extension ReadModelStore {
    /// The current read models of every contract with events folded after `sink`'s publication
    /// mark (at most `maxPositions` positions past it), and the position they cover; nil when the
    /// sink is up to date. Retired contracts come without a catalog entry (a tombstone).
    public func unpublishedChanges(sink: String, maxPositions: Int64) async throws -> (changes: [ChangelogEntry], through: Int64)? {
        try await pool.read { db in
            let mark = try Int64.fetchOne(db, sql: "SELECT position FROM notification_deliveries WHERE sink = ?", arguments: [sink]) ?? 0
            let position = try Self.foldedPosition(db)
            guard position > mark else { return nil }
            let through = min(position, mark + max(1, maxPositions))
            let rows = try Row.fetchAll(db, sql: """
                SELECT dp.entry, dp.contract_id, dp.status, dp.freshness_sla, dp.freshness_seconds,
                       COALESCE(cq.total_checks, 0) AS total_checks, COALESCE(cq.passed_checks, 0) AS passed_checks,
                       COALESCE(cq.on_time_checks, 0) AS on_time, cq.last_checked_at
                FROM data_product_contracts dp LEFT JOIN contract_quality cq ON cq.contract_id = dp.contract_id
                WHERE dp.contract_id IN (SELECT DISTINCT contract_id FROM audit_timeline
                                         WHERE position > ? AND position <= ? AND contract_id IS NOT NULL)
                ORDER BY dp.contract_id
                """, arguments: [mark, through])
            let decoder = JSONDecoder()
            let changes = try rows.map { row in
                let entry = try Self.catalogEntry(row, decoder: decoder)
                let total: Int = row["total_checks"]
                let lastChecked: String? = row["last_checked_at"]
                let freshnessSeconds: Int64 = row["freshness_seconds"]
                let freshUntil = lastChecked.flatMap { Timestamp(iso8601: $0) }.map {
                    Timestamp(millisecondsSinceEpoch: $0.millisecondsSinceEpoch + freshnessSeconds * 1000).iso8601
                }
                let quality = QualityChangelogValue(
                    contractId: entry.contractId, totalChecks: total, passedChecks: row["passed_checks"],
                    qualityScore: entry.qualityScore, slaAdherence: Self.ratio(row["on_time"], total), lastChecked: lastChecked,
                    freshnessSla: row["freshness_sla"], freshUntil: freshUntil)
                let retired = (row["status"] as String) == ContractStatus.retired.rawValue
                return ChangelogEntry(contractId: entry.contractId, catalog: retired ? nil : entry, quality: quality)
            }
            return (changes, through)
        }
    }

    /// Records that `sink` published every change up to `position`.
    public func markChangesPublished(sink: String, through position: Int64) async throws {
        try await markNotificationsDelivered(sink: sink, through: position)
    }
}
