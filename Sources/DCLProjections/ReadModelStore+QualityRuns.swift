import DCLApplication
import DCLDomain
import GRDB

/// The runs read model: `quality_runs` (one summary row per run, upserted as its results arrive)
/// and `quality_run_results` (one row per result). A result that names no run is a run of its
/// own, and its `audit_timeline` row stands for both (the `lone_*` columns; most results typed in
/// with `dcl quality record` are such). Written in the batch's transaction; read by contract and
/// run id, so a read costs the contract's runs, not the ledger.
extension ReadModelStore {
    static func writeQualityRuns(_ checks: [QualityCheckRow], db: Database) throws {
        guard checks.contains(where: { $0.run.map { !$0.standsAlone } ?? false }) else { return }
        let result = try RowWriter(db, sql: """
            INSERT INTO quality_run_results (position, contract_id, run_id, rule, passed, value, threshold, rows_scanned, fingerprint, recorded_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        // A run's fingerprints: each object read adds its own once (a run over two files has two).
        let summary = try RowWriter(db, sql: """
            INSERT INTO quality_runs (contract_id, run_id, origin, contract_version, started_at, recorded_at, first_position, last_position,
                checks, passed, failed, rows_scanned, fingerprint)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?)
            ON CONFLICT (contract_id, run_id) DO UPDATE SET
                recorded_at = excluded.recorded_at, last_position = max(last_position, excluded.last_position),
                checks = checks + 1, passed = passed + excluded.passed, failed = failed + excluded.failed,
                rows_scanned = CASE WHEN rows_scanned IS NULL OR excluded.rows_scanned > rows_scanned THEN excluded.rows_scanned
                                    ELSE rows_scanned END,
                fingerprint = CASE WHEN fingerprint IS NULL THEN excluded.fingerprint
                                   WHEN excluded.fingerprint IS NULL OR instr(' ' || fingerprint || ' ', ' ' || excluded.fingerprint || ' ') > 0
                                   THEN fingerprint
                                   ELSE fingerprint || ' ' || excluded.fingerprint END
            """)
        for check in checks {
            guard let run = check.run, !run.standsAlone else { continue }
            result.bind(1, check.position)
            result.bind(2, run.contractId)
            result.bind(3, run.runId)
            result.bind(4, check.rule)
            result.bind(5, check.passed)
            result.bind(6, check.value)
            result.bind(7, run.threshold)
            if let rows = run.rowsScanned { result.bind(8, rows) }
            result.bind(9, run.fingerprint)
            result.bind(10, iso8601: check.recordedAt)
            try result.run()
            summary.bind(1, run.contractId)
            summary.bind(2, run.runId)
            summary.bind(3, run.origin)
            summary.bind(4, run.contractVersion)
            summary.bind(5, iso8601: check.checkedAt)
            summary.bind(6, iso8601: check.recordedAt)
            summary.bind(7, check.position)
            summary.bind(8, check.position)
            summary.bind(9, Int64(check.passed ? 1 : 0))
            summary.bind(10, Int64(check.passed ? 0 : 1))
            if let rows = run.rowsScanned { summary.bind(11, rows) }
            summary.bind(12, run.fingerprint)
            try summary.run()
        }
    }

    /// Every run of a contract with a result at or before `position`, newest first. A run whose
    /// results straddle the position is counted from its results up to it.
    static func qualityRuns(_ db: Database, of id: ContractID, through position: Int64, limit: Int? = nil) throws -> [QualityRunSummary] {
        try runs(db, of: id, through: position, limit: limit).map(\.summary)
    }

    /// The same, each lone run with its one result (read with it from its timeline row).
    /// Statements are cached: the dashboard asks this once per product.
    private static func runs(_ db: Database, of id: ContractID, through position: Int64,
                             limit: Int?) throws -> [(summary: QualityRunSummary, loneResult: QualityRunResult?)] {
        // Newest first means: runs the position cuts (they end at it in the view) by their start,
        // then the runs that ended before it by their end. Two queries, each in the order of
        // `quality_runs_by_contract`, so a limit reads that many rows, not every run of the
        // contract (one `ORDER BY min(last_position, ?)` had to sort them all). At the log's end
        // no run is cut, and the first query finds nothing.
        let cut = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT * FROM quality_runs WHERE contract_id = ? AND last_position > ? AND first_position <= ?
            ORDER BY first_position DESC\(limit.map { " LIMIT \($0)" } ?? "")
            """), arguments: [id.rawValue, position, position])
        let ended = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT * FROM quality_runs WHERE contract_id = ? AND last_position <= ?
            ORDER BY last_position DESC, first_position DESC\(limit.map { " LIMIT \($0)" } ?? "")
            """), arguments: [id.rawValue, position])
        // Both newest first by where each stands in the view; a lone run never straddles it.
        func newer(_ a: (summary: QualityRunSummary, loneResult: QualityRunResult?),
                   _ b: (summary: QualityRunSummary, loneResult: QualityRunResult?)) -> Bool {
            let (aLast, bLast) = (min(a.summary.lastPosition, position), min(b.summary.lastPosition, position))
            return aLast != bLast ? aLast > bLast : a.summary.firstPosition > b.summary.firstPosition
        }
        let named = try (cut + ended).map { row in (summary: try summary(db, row, through: position), loneResult: QualityRunResult?.none) }
            .sorted(by: newer)
        // With `limit` named runs or more, a lone run older than the limit-th cannot make the
        // page: the walk for lone runs stops at that run's end (see `loneRuns`).
        let bound = limit.flatMap { named.count >= $0 && $0 > 0 ? min(named[$0 - 1].summary.lastPosition, position) : nil }
        let lone = try loneRuns(db, of: id, from: bound ?? 0, through: position, limit: limit)
            .map { (summary: $0.summary, loneResult: Optional($0.result)) }
        let merged = (named + lone).sorted(by: newer)
        return limit.map { Array(merged.prefix($0)) } ?? merged
    }

    /// The contract's results that named no run, each a run of its own read from its timeline row,
    /// newest first from `position` down to `first` (with `eventId`, only the run that result's
    /// event id names): `timeline_by_contract` walked back, each row's `lone_origin` tested.
    ///
    /// The walk passes the contract's other rows: its lifecycle events and the results of its
    /// named runs. A page of runs bounds it (`runs`): past the last named run the page holds, no
    /// lone run can be on it, so the walk covers about the page's runs' results. (v18 left out
    /// the index of lone results alone: where most results are typed in, it ordered nearly every
    /// timeline row again, and a bulk load built it from one more scan of the whole timeline.)
    private static func loneRuns(_ db: Database, of id: ContractID, eventId: String? = nil, from first: Int64 = 0, through position: Int64,
                                 limit: Int? = nil) throws -> [(summary: QualityRunSummary, result: QualityRunResult)] {
        try Row.fetchAll(db.cachedStatement(sql: """
            SELECT \(loneRunColumns) FROM audit_timeline
            WHERE contract_id = ? AND lone_origin IS NOT NULL AND position <= ? AND position >= ?\(eventId == nil ? "" : " AND event_id = ?")
            ORDER BY position DESC\(limit.map { " LIMIT \($0)" } ?? "")
            """), arguments: StatementArguments([id.rawValue, position, first] as [any DatabaseValueConvertible] + (eventId.map { [$0] } ?? [])))
            .map(loneRun)
    }

    private static let loneRunColumns = """
        contract_id, position, event_id, version, checked_at, recorded_at, rule, passed, value,
        lone_origin, lone_threshold, lone_rows_scanned, lone_fingerprint
        """

    private static func loneRun(_ row: Row) -> (summary: QualityRunSummary, result: QualityRunResult) {
        let passed: Bool = row["passed"]
        let summary = QualityRunSummary(
            contractId: row["contract_id"], runId: row["event_id"], origin: row["lone_origin"], contractVersion: row["version"],
            startedAt: row["checked_at"], recordedAt: row["recorded_at"], checks: 1, passed: passed ? 1 : 0,
            failed: passed ? 0 : 1, rowsScanned: row["lone_rows_scanned"], fingerprint: row["lone_fingerprint"],
            firstPosition: row["position"], lastPosition: row["position"])
        let result = QualityRunResult(position: row["position"], rule: row["rule"], passed: passed, value: row["value"],
                                      threshold: row["lone_threshold"], rowsScanned: row["lone_rows_scanned"],
                                      fingerprint: row["lone_fingerprint"])
        return (summary, result)
    }

    private static func summary(_ db: Database, _ row: Row, through position: Int64) throws -> QualityRunSummary {
        var summary = QualityRunSummary(
            contractId: row["contract_id"], runId: row["run_id"], origin: row["origin"], contractVersion: row["contract_version"],
            startedAt: row["started_at"], recordedAt: row["recorded_at"], checks: row["checks"], passed: row["passed"],
            failed: row["failed"], rowsScanned: row["rows_scanned"], fingerprint: row["fingerprint"],
            firstPosition: row["first_position"], lastPosition: row["last_position"])
        guard summary.lastPosition > position else { return summary }
        // Only part of the run is in the view: count that part.
        guard let part = try Row.fetchOne(db, sql: """
            SELECT COUNT(*) AS checks, COALESCE(SUM(passed), 0) AS passed, MAX(position) AS last, MAX(rows_scanned) AS rows_scanned,
                   (SELECT recorded_at FROM quality_run_results r2 WHERE r2.contract_id = ? AND r2.run_id = ? AND r2.position <= ?
                    ORDER BY r2.position DESC LIMIT 1) AS recorded_at
            FROM quality_run_results WHERE contract_id = ? AND run_id = ? AND position <= ?
            """, arguments: [summary.contractId, summary.runId, position, summary.contractId, summary.runId, position]) else { return summary }
        summary.checks = part["checks"]
        summary.passed = part["passed"]
        summary.failed = summary.checks - summary.passed
        summary.lastPosition = part["last"]
        summary.rowsScanned = part["rows_scanned"]
        summary.recordedAt = part["recorded_at"]
        return summary
    }

    /// One run with its results up to `position`, nil when there is none.
    static func qualityRun(_ db: Database, of id: ContractID, runId: String, through position: Int64) throws -> QualityRunDetail? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM quality_runs WHERE contract_id = ? AND run_id = ? AND first_position <= ?",
                                         arguments: [id.rawValue, runId, position]) else {
            return try loneRuns(db, of: id, eventId: runId, through: position, limit: 1).first
                .map { QualityRunDetail(summary: $0.summary, results: [$0.result]) }
        }
        return try detail(db, summary: summary(db, row, through: position), through: position)
    }

    /// The newest run up to `position` with its results.
    static func latestQualityRun(_ db: Database, of id: ContractID, through position: Int64) throws -> QualityRunDetail? {
        guard let latest = try runs(db, of: id, through: position, limit: 1).first else { return nil }
        if let result = latest.loneResult { return QualityRunDetail(summary: latest.summary, results: [result]) }
        return try detail(db, summary: latest.summary, through: position)
    }

    /// A named run's results up to `position` (a lone run's one result comes with its summary).
    private static func detail(_ db: Database, summary: QualityRunSummary, through position: Int64) throws -> QualityRunDetail {
        let results = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT position, rule, passed, value, threshold, rows_scanned, fingerprint FROM quality_run_results
            WHERE contract_id = ? AND run_id = ? AND position <= ? ORDER BY position
            """), arguments: [summary.contractId, summary.runId, position]).map { row in
            QualityRunResult(position: row["position"], rule: row["rule"], passed: row["passed"], value: row["value"],
                             threshold: row["threshold"], rowsScanned: row["rows_scanned"], fingerprint: row["fingerprint"])
        }
        return QualityRunDetail(summary: summary, results: results)
    }

    /// Adds each row's newest run and its failed checks (the dashboard's per-run view).
    static func withLatestRuns(_ rows: [QualityDashboardRow], db: Database, through position: Int64) throws -> [QualityDashboardRow] {
        try rows.map { row in
            guard let id = ContractID(row.contractId), let latest = try latestQualityRun(db, of: id, through: position) else { return row }
            var row = row
            row.latestRun = latest.summary
            row.latestRunFailures = latest.failedResults
            return row
        }
    }

    public func qualityRuns(of id: ContractID) async throws -> [QualityRunSummary] {
        try await pool.read { db in try Self.qualityRuns(db, of: id, through: .max) }
    }

    public func qualityRun(of id: ContractID, runId: String) async throws -> QualityRunDetail? {
        try await pool.read { db in try Self.qualityRun(db, of: id, runId: runId, through: .max) }
    }

    public func latestQualityRun(of id: ContractID) async throws -> QualityRunDetail? {
        try await pool.read { db in try Self.latestQualityRun(db, of: id, through: .max) }
    }
}

extension ReadModelView {
    public func qualityRuns(of id: ContractID) async throws -> [QualityRunSummary] {
        let position = self.position
        return try await store.pool.read { db in try ReadModelStore.qualityRuns(db, of: id, through: position) }
    }

    public func qualityRun(of id: ContractID, runId: String) async throws -> QualityRunDetail? {
        let position = self.position
        return try await store.pool.read { db in try ReadModelStore.qualityRun(db, of: id, runId: runId, through: position) }
    }

    public func latestQualityRun(of id: ContractID) async throws -> QualityRunDetail? {
        let position = self.position
        return try await store.pool.read { db in try ReadModelStore.latestQualityRun(db, of: id, through: position) }
    }
}
