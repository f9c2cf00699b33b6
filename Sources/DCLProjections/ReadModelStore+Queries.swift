import DCLApplication
import DCLDomain
import Foundation
import GRDB

extension ReadModelStore: LedgerQueries {
    /// One contract's stored fold state and quality totals: two primary-key lookups.
    public func contract(_ id: ContractID) async throws -> ContractReadModel? {
        try await pool.read { db in
            guard let stateText = try String.fetchOne(db, sql: "SELECT state FROM fold_contracts WHERE contract_id = ?",
                                                      arguments: [id.rawValue]) else { return nil }
            let decoder = JSONDecoder()
            let state = try decoder.decode(ContractState.self, from: Data(stateText.utf8))
            let summary = try String.fetchOne(db, sql: "SELECT summary FROM contract_quality WHERE contract_id = ?", arguments: [id.rawValue])
                .map { try decoder.decode(QualitySummary.self, from: Data($0.utf8)) } ?? QualitySummary()
            return ContractReadModel(state: state, quality: summary)
        }
    }

    /// The discovery catalog, sorted by domain then contract id.
    public func catalog(_ filter: CatalogFilter = CatalogFilter()) async throws -> [CatalogEntry] {
        try await pool.read { db in
            let (whereClause, arguments) = Self.catalogWhere(filter)
            return try Self.catalogEntries(db, whereClause: whereClause, arguments: arguments, page: "")
        }
    }

    /// One page of the filtered catalog, paged by SQL: the page's rows are the only ones decoded,
    /// and a text search reads the rows its trigram index names (see `catalogWhere`).
    public func catalogPage(_ filter: CatalogFilter, limit: Int, offset: Int) async throws -> CatalogSlice {
        try await pool.read { db in
            let (whereClause, arguments) = Self.catalogWhere(filter)
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM data_product_contracts dp \(whereClause)",
                                         arguments: StatementArguments(arguments)) ?? 0
            let entries = total <= offset ? [] : try Self.catalogEntries(db, whereClause: whereClause, arguments: arguments + [limit, offset],
                                                                          page: "LIMIT ? OFFSET ?")
            return CatalogSlice(entries: entries, total: total)
        }
    }

    /// The catalog's filter as a WHERE clause over `data_product_contracts dp`.
    ///
    /// The text is matched case-insensitively as a substring of the id, product, name,
    /// description and tags. From three characters on, the trigram index `catalog_search` first
    /// narrows the rows to those holding the text's every trigram in order (a superset of the
    /// matches: it folds case as `lower` does and more), and the substring test then decides on
    /// those rows only, so the results are the same as a scan's at the cost of the matches.
    /// Shorter texts have no trigram to look up and are tested on every row.
    static func catalogWhere(_ filter: CatalogFilter) -> (String, [any DatabaseValueConvertible]) {
        var clauses: [String] = []
        var arguments: [any DatabaseValueConvertible] = []
        if let text = filter.text?.lowercased(), !text.isEmpty {
            if let phrase = CatalogSearchPhrase.of(text) {
                // One FTS5 phrase: quotes inside it are doubled.
                clauses.append("dp.rowid IN (SELECT rowid FROM catalog_search WHERE catalog_search MATCH ?)")
                arguments.append(phrase)
            }
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
        return (clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND "), arguments)
    }

    /// The catalog entries a WHERE clause selects, in catalog order, with their quality columns.
    static func catalogEntries(_ db: Database, whereClause: String, arguments: [any DatabaseValueConvertible], page: String) throws -> [CatalogEntry] {
        let rows = try Row.fetchAll(db, sql: """
            SELECT dp.entry, cq.total_checks, cq.passed_checks, cq.last_checked_at
            FROM data_product_contracts dp LEFT JOIN contract_quality cq ON cq.contract_id = dp.contract_id
            \(whereClause) ORDER BY dp.domain, dp.contract_id \(page)
            """, arguments: StatementArguments(arguments))
        let decoder = JSONDecoder()
        return try rows.map { try catalogEntry($0, decoder: decoder) }
    }

    /// A catalog entry from its stored JSON (`entry`) and its quality columns (`total_checks`,
    /// `passed_checks`, `last_checked_at`, from `contract_quality`).
    static func catalogEntry(_ row: Row, decoder: JSONDecoder) throws -> CatalogEntry {
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

    /// Every version of a contract, oldest first.
    public func versions(of id: ContractID) async throws -> [VersionEntry] {
        try await pool.read { db in
            try String.fetchAll(db, sql: "SELECT entry FROM contract_versions WHERE contract_id = ? ORDER BY ordinal", arguments: [id.rawValue])
                .map { try JSONDecoder().decode(VersionEntry.self, from: Data($0.utf8)) }
        }
    }

    /// The seed's quality dashboard, per product, with SLA adherence and freshness. Like the
    /// seed, only active products are listed unless `includeInactive`.
    ///
    /// It reads one catalog row and one quality row per product: the totals behind the seed's
    /// `COUNT`/`SUM` over `data_quality_checks` (still a view, for the seed's own query) are kept
    /// by the projector as results arrive. SLA adherence counts a result as on time when it was
    /// recorded within the SLA hours in force at that moment. Freshness and `last_checked` take the
    /// newest observation that was not in the future when it was recorded (beyond
    /// `ObservationClock.defaultMaximumSkew`, see `QualitySummary`), so one far-future date cannot pin "fresh".
    public func qualityDashboard(domain: String? = nil, includeInactive: Bool = false) async throws -> [QualityDashboardRow] {
        try await pool.read { db in
            try Self.dashboardRows(db, domain: domain, includeInactive: includeInactive, page: nil)
        }
    }

    /// One page of the dashboard, paged by SQL: only the page's products have their latest run
    /// looked up, so a page costs the same however many products the store holds.
    public func qualityDashboardPage(domain: String?, includeInactive: Bool, limit: Int, offset: Int) async throws -> QualityDashboardSlice {
        try await pool.read { db in
            let (whereClause, arguments) = Self.dashboardWhere(domain: domain, includeInactive: includeInactive)
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM data_product_contracts dp \(whereClause)",
                                         arguments: StatementArguments(arguments)) ?? 0
            let rows = total <= offset ? [] : try Self.dashboardRows(db, domain: domain, includeInactive: includeInactive,
                                                                      page: (limit, offset))
            return QualityDashboardSlice(rows: rows, total: total)
        }
    }

    /// The dashboard's filters as a WHERE clause over `data_product_contracts dp`.
    static func dashboardWhere(domain: String?, includeInactive: Bool) -> (String, [any DatabaseValueConvertible]) {
        var conditions: [String] = []
        var arguments: [any DatabaseValueConvertible] = []
        if !includeInactive { conditions.append("dp.is_active = 1") }
        if let domain { conditions.append("dp.domain = ?"); arguments.append(domain) }
        return (conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "), arguments)
    }

    /// The dashboard's query, the same on every store: each product's catalog row and quality
    /// totals in the dashboard's order, filtered by `whereClause` and paged by `paging` (each in
    /// the store's dialect).
    public static func dashboardSQL(whereClause: String, paging: String) -> String {
        """
        SELECT dp.domain, dp.product_name, dp.contract_id, dp.status, dp.sla_hours, dp.freshness_sla, dp.freshness_seconds,
               dp.quality_threshold, COALESCE(cq.total_checks, 0) AS total_checks, COALESCE(cq.passed_checks, 0) AS passed_checks,
               COALESCE(cq.on_time_checks, 0) AS on_time, cq.last_checked_at
        FROM data_product_contracts dp LEFT JOIN contract_quality cq ON cq.contract_id = dp.contract_id
        \(whereClause)
        ORDER BY dp.domain, dp.product_name, dp.contract_id
        \(paging)
        """
    }

    /// The dashboard's rows in its order, all of them or one page (`limit`, `offset`), each with
    /// its product's latest run.
    static func dashboardRows(_ db: Database, domain: String?, includeInactive: Bool, page: (limit: Int, offset: Int)?) throws -> [QualityDashboardRow] {
        let asOf = try lastRecordedAt(db)
        var (whereClause, arguments) = dashboardWhere(domain: domain, includeInactive: includeInactive)
        var paging = ""
        if let page {
            paging = "LIMIT ? OFFSET ?"
            arguments += [page.limit, page.offset]
        }
        let rows = try Row.fetchAll(db, sql: dashboardSQL(whereClause: whereClause, paging: paging), arguments: StatementArguments(arguments))
        let dashboard = rows.map { row in
            let lastChecked: String? = row["last_checked_at"]
            return dashboardRow(
                domain: row["domain"], product: row["product_name"], contractId: row["contract_id"], status: row["status"],
                slaHours: row["sla_hours"], freshnessSla: row["freshness_sla"], freshnessSeconds: row["freshness_seconds"],
                qualityThreshold: row["quality_threshold"], total: row["total_checks"], passed: row["passed_checks"],
                onTime: row["on_time"], lastChecked: lastChecked.flatMap { Timestamp(iso8601: $0) }, asOf: asOf)
        }
        return try withLatestRuns(dashboard, db: db, through: .max)
    }

    /// One dashboard row from a product's totals; freshness is judged at `asOf`, the read models' time.
    public static func dashboardRow(domain: String, product: String, contractId: String, status: String, slaHours: Int, freshnessSla: String,
                             freshnessSeconds: Int64, qualityThreshold: String, total: Int, passed: Int, onTime: Int,
                             lastChecked: Timestamp?, asOf: Timestamp?) -> QualityDashboardRow {
        let score = ratio(passed, total)
        var freshness = "unknown"
        if let lastChecked, let asOf {
            freshness = asOf.millisecondsSinceEpoch - lastChecked.millisecondsSinceEpoch <= freshnessSeconds * 1000 ? "fresh" : "late"
        }
        return QualityDashboardRow(
            domain: domain, product: product, contractId: contractId, status: status, slaHours: slaHours, freshnessSla: freshnessSla,
            qualityThreshold: qualityThreshold, totalChecks: total, passedChecks: passed, qualityScore: score,
            meetsThreshold: score.map { (Double($0) ?? 0) >= (Double(qualityThreshold) ?? 1) },
            lastChecked: lastChecked?.iso8601, slaAdherence: ratio(onTime, total), freshness: freshness)
    }

    public func contractID(atPosition position: Int64) async throws -> ContractID? {
        try await pool.read { db in
            try String.fetchOne(db, sql: "SELECT contract_id FROM audit_timeline WHERE position = ?", arguments: [position]).flatMap(ContractID.init)
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
    ///
    /// On a partitioned log every batch counts itself in a partition row instead (see
    /// `writePartitionCheckpoint`): those rows add to each projector's counts, the highest is
    /// the position, and the rate is the one of the batch numbered last.
    public func status(logEnd: Int64) async throws -> [ProjectorStatus] {
        try await pool.read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT projector, position, events, quarantined, rate FROM projector_positions")
            let known = Dictionary(rows.map { ($0["projector"] as String, $0) }, uniquingKeysWith: { first, _ in first })
            let partitions = try Row.fetchOne(db, sql: """
                SELECT COALESCE(MAX(position), 0) AS position, COALESCE(SUM(events), 0) AS events,
                       COALESCE(SUM(quarantined), 0) AS quarantined,
                       (SELECT rate FROM log_cursor WHERE position IS NOT NULL ORDER BY position DESC LIMIT 1) AS rate
                FROM log_cursor
                """)
            let partitionPosition: Int64 = partitions?["position"] ?? 0
            let partitionEvents: Int64 = partitions?["events"] ?? 0
            let partitionQuarantined: Int64 = partitions?["quarantined"] ?? 0
            let partitionRate: Double? = partitions?["rate"]
            return ReadModelStore.projectors.map { name in
                let row = known[name]
                let position = max(row?["position"] ?? 0, partitionPosition)
                return ProjectorStatus(projector: name, position: position, logEnd: logEnd, lag: max(0, logEnd - position),
                                       events: (row?["events"] ?? 0) + partitionEvents, eventsPerSecond: partitionRate ?? row?["rate"] ?? 0,
                                       quarantined: (row?["quarantined"] ?? 0) + partitionQuarantined)
            }
        }
    }

    /// `numerator / denominator` rounded half-up to 4 decimals, in integers (SQL `ROUND(x, 4)`).
    public static func ratio(_ numerator: Int, _ denominator: Int) -> String? {
        guard denominator > 0 else { return nil }
        let scaled = (Int64(numerator) * 100_000 / Int64(denominator) + 5) / 10
        let fraction = String(scaled % 10_000)
        return "\(scaled / 10_000).\(String(repeating: "0", count: 4 - fraction.count))\(fraction)"
    }
}
