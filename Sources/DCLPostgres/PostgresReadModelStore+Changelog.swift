import DCLApplication
import DCLDomain
import DCLProjections
import Foundation
import PostgresNIO

extension PostgresReadModelStore {
    /// The current read models of every contract with events folded after `sink`'s publication
    /// mark (at most `maxPositions` positions past it), and the position they cover; nil when the
    /// sink is up to date. Retired contracts come without a catalog entry (a tombstone).
    public func unpublishedChanges(sink: String, maxPositions: Int64 = 50_000) async throws -> (changes: [ChangelogEntry], through: Int64)? {
        try await read { connection -> (changes: [ChangelogEntry], through: Int64)? in
            var markQuery = PostgresStatement("SELECT position FROM notification_deliveries WHERE sink = ")
            markQuery.sql += markQuery.bind(sink)
            let mark = try await rows(markQuery, on: connection).first?.int64("position") ?? 0
            let position = try await standing(on: connection).position
            guard position > mark else { return nil }
            let through = min(position, mark + max(1, maxPositions))
            var statement = PostgresStatement("""
                SELECT dp.entry, dp.contract_id, dp.status, dp.freshness_sla, dp.freshness_seconds,
                       COALESCE(cq.total_checks, 0) AS total_checks, COALESCE(cq.passed_checks, 0) AS passed_checks,
                       COALESCE(cq.on_time_checks, 0) AS on_time, cq.last_checked_at
                FROM data_product_contracts dp LEFT JOIN contract_quality cq ON cq.contract_id = dp.contract_id
                WHERE dp.contract_id IN (SELECT DISTINCT contract_id FROM audit_timeline
                                         WHERE position >
                """)
            statement.sql += " " + statement.bind(mark) + " AND position <= " + statement.bind(through)
            statement.sql += " AND contract_id IS NOT NULL) ORDER BY dp.contract_id"
            let decoder = JSONDecoder()
            let changes = try await rows(statement, on: connection).map { row in
                let total = try row.int64("total_checks")
                let lastChecked = try row.textOrNil("last_checked_at")
                let entry = try Self.catalogEntry(entry: row.text("entry"), total: total, passed: row.int64("passed_checks"),
                                                  lastChecked: lastChecked, decoder: decoder)
                let freshnessSeconds = try row.int64("freshness_seconds")
                let freshUntil = lastChecked.flatMap { Timestamp(iso8601: $0) }.map {
                    Timestamp(millisecondsSinceEpoch: $0.millisecondsSinceEpoch + freshnessSeconds * 1000).iso8601
                }
                let quality = QualityChangelogValue(
                    contractId: entry.contractId, totalChecks: Int(total), passedChecks: try row.int("passed_checks"),
                    qualityScore: entry.qualityScore, slaAdherence: ReadModelStore.ratio(try row.int("on_time"), Int(total)),
                    lastChecked: lastChecked, freshnessSla: try row.text("freshness_sla"), freshUntil: freshUntil)
                let retired = try row.text("status") == ContractStatus.retired.rawValue
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
