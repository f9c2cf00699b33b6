import DCLApplication
import DCLDomain
import Foundation
import GRDB

/// The read models as they stood at a log position, answered by query from the same store:
/// each contract's history row valid at that position (`catalog_history`), each contract's
/// running quality totals at its last result up to it, and the timeline up to it. So a read as
/// of any past position costs what a current read costs, with no rebuild.
///
/// ```swift
/// let store = try ReadModelStore(path: ".dcl/readmodels.db")
/// let then = try await store.view(asOf: Timestamp(iso8601: "2026-11-01T00:00:00Z")!)
/// let catalog = try await then.catalog(CatalogFilter(domain: "sales"))
/// ```
public struct ReadModelView: LedgerQueries {
    public let store: ReadModelStore
    /// The last log position the view includes.
    public let position: Int64

    /// Whether a catalog text search first narrows the history rows through their trigram index
    /// (`catalog_history_search`); off, it tests every row valid at the position, which is what
    /// the tests compare the index with.
    var searchesThroughTheTextIndex = true

    public init(store: ReadModelStore, position: Int64) {
        self.store = store
        self.position = position
    }

    public func catalog(_ filter: CatalogFilter) async throws -> [CatalogEntry] {
        try await store.pool.read { db in try catalogEntries(db, filter, page: nil) }
    }

    /// One page of the catalog as of the view's position, paged by SQL: only the page's entries
    /// are decoded and have their quality totals looked up.
    public func catalogPage(_ filter: CatalogFilter, limit: Int, offset: Int) async throws -> CatalogSlice {
        try await store.pool.read { db in
            let (whereClause, arguments) = catalogWhere(filter)
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM catalog_history h WHERE \(whereClause)",
                                         arguments: StatementArguments(arguments)) ?? 0
            return CatalogSlice(entries: total <= offset ? [] : try catalogEntries(db, filter, page: (limit, offset)), total: total)
        }
    }

    /// The catalog's filter over the `catalog_history h` rows valid at the view's position.
    private func catalogWhere(_ filter: CatalogFilter) -> (String, [any DatabaseValueConvertible]) {
        var clauses = ["h.valid_from <= ?", "(h.valid_to IS NULL OR h.valid_to > ?)"]
        var arguments: [any DatabaseValueConvertible] = [position, position]
        if let text = filter.text?.lowercased(), !text.isEmpty {
            if searchesThroughTheTextIndex, let phrase = CatalogSearchPhrase.of(text) {
                // As the current catalog does (`ReadModelStore.catalogWhere`): the index names a
                // superset of the matching rows, the substring test below decides.
                clauses.append("h.rowid IN (SELECT rowid FROM catalog_history_search WHERE catalog_history_search MATCH ?)")
                arguments.append(phrase)
            }
            clauses.append("""
                (instr(lower(h.contract_id), ?) > 0 OR instr(lower(json_extract(h.entry, '$.product')), ?) > 0
                 OR instr(lower(json_extract(h.entry, '$.name')), ?) > 0
                 OR instr(lower(COALESCE(json_extract(h.entry, '$.description'), '')), ?) > 0
                 OR instr(lower(json_extract(h.entry, '$.tags')), ?) > 0)
                """)
            arguments += [text, text, text, text, text]
        }
        if let domain = filter.domain { clauses.append("h.domain = ?"); arguments.append(domain) }
        if let owner = filter.owner { clauses.append("lower(h.owner_email) = lower(?)"); arguments.append(owner) }
        if let tag = filter.tag { clauses.append("EXISTS (SELECT 1 FROM json_each(h.entry, '$.tags') WHERE value = ?)"); arguments.append(tag) }
        if let field = filter.field {
            // A path (`orders.amount`) or a name, the path's last part.
            clauses.append("""
                EXISTS (SELECT 1 FROM json_each(h.entry, '$.fields')
                        WHERE value = ? OR (length(value) > length(?) AND substr(value, length(value) - length(?)) = '.' || ?))
                """)
            arguments += [field, field, field, field]
        }
        if let status = filter.status { clauses.append("h.status = ?"); arguments.append(status.rawValue) }
        return (clauses.joined(separator: " AND "), arguments)
    }

    /// The filtered catalog in its order (domain, contract id), all of it or one page, each entry
    /// with its quality totals at the view's position.
    private func catalogEntries(_ db: Database, _ filter: CatalogFilter, page: (limit: Int, offset: Int)?) throws -> [CatalogEntry] {
        var (whereClause, arguments) = catalogWhere(filter)
        if let page {
            // The page's rows first, so that only they have their quality totals looked up.
            whereClause = "h.rowid IN (SELECT h.rowid FROM catalog_history h WHERE \(whereClause) ORDER BY h.domain, h.contract_id LIMIT ? OFFSET ?)"
            arguments += [page.limit, page.offset]
        }
        let rows = try Row.fetchAll(db, sql: """
            SELECT h.entry, \(ReadModelView.totalsColumns)
            FROM catalog_history h \(ReadModelView.totalsJoin)
            WHERE \(whereClause) ORDER BY h.domain, h.contract_id
            """, arguments: StatementArguments([position] + arguments))
        let decoder = JSONDecoder()
        return try rows.map { row in
            var entry = try decoder.decode(CatalogEntry.self, from: Data((row["entry"] as String).utf8))
            let totals = ReadModelView.totals(row)
            entry.totalChecks = totals.totalChecks
            entry.passedChecks = totals.passedChecks
            entry.qualityScore = totals.qualityScore?.text
            entry.lastChecked = totals.lastCheckedAt?.iso8601
            return entry
        }
    }

    public func contract(_ id: ContractID) async throws -> ContractReadModel? {
        let position = self.position
        return try await store.pool.read { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT h.state, \(ReadModelView.totalsColumns)
                FROM catalog_history h \(ReadModelView.totalsJoin)
                WHERE h.contract_id = ? AND h.valid_from <= ? AND (h.valid_to IS NULL OR h.valid_to > ?)
                """, arguments: [position, id.rawValue, position, position]) else { return nil }
            let state = try JSONDecoder().decode(ContractState.self, from: Data((row["state"] as String).utf8))
            return ContractReadModel(state: state, quality: ReadModelView.totals(row))
        }
    }

    public func versions(of id: ContractID) async throws -> [VersionEntry] {
        guard let model = try await contract(id) else { return [] }
        return model.state.versions.map { VersionEntry(contractId: id, record: $0) }
    }

    public func contractID(atPosition wanted: Int64) async throws -> ContractID? {
        guard wanted <= position else { return nil }
        return try await store.contractID(atPosition: wanted)
    }

    public func timeline(of id: ContractID) async throws -> [HistoryEntry] {
        let position = self.position
        return try await store.pool.read { db in
            let decoder = JSONDecoder()
            return try Row.fetchAll(db, sql: """
                SELECT \(HistoryEntry.timelineColumns) FROM audit_timeline WHERE contract_id = ? AND position <= ? ORDER BY position
                """, arguments: [id.rawValue, position])
                .map { try HistoryEntry(timelineRow: $0, decoder: decoder) }
        }
    }

    public func qualityResults(of id: ContractID) async throws -> [QualityResultEntry] {
        try await store.qualityResults(of: id, through: position)
    }

    public func qualityDashboard(domain: String?, includeInactive: Bool) async throws -> [QualityDashboardRow] {
        try await dashboard(domain: domain, includeInactive: includeInactive, page: nil).rows
    }

    /// One page of the dashboard as of the view's position: every product's row is read and
    /// sorted (the rows valid at a past position have no index in the dashboard's order), but only
    /// the page's products have their latest run looked up.
    public func qualityDashboardPage(domain: String?, includeInactive: Bool, limit: Int, offset: Int) async throws -> QualityDashboardSlice {
        try await dashboard(domain: domain, includeInactive: includeInactive, page: (limit, offset))
    }

    private func dashboard(domain: String?, includeInactive: Bool, page: (limit: Int, offset: Int)?) async throws -> QualityDashboardSlice {
        let position = self.position
        return try await store.pool.read { db in
            // The read models' "now" at that position: the latest record time up to it.
            let asOf = try String.fetchOne(db, sql: "SELECT MAX(recorded_at) FROM audit_timeline WHERE position <= ?", arguments: [position])
                .flatMap { Timestamp(iso8601: $0) }
            var clauses = ["h.valid_from <= ?", "(h.valid_to IS NULL OR h.valid_to > ?)"]
            var arguments: [any DatabaseValueConvertible] = [position, position]
            if !includeInactive { clauses.append("h.is_active = 1") }
            if let domain { clauses.append("h.domain = ?"); arguments.append(domain) }
            let rows = try Row.fetchAll(db, sql: """
                SELECT h.entry, h.state, \(ReadModelView.totalsColumns)
                FROM catalog_history h \(ReadModelView.totalsJoin)
                WHERE \(clauses.joined(separator: " AND "))
                """, arguments: StatementArguments([position] + arguments))
            let decoder = JSONDecoder()
            let dashboard = try rows.map { row in
                let entry = try decoder.decode(CatalogEntry.self, from: Data((row["entry"] as String).utf8))
                let state = try decoder.decode(ContractState.self, from: Data((row["state"] as String).utf8))
                let totals = ReadModelView.totals(row)
                return ReadModelStore.dashboardRow(
                    domain: entry.domain, product: entry.product, contractId: entry.contractId, status: entry.status,
                    slaHours: entry.slaHours, freshnessSla: entry.freshnessSla, freshnessSeconds: state.latest.serviceLevel.freshness.seconds,
                    qualityThreshold: entry.qualityThreshold, total: totals.totalChecks, passed: totals.passedChecks,
                    onTime: row["on_time_so_far"] ?? 0, lastChecked: totals.lastCheckedAt, asOf: asOf)
            }
            .sorted { ($0.domain, $0.product, $0.contractId) < ($1.domain, $1.product, $1.contractId) }
            let shown = page.map { Array(dashboard.dropFirst($0.offset).prefix($0.limit)) } ?? dashboard
            return QualityDashboardSlice(rows: try ReadModelStore.withLatestRuns(shown, db: db, through: position), total: dashboard.count)
        }
    }

    /// A contract's running totals at its last accepted result up to the view's position: one
    /// walk down `timeline_by_contract`, past any lifecycle rows after it. Its first `?` is the position.
    static let totalsJoin = """
        LEFT JOIN audit_timeline q ON q.position = (
            SELECT c.position FROM audit_timeline c
            WHERE c.contract_id = h.contract_id AND c.rule IS NOT NULL AND c.position <= ?
            ORDER BY c.position DESC LIMIT 1)
        """
    static let totalsColumns = "q.total_so_far, q.passed_so_far, q.on_time_so_far, q.last_checked_ms_so_far"

    static func totals(_ row: Row) -> QualitySummary {
        var summary = QualitySummary()
        summary.totalChecks = row["total_so_far"] ?? 0
        summary.passedChecks = row["passed_so_far"] ?? 0
        summary.lastCheckedAt = (row["last_checked_ms_so_far"] as Int64?).map(Timestamp.init(millisecondsSinceEpoch:))
        return summary
    }
}

extension ReadModelStore {
    /// The read models as they stood at `position` (see `ReadModelView`).
    public func view(atPosition position: Int64) -> ReadModelView {
        ReadModelView(store: self, position: position)
    }

    /// The read models as they stood at `time`: up to the last event recorded at or before it.
    ///
    /// The log's positions order it; a writer stamps an event's record time just before it
    /// appends, so record times follow positions and a binary search over the timeline finds
    /// the cut in a few lookups. "As of T" is therefore always a prefix of the log, the same
    /// state `--to-position` gives for that position.
    public func view(asOf time: Timestamp, notAfter limit: Int64? = nil) async throws -> ReadModelView {
        let cut = try await pool.read { db -> Int64 in
            var low: Int64 = 0   // a position known to be at or before the cut
            var high = min(limit ?? .max, try ReadModelStore.foldedPosition(db))
            func recorded(atOrBefore position: Int64) throws -> (position: Int64, time: Timestamp?)? {
                try Row.fetchOne(db, sql: "SELECT position, recorded_at FROM audit_timeline WHERE position <= ? ORDER BY position DESC LIMIT 1",
                                 arguments: [position]).map { ($0["position"], Timestamp(iso8601: $0["recorded_at"])) }
            }
            if let last = try recorded(atOrBefore: high), let lastTime = last.time, lastTime <= time { return high }
            while low < high {
                let middle = low + (high - low + 1) / 2
                guard let probe = try recorded(atOrBefore: middle), probe.position > low else {
                    high = middle - 1
                    continue
                }
                if let stamp = probe.time, stamp <= time { low = probe.position } else { high = probe.position - 1 }
            }
            return low
        }
        return ReadModelView(store: self, position: cut)
    }
}
