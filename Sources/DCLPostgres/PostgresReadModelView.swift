import DCLApplication
import DCLDomain
import DCLProjections
import Foundation
import PostgresNIO

/// The read models of a PostgreSQL store as they stood at a log position, answered by query like
/// `ReadModelView` on SQLite: each contract's `catalog_history` row valid there, its running
/// quality totals at its last result up to there, and the timeline up to there.
///
/// ```swift
/// let store = try await PostgresReadModelStore(url: "postgres://dcl@127.0.0.1:5432/readmodels")
/// let then = try await store.view(asOf: Timestamp(iso8601: "2026-11-01T00:00:00Z")!)
/// let catalog = try await then.catalog(CatalogFilter(domain: "sales"))
/// ```
public struct PostgresReadModelView: LedgerQueries {
    public let store: PostgresReadModelStore
    /// The last log position the view includes.
    public let position: Int64

    public init(store: PostgresReadModelStore, position: Int64) {
        self.store = store
        self.position = position
    }

    /// A contract's running totals at its last accepted result up to the view's position.
    private static func totalsJoin(_ position: String) -> String {
        """
        LEFT JOIN audit_timeline q ON q.position = (
            SELECT c.position FROM audit_timeline c
            WHERE c.contract_id = h.contract_id AND c.rule IS NOT NULL AND c.position <= \(position)
            ORDER BY c.position DESC LIMIT 1)
        """
    }

    private static let totalsColumns = "q.total_so_far, q.passed_so_far, q.on_time_so_far, q.last_checked_ms_so_far"

    private static func totals(_ row: PostgresRandomAccessRow) throws -> QualitySummary {
        var summary = QualitySummary()
        summary.totalChecks = Int(try row.int64OrNil("total_so_far") ?? 0)
        summary.passedChecks = Int(try row.int64OrNil("passed_so_far") ?? 0)
        summary.lastCheckedAt = try row.int64OrNil("last_checked_ms_so_far").map(Timestamp.init(millisecondsSinceEpoch:))
        return summary
    }

    /// The history rows valid at the position, with `clauses` (over `h`), and their totals.
    private func history(_ statement: inout PostgresStatement, columns: String, clauses extra: [String]) -> Void {
        let at = statement.bind(position)
        let clauses = ["h.valid_from <= \(at)", "(h.valid_to IS NULL OR h.valid_to > \(at))"] + extra
        statement.sql = """
            SELECT \(columns), \(Self.totalsColumns)
            FROM catalog_history h \(Self.totalsJoin(at))
            WHERE \(clauses.joined(separator: " AND "))
            """
    }

    public func catalog(_ filter: CatalogFilter) async throws -> [CatalogEntry] {
        try await store.read { connection in
            var statement = PostgresStatement("")
            var clauses: [String] = []
            // SQLite's `json_extract` of a string is its value; of the tags array, the array's
            // text as stored (the `json` type keeps it byte for byte, `jsonb` would not).
            if let text = filter.text?.lowercased(), !text.isEmpty {
                let value = statement.bind(text)
                clauses.append("""
                    (strpos(dcl_ascii_lower(h.contract_id), \(value)) > 0
                     OR strpos(dcl_ascii_lower(h.entry::json ->> 'product'), \(value)) > 0
                     OR strpos(dcl_ascii_lower(h.entry::json ->> 'name'), \(value)) > 0
                     OR strpos(dcl_ascii_lower(COALESCE(h.entry::json ->> 'description', '')), \(value)) > 0
                     OR strpos(dcl_ascii_lower((h.entry::json -> 'tags')::text), \(value)) > 0)
                    """)
            }
            if let domain = filter.domain { clauses.append("h.domain = \(statement.bind(domain))") }
            if let owner = filter.owner { clauses.append("dcl_ascii_lower(h.owner_email) = dcl_ascii_lower(\(statement.bind(owner)))") }
            if let tag = filter.tag { clauses.append("(h.entry::jsonb -> 'tags') ? \(statement.bind(tag))") }
            if let field = filter.field {
                // A path (`orders.amount`) or a name, the path's last part.
                let value = statement.bind(field)
                clauses.append("""
                    EXISTS (SELECT 1 FROM json_array_elements_text(h.entry::json -> 'fields') AS f(value)
                            WHERE f.value = \(value) OR (length(f.value) > length(\(value)) AND right(f.value, length(\(value)) + 1) = '.' || \(value)))
                    """)
            }
            if let status = filter.status { clauses.append("h.status = \(statement.bind(status.rawValue))") }
            history(&statement, columns: "h.entry", clauses: clauses)
            statement.sql += " ORDER BY h.domain, h.contract_id"
            let decoder = JSONDecoder()
            return try await store.rows(statement, on: connection).map { row in
                var entry = try decoder.decode(CatalogEntry.self, from: Data(try row.text("entry").utf8))
                let totals = try Self.totals(row)
                entry.totalChecks = totals.totalChecks
                entry.passedChecks = totals.passedChecks
                entry.qualityScore = totals.qualityScore?.text
                entry.lastChecked = totals.lastCheckedAt?.iso8601
                return entry
            }
        }
    }

    public func contract(_ id: ContractID) async throws -> ContractReadModel? {
        try await store.read { connection in
            var statement = PostgresStatement("")
            let idValue = statement.bind(id.rawValue)
            history(&statement, columns: "h.state", clauses: ["h.contract_id = \(idValue)"])
            guard let row = try await store.rows(statement, on: connection).first else { return nil }
            let state = try JSONDecoder().decode(ContractState.self, from: Data(try row.text("state").utf8))
            return ContractReadModel(state: state, quality: try Self.totals(row))
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
        try await store.timeline(of: id, through: position)
    }

    public func qualityResults(of id: ContractID) async throws -> [QualityResultEntry] {
        try await store.qualityResults(of: id, through: position)
    }

    public func qualityDashboard(domain: String?, includeInactive: Bool) async throws -> [QualityDashboardRow] {
        try await dashboard(domain: domain, includeInactive: includeInactive, page: nil).rows
    }

    /// One page of the dashboard as of the view's position: every product's row is read and
    /// sorted, but only the page's products have their latest run looked up.
    public func qualityDashboardPage(domain: String?, includeInactive: Bool, limit: Int, offset: Int) async throws -> QualityDashboardSlice {
        try await dashboard(domain: domain, includeInactive: includeInactive, page: (limit, offset))
    }

    private func dashboard(domain: String?, includeInactive: Bool, page: (limit: Int, offset: Int)?) async throws -> QualityDashboardSlice {
        try await store.read { connection in
            // The read models' "now" at that position: the latest record time up to it.
            var now = PostgresStatement("SELECT MAX(recorded_at) AS recorded_at FROM audit_timeline WHERE position <= ")
            now.sql += now.bind(position)
            let asOf = try await store.rows(now, on: connection).first?.textOrNil("recorded_at").flatMap { Timestamp(iso8601: $0) }
            var statement = PostgresStatement("")
            var clauses: [String] = []
            if !includeInactive { clauses.append("h.is_active") }
            if let domain { clauses.append("h.domain = \(statement.bind(domain))") }
            history(&statement, columns: "h.entry, h.state", clauses: clauses)
            let decoder = JSONDecoder()
            let dashboard = try await store.rows(statement, on: connection).map { row in
                let entry = try decoder.decode(CatalogEntry.self, from: Data(try row.text("entry").utf8))
                let state = try decoder.decode(ContractState.self, from: Data(try row.text("state").utf8))
                let totals = try Self.totals(row)
                return ReadModelStore.dashboardRow(
                    domain: entry.domain, product: entry.product, contractId: entry.contractId, status: entry.status,
                    slaHours: entry.slaHours, freshnessSla: entry.freshnessSla, freshnessSeconds: state.latest.serviceLevel.freshness.seconds,
                    qualityThreshold: entry.qualityThreshold, total: totals.totalChecks, passed: totals.passedChecks,
                    onTime: Int(try row.int64OrNil("on_time_so_far") ?? 0), lastChecked: totals.lastCheckedAt, asOf: asOf)
            }
            .sorted { ($0.domain, $0.product, $0.contractId) < ($1.domain, $1.product, $1.contractId) }
            let shown = page.map { Array(dashboard.dropFirst($0.offset).prefix($0.limit)) } ?? dashboard
            return QualityDashboardSlice(rows: try await store.withLatestRuns(shown, through: position, on: connection), total: dashboard.count)
        }
    }

    public func qualityRuns(of id: ContractID) async throws -> [QualityRunSummary] {
        try await store.read { connection in try await store.qualityRuns(of: id, through: position, on: connection) }
    }

    public func qualityRun(of id: ContractID, runId: String) async throws -> QualityRunDetail? {
        try await store.read { connection in try await store.qualityRun(of: id, runId: runId, through: position, on: connection) }
    }

    public func latestQualityRun(of id: ContractID) async throws -> QualityRunDetail? {
        try await store.read { connection in try await store.latestQualityRun(of: id, through: position, on: connection) }
    }
}

extension PostgresReadModelStore {
    /// The read models as they stood at `position` (see `PostgresReadModelView`).
    public func view(atPosition position: Int64) -> PostgresReadModelView {
        PostgresReadModelView(store: self, position: position)
    }

    /// The read models as they stood at `time`: up to the last event recorded at or before it,
    /// found by a binary search over the timeline (record times follow positions), as on SQLite.
    public func view(asOf time: Timestamp, notAfter limit: Int64? = nil) async throws -> PostgresReadModelView {
        let cut = try await read { connection -> Int64 in
            var low: Int64 = 0
            var high = min(limit ?? .max, try await standing(on: connection).position)
            func recorded(atOrBefore position: Int64) async throws -> (position: Int64, time: Timestamp?)? {
                var statement = PostgresStatement("SELECT position, recorded_at FROM audit_timeline WHERE position <= ")
                statement.sql += statement.bind(position) + " ORDER BY position DESC LIMIT 1"
                return try await rows(statement, on: connection).first.map { (try $0.int64("position"), Timestamp(iso8601: try $0.text("recorded_at"))) }
            }
            if let last = try await recorded(atOrBefore: high), let lastTime = last.time, lastTime <= time { return high }
            while low < high {
                let middle = low + (high - low + 1) / 2
                guard let probe = try await recorded(atOrBefore: middle), probe.position > low else {
                    high = middle - 1
                    continue
                }
                if let stamp = probe.time, stamp <= time { low = probe.position } else { high = probe.position - 1 }
            }
            return low
        }
        return PostgresReadModelView(store: self, position: cut)
    }

    /// `view(atPosition:)` as the read-model port (`ReadModelStoring`) names it.
    public func queries(atPosition position: Int64) -> any LedgerQueries {
        view(atPosition: position)
    }

    /// `view(asOf:notAfter:)` as the read-model port (`ReadModelStoring`) names it.
    public func queries(asOf time: Timestamp, notAfter limit: Int64?) async throws -> any LedgerQueries {
        try await view(asOf: time, notAfter: limit)
    }
}
