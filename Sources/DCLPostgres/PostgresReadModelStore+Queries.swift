import DCLApplication
import DCLDomain
import DCLProjections
import Foundation
import PostgresNIO

extension PostgresReadModelStore: LedgerQueries {
    /// One contract's stored fold state and quality totals: two primary-key lookups.
    public func contract(_ id: ContractID) async throws -> ContractReadModel? {
        try await read { connection in
            let decoder = JSONDecoder()
            var state = PostgresStatement("SELECT state FROM fold_contracts WHERE contract_id = ")
            state.sql += state.bind(id.rawValue)
            guard let stateText = try await rows(state, on: connection).first?.text("state") else { return nil }
            var quality = PostgresStatement("SELECT summary FROM contract_quality WHERE contract_id = ")
            quality.sql += quality.bind(id.rawValue)
            let summary = try await rows(quality, on: connection).first
                .map { try decoder.decode(QualitySummary.self, from: Data(try $0.text("summary").utf8)) } ?? QualitySummary()
            return ContractReadModel(state: try decoder.decode(ContractState.self, from: Data(stateText.utf8)), quality: summary)
        }
    }

    /// The discovery catalog, sorted by domain then contract id.
    public func catalog(_ filter: CatalogFilter = CatalogFilter()) async throws -> [CatalogEntry] {
        try await read { connection in
            var statement = PostgresStatement("")
            let whereClause = catalogWhere(filter, into: &statement)
            return try await catalogEntries(whereClause: whereClause, statement: statement, page: "", on: connection)
        }
    }

    /// One page of the filtered catalog, paged by SQL, with the number of matches in all.
    public func catalogPage(_ filter: CatalogFilter, limit: Int, offset: Int) async throws -> CatalogSlice {
        try await read { connection in
            var count = PostgresStatement("")
            let countWhere = catalogWhere(filter, into: &count)
            count.sql = "SELECT COUNT(*) AS total FROM data_product_contracts dp \(countWhere)"
            let total = try await rows(count, on: connection).first?.int("total") ?? 0
            guard total > offset else { return CatalogSlice(entries: [], total: total) }
            var statement = PostgresStatement("")
            let whereClause = catalogWhere(filter, into: &statement)
            let page = "LIMIT \(statement.bind(Int64(max(0, limit)))) OFFSET \(statement.bind(Int64(max(0, offset))))"
            let entries = try await catalogEntries(whereClause: whereClause, statement: statement, page: page, on: connection)
            return CatalogSlice(entries: entries, total: total)
        }
    }

    /// The catalog's filter as a WHERE clause over `data_product_contracts dp`, with the SQLite
    /// store's meaning exactly: the text is a substring, case folded for ASCII letters only (SQLite's
    /// `lower`), of the id, product, name, description or tags. From three characters on, the
    /// trigram index (when the server has `pg_trgm`) first narrows the rows to those whose
    /// folded columns, joined, contain it (`LIKE`, a superset); the substring test then decides.
    func catalogWhere(_ filter: CatalogFilter, into statement: inout PostgresStatement) -> String {
        var clauses: [String] = []
        if let text = filter.text?.lowercased(), !text.isEmpty {
            if trigramSearch && text.unicodeScalars.count >= 3 {
                let pattern = "%" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
                    .replacingOccurrences(of: "_", with: "\\_") + "%"
                clauses.append("\(Self.searchText("dp.")) LIKE \(statement.bind(pattern))")
            }
            let value = statement.bind(text)
            clauses.append("""
                (strpos(dcl_ascii_lower(dp.contract_id), \(value)) > 0 OR strpos(dcl_ascii_lower(dp.product_name), \(value)) > 0
                 OR strpos(dcl_ascii_lower(dp.name), \(value)) > 0 OR strpos(dcl_ascii_lower(COALESCE(dp.description, '')), \(value)) > 0
                 OR strpos(dcl_ascii_lower(dp.tags), \(value)) > 0)
                """)
        }
        if let domain = filter.domain { clauses.append("dp.domain = \(statement.bind(domain))") }
        if let owner = filter.owner { clauses.append("dcl_ascii_lower(dp.owner_email) = dcl_ascii_lower(\(statement.bind(owner)))") }
        if let tag = filter.tag { clauses.append("dp.tags::jsonb ? \(statement.bind(tag))") }
        if let field = filter.field {
            let value = statement.bind(field)
            clauses.append("EXISTS (SELECT 1 FROM contract_fields f WHERE f.contract_id = dp.contract_id AND (f.name = \(value) OR f.path = \(value)))")
        }
        if let status = filter.status { clauses.append("dp.status = \(statement.bind(status.rawValue))") }
        return clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
    }

    /// The catalog entries a WHERE clause selects, in catalog order, with their quality columns.
    func catalogEntries(whereClause: String, statement: PostgresStatement, page: String,
                        on connection: PostgresConnection) async throws -> [CatalogEntry] {
        var statement = statement
        statement.sql = """
            SELECT dp.entry, cq.total_checks, cq.passed_checks, cq.last_checked_at
            FROM data_product_contracts dp LEFT JOIN contract_quality cq ON cq.contract_id = dp.contract_id
            \(whereClause) ORDER BY dp.domain, dp.contract_id \(page)
            """
        let decoder = JSONDecoder()
        return try await rows(statement, on: connection).map { row in
            try Self.catalogEntry(entry: row.text("entry"), total: row.int64OrNil("total_checks"), passed: row.int64OrNil("passed_checks"),
                                  lastChecked: row.textOrNil("last_checked_at"), decoder: decoder)
        }
    }

    /// A catalog entry from its stored JSON and the quality columns of `contract_quality`.
    static func catalogEntry(entry text: String, total: Int64?, passed: Int64?, lastChecked: String?,
                             decoder: JSONDecoder) throws -> CatalogEntry {
        var entry = try decoder.decode(CatalogEntry.self, from: Data(text.utf8))
        var quality = QualitySummary()
        quality.totalChecks = Int(total ?? 0)
        quality.passedChecks = Int(passed ?? 0)
        entry.totalChecks = quality.totalChecks
        entry.passedChecks = quality.passedChecks
        entry.qualityScore = quality.qualityScore?.text
        entry.lastChecked = lastChecked
        return entry
    }

    /// Every version of a contract, oldest first.
    public func versions(of id: ContractID) async throws -> [VersionEntry] {
        try await read { connection in
            var statement = PostgresStatement("SELECT entry FROM contract_versions WHERE contract_id = ")
            statement.sql += statement.bind(id.rawValue) + " ORDER BY ordinal"
            let decoder = JSONDecoder()
            return try await rows(statement, on: connection).map { try decoder.decode(VersionEntry.self, from: Data(try $0.text("entry").utf8)) }
        }
    }

    /// The seed's quality dashboard, per product (active ones unless `includeInactive`), with SLA
    /// adherence, freshness judged at the read models' time, and each product's latest run.
    public func qualityDashboard(domain: String? = nil, includeInactive: Bool = false) async throws -> [QualityDashboardRow] {
        try await read { connection in
            try await dashboardRows(domain: domain, includeInactive: includeInactive, page: nil, on: connection)
        }
    }

    /// One page of the dashboard, paged by SQL: only the page's products have their latest run looked up.
    public func qualityDashboardPage(domain: String?, includeInactive: Bool, limit: Int, offset: Int) async throws -> QualityDashboardSlice {
        try await read { connection in
            var count = PostgresStatement("SELECT COUNT(*) AS total FROM data_product_contracts dp ")
            let whereClause = Self.dashboardWhere(&count, domain: domain, includeInactive: includeInactive)
            count.sql += whereClause
            let total = Int(try await rows(count, on: connection).first?.int64("total") ?? 0)
            let rows = total <= offset ? [] : try await dashboardRows(domain: domain, includeInactive: includeInactive,
                                                                      page: (limit, offset), on: connection)
            return QualityDashboardSlice(rows: rows, total: total)
        }
    }

    /// The dashboard's filters as a WHERE clause over `data_product_contracts dp`, bound into `statement`.
    static func dashboardWhere(_ statement: inout PostgresStatement, domain: String?, includeInactive: Bool) -> String {
        var conditions: [String] = []
        if !includeInactive { conditions.append("dp.is_active") }
        if let domain { conditions.append("dp.domain = \(statement.bind(domain))") }
        return conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
    }

    /// The dashboard's rows in its order, all of them or one page, each with its product's latest run.
    func dashboardRows(domain: String?, includeInactive: Bool, page: (limit: Int, offset: Int)?,
                       on connection: PostgresConnection) async throws -> [QualityDashboardRow] {
        let asOf = try await standing(on: connection).lastRecordedAt
        var statement = PostgresStatement("")
        let whereClause = Self.dashboardWhere(&statement, domain: domain, includeInactive: includeInactive)
        let paging = page.map { "LIMIT \(statement.bind(Int64($0.limit))) OFFSET \(statement.bind(Int64($0.offset)))" } ?? ""
        statement.sql = ReadModelStore.dashboardSQL(whereClause: whereClause, paging: paging)
        let dashboard = try await rows(statement, on: connection).map { row in
            ReadModelStore.dashboardRow(
                domain: try row.text("domain"), product: try row.text("product_name"), contractId: try row.text("contract_id"),
                status: try row.text("status"), slaHours: try row.int("sla_hours"), freshnessSla: try row.text("freshness_sla"),
                freshnessSeconds: try row.int64("freshness_seconds"), qualityThreshold: try row.text("quality_threshold"),
                total: try row.int("total_checks"), passed: try row.int("passed_checks"), onTime: try row.int("on_time"),
                lastChecked: try row.textOrNil("last_checked_at").flatMap { Timestamp(iso8601: $0) }, asOf: asOf)
        }
        return try await withLatestRuns(dashboard, through: .max, on: connection)
    }

    /// Every event of a contract, accepted or not, in log order.
    public func contractID(atPosition position: Int64) async throws -> ContractID? {
        try await read { connection in
            var statement = PostgresStatement("SELECT contract_id FROM audit_timeline WHERE position = ")
            statement.sql += statement.bind(position)
            return try await rows(statement, on: connection).first.flatMap { try $0.textOrNil("contract_id") }.flatMap(ContractID.init)
        }
    }

    public func timeline(of id: ContractID) async throws -> [HistoryEntry] {
        try await timeline(of: id, through: .max)
    }

    func timeline(of id: ContractID, through position: Int64) async throws -> [HistoryEntry] {
        try await read { connection in
            var statement = PostgresStatement("""
                SELECT position, event_id, stream, sequence, type, schema_version, version, actor, occurred_at, recorded_at, summary,
                       changes, outcome, reason, hash
                FROM audit_timeline WHERE contract_id =
                """)
            statement.sql += " " + statement.bind(id.rawValue) + " AND position <= " + statement.bind(position) + " ORDER BY position"
            let decoder = JSONDecoder()
            return try await rows(statement, on: connection).map { row in
                HistoryEntry(position: try row.int64("position"), eventId: try row.text("event_id"), stream: try row.text("stream"),
                             sequence: try row.int64("sequence"), type: try row.text("type"), schemaVersion: try row.int("schema_version"),
                             version: try row.textOrNil("version"), actor: try row.text("actor"), occurredAt: try row.text("occurred_at"),
                             recordedAt: try row.text("recorded_at"), summary: try row.text("summary"),
                             changes: try row.textOrNil("changes").map { try decoder.decode([ContractChange].self, from: Data($0.utf8)) },
                             outcome: try row.text("outcome"), reason: try row.textOrNil("reason"), hash: try row.text("hash"))
            }
        }
    }

    /// Every accepted quality result of a contract with its running totals, in log order.
    public func qualityResults(of id: ContractID) async throws -> [QualityResultEntry] {
        try await qualityResults(of: id, through: .max)
    }

    func qualityResults(of id: ContractID, through position: Int64) async throws -> [QualityResultEntry] {
        try await read { connection in
            var statement = PostgresStatement("""
                SELECT position, rule, passed, value, checked_at, recorded_at, total_so_far, passed_so_far
                FROM audit_timeline WHERE rule IS NOT NULL AND contract_id =
                """)
            statement.sql += " " + statement.bind(id.rawValue) + " AND position <= " + statement.bind(position) + " ORDER BY position"
            return try await rows(statement, on: connection).map { row in
                QualityResultEntry(position: try row.int64("position"), rule: try row.text("rule"), passed: try row.bool("passed"),
                                   value: try row.textOrNil("value"), checkedAt: try row.text("checked_at"),
                                   recordedAt: try row.text("recorded_at"), totalSoFar: Int(try row.int64OrNil("total_so_far") ?? 0),
                                   passedSoFar: Int(try row.int64OrNil("passed_so_far") ?? 0))
            }
        }
    }

    /// Quarantined (poison) events with position and reason.
    public func quarantine() async throws -> [QuarantinedEvent] {
        try await read { connection in
            try await rows("SELECT position, event_id, type, reason FROM quarantine ORDER BY position", on: connection).map { row in
                QuarantinedEvent(position: try row.int64("position"), eventId: try row.text("event_id"), type: try row.text("type"),
                                 reason: try row.text("reason"))
            }
        }
    }

    /// Per projector: position, lag behind `logEnd`, events folded, last batch rate, quarantined
    /// count. On a partitioned log the partitions' counts are added up (and their rates: the
    /// members run side by side).
    public func status(logEnd: Int64) async throws -> [ProjectorStatus] {
        try await read { connection in
            var known: [String: (position: Int64, events: Int64, quarantined: Int64, rate: Double)] = [:]
            for row in try await rows("SELECT projector, position, events, quarantined, rate FROM projector_positions", on: connection) {
                known[try row.text("projector")] = (try row.int64("position"), try row.int64("events"), try row.int64("quarantined"),
                                                    try row.double("rate"))
            }
            let partitions = try await rows("""
                SELECT COALESCE(max(position), 0) AS position, COALESCE(sum(events), 0)::bigint AS events,
                       COALESCE(sum(quarantined), 0)::bigint AS quarantined, COALESCE(sum(rate), 0) AS rate
                FROM log_cursor WHERE events > 0
                """, on: connection).first
            let partitioned = (try partitions?.int64("events") ?? 0) > 0
            return try ReadModelStore.projectors.map { name in
                var position = known[name]?.position ?? 0
                var events = known[name]?.events ?? 0
                var quarantined = known[name]?.quarantined ?? 0
                var rate = known[name]?.rate ?? 0
                if partitioned, let partitions {
                    position = max(position, try partitions.int64("position"))
                    events += try partitions.int64("events")
                    quarantined += try partitions.int64("quarantined")
                    rate = try partitions.double("rate")
                }
                return ProjectorStatus(projector: name, position: position, logEnd: logEnd, lag: max(0, logEnd - position), events: events,
                                       eventsPerSecond: rate, quarantined: quarantined)
            }
        }
    }
}
