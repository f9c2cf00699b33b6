import DCLApplication
import DCLDomain
import Foundation
import GRDB

extension ReadModelStore {
    /// The discovery catalog, sorted by domain then contract id.
    public func catalog(_ filter: CatalogFilter = CatalogFilter()) async throws -> [CatalogEntry] {
        try await pool.read { db in
            var clauses: [String] = []
            var arguments: [any DatabaseValueConvertible] = []
            if let text = filter.text?.lowercased(), !text.isEmpty {
                clauses.append("""
                    (instr(lower(dp.contract_id), ?) > 0 OR instr(lower(dp.product_name), ?) > 0 OR instr(lower(dp.name), ?) > 0
                     OR instr(lower(COALESCE(dp.description, '')), ?) > 0 OR instr(lower(dp.tags), ?) > 0)
                    """)
                arguments += [text, text, text, text, text]
            }
            if let domain = filter.domain { clauses.append("dp.domain = ?"); arguments.append(domain) }
            if let owner = filter.owner { clauses.append("lower(dp.owner_email) = lower(?)"); arguments.append(owner) }
            if let tag = filter.tag { clauses.append("EXISTS (SELECT 1 FROM json_each(dp.tags) WHERE value = ?)"); arguments.append(tag) }
            if let field = filter.field {
                clauses.append("EXISTS (SELECT 1 FROM contract_fields f WHERE f.contract_id = dp.contract_id AND (f.name = ? OR f.path = ?))")
                arguments += [field, field]
            }
            if let status = filter.status { clauses.append("dp.status = ?"); arguments.append(status.rawValue) }
            let whereClause = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
            let rows = try Row.fetchAll(db, sql: """
                SELECT dp.entry, cq.total_checks, cq.passed_checks, cq.last_checked_at
                FROM data_product_contracts dp LEFT JOIN contract_quality cq ON cq.contract_id = dp.contract_id
                \(whereClause) ORDER BY dp.domain, dp.contract_id
                """, arguments: StatementArguments(arguments))
            let decoder = JSONDecoder()
            return try rows.map { row in
                var entry = try decoder.decode(CatalogEntry.self, from: Data((row["entry"] as String).utf8))
                // The quality columns come from the quality read model (see `ReadModelRows`).
                var quality = QualitySummary()
                quality.totalChecks = row["total_checks"] ?? 0
                quality.passedChecks = row["passed_checks"] ?? 0
                entry.totalChecks = quality.totalChecks
                entry.passedChecks = quality.passedChecks
                entry.qualityScore = quality.qualityScore?.text
                entry.lastChecked = row["last_checked_at"]
                return entry
            }
        }
    }

    /// Every version of a contract, oldest first.
    public func versions(of id: ContractID) async throws -> [VersionEntry] {
        try await pool.read { db in
            try String.fetchAll(db, sql: "SELECT entry FROM contract_versions WHERE contract_id = ? ORDER BY ordinal", arguments: [id.rawValue])
                .map { try JSONDecoder().decode(VersionEntry.self, from: Data($0.utf8)) }
        }
    }

    /// The seed's quality dashboard query, per product, with SLA adherence and freshness.
    /// Like the seed, only active products are listed unless `includeInactive`. Freshness and
    /// `last_checked` take the newest observation that was not in the future when it was recorded
    /// (beyond `ObservationClock.defaultMaximumSkew`), so one far-future date cannot pin "fresh".
    public func qualityDashboard(domain: String? = nil, includeInactive: Bool = false) async throws -> [QualityDashboardRow] {
        try await pool.read { db in
            let asOf = try String.fetchOne(db, sql: "SELECT last_recorded_at FROM fold_checkpoint WHERE id = 1").flatMap { Timestamp(iso8601: $0) }
            var conditions: [String] = []
            var arguments: [any DatabaseValueConvertible] = []
            if !includeInactive { conditions.append("dp.is_active = 1") }
            if let domain { conditions.append("dp.domain = ?"); arguments.append(domain) }
            let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            let rows = try Row.fetchAll(db, sql: """
                SELECT dp.domain, dp.product_name, dp.contract_id, dp.status, dp.sla_hours, dp.freshness_sla, dp.freshness_seconds,
                       dp.quality_threshold,
                       COUNT(qa.check_id) AS total_checks,
                       COALESCE(SUM(CASE WHEN qa.passed THEN 1 ELSE 0 END), 0) AS passed_checks,
                       COALESCE(SUM(CASE WHEN qa.lag_ms <= dp.sla_hours * 3600000 THEN 1 ELSE 0 END), 0) AS on_time,
                       MAX(CASE WHEN qa.lag_ms >= -\(ObservationClock.defaultMaximumSkew.seconds * 1000) THEN qa.checked_at_ms END) AS last_checked_ms
                FROM data_product_contracts dp
                LEFT JOIN data_quality_checks qa ON dp.contract_id = qa.contract_id
                \(whereClause)
                GROUP BY dp.contract_id
                ORDER BY dp.domain, dp.product_name, dp.contract_id
                """, arguments: StatementArguments(arguments))
            return rows.map { row in
                let total: Int = row["total_checks"]
                let passed: Int = row["passed_checks"]
                let onTime: Int = row["on_time"]
                let lastMillis: Int64? = row["last_checked_ms"]
                let threshold: String = row["quality_threshold"]
                let score = Self.ratio(passed, total)
                var freshness = "unknown"
                if let lastMillis, let asOf {
                    let freshnessSeconds: Int64 = row["freshness_seconds"]
                    freshness = asOf.millisecondsSinceEpoch - lastMillis <= freshnessSeconds * 1000 ? "fresh" : "late"
                }
                return QualityDashboardRow(
                    domain: row["domain"], product: row["product_name"], contractId: row["contract_id"], status: row["status"],
                    slaHours: row["sla_hours"], freshnessSla: row["freshness_sla"], qualityThreshold: threshold,
                    totalChecks: total, passedChecks: passed, qualityScore: score,
                    meetsThreshold: score.map { (Double($0) ?? 0) >= (Double(threshold) ?? 1) },
                    lastChecked: lastMillis.map { Timestamp(millisecondsSinceEpoch: $0).iso8601 },
                    slaAdherence: Self.ratio(onTime, total), freshness: freshness)
            }
        }
    }

    /// Every event of a contract, accepted or not, in log order.
    public func timeline(of id: ContractID) async throws -> [HistoryEntry] {
        try await pool.read { db in
            let decoder = JSONDecoder()
            return try Row.fetchAll(db, sql: "SELECT \(HistoryEntry.timelineColumns) FROM audit_timeline WHERE contract_id = ? ORDER BY position",
                                    arguments: [id.rawValue])
                .map { try HistoryEntry(timelineRow: $0, decoder: decoder) }
        }
    }

    /// Quarantined (poison) events with position and reason.
    public func quarantine() async throws -> [QuarantinedEvent] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT position, event_id, type, reason FROM quarantine ORDER BY position").map {
                QuarantinedEvent(position: $0["position"], eventId: $0["event_id"], type: $0["type"], reason: $0["reason"])
            }
        }
    }

    /// Per projector: position, lag behind `logEnd`, events folded, last batch rate, quarantined count.
    public func status(logEnd: Int64) async throws -> [ProjectorStatus] {
        try await pool.read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT projector, position, events, quarantined, rate FROM projector_positions")
            let known = Dictionary(rows.map { ($0["projector"] as String, $0) }, uniquingKeysWith: { first, _ in first })
            return ReadModelStore.projectors.map { name in
                let row = known[name]
                let position: Int64 = row?["position"] ?? 0
                return ProjectorStatus(projector: name, position: position, logEnd: logEnd, lag: max(0, logEnd - position),
                                       events: row?["events"] ?? 0, eventsPerSecond: row?["rate"] ?? 0,
                                       quarantined: row?["quarantined"] ?? 0)
            }
        }
    }

    /// `numerator / denominator` rounded half-up to 4 decimals, in integers (SQL `ROUND(x, 4)`).
    static func ratio(_ numerator: Int, _ denominator: Int) -> String? {
        guard denominator > 0 else { return nil }
        let scaled = (Int64(numerator) * 100_000 / Int64(denominator) + 5) / 10
        let fraction = String(scaled % 10_000)
        return "\(scaled / 10_000).\(String(repeating: "0", count: 4 - fraction.count))\(fraction)"
    }
}
