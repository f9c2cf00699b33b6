import DCLApplication
import DCLDomain
import DCLProjections
import PostgresNIO

/// The runs read model: `quality_runs` (one summary row per run) and `quality_run_results` (one
/// row per result), written in the batch's transaction and read by contract and run id.
extension PostgresReadModelStore {
    /// A `quality_runs` row while a batch's results are added to it.
    struct RunRow {
        var contractId: String, runId: String, origin: String, contractVersion: String?, startedAt: String, recordedAt: String
        var firstPosition: Int64, lastPosition: Int64, checks: Int64, passed: Int64, failed: Int64
        var rowsScanned: Int64?, fingerprint: String?

        /// Adds one result the way the SQLite store's upsert does, so both keep the same row:
        /// the largest row count, and each object's fingerprint once, in order, space-separated.
        mutating func add(_ check: QualityCheckRow, _ run: QualityRunMembers) {
            recordedAt = check.recordedAt.iso8601
            lastPosition = max(lastPosition, check.position)
            checks += 1
            passed += check.passed ? 1 : 0
            failed += check.passed ? 0 : 1
            if rowsScanned == nil || (run.rowsScanned.map { $0 > rowsScanned! } ?? false) { rowsScanned = run.rowsScanned }
            if let stored = fingerprint {
                if let added = run.fingerprint, !Array((" " + stored + " ").utf8).contains(subsequence: Array((" " + added + " ").utf8)) {
                    fingerprint = stored + " " + added
                }
            } else {
                fingerprint = run.fingerprint
            }
        }
    }

    func writeQualityRuns(_ checks: [QualityCheckRow], on connection: PostgresConnection) async throws {
        let results = checks.compactMap { check in check.run.map { (check, $0) } }
        guard !results.isEmpty else { return }
        var positions = NullableArray<Int64>(), ids = NullableArray<String>(), runIds = NullableArray<String>()
        var rules = NullableArray<String>(), passed = NullableArray<Bool>(), values = NullableArray<String>()
        var thresholds = NullableArray<String>(), rowCounts = NullableArray<Int64>(), fingerprints = NullableArray<String>()
        var recorded = NullableArray<String>()
        for (check, run) in results {
            positions.append(check.position)
            ids.append(run.contractId)
            runIds.append(run.runId)
            rules.append(check.rule)
            passed.append(check.passed)
            values.append(check.value)
            thresholds.append(run.threshold)
            rowCounts.append(run.rowsScanned)
            fingerprints.append(run.fingerprint)
            recorded.append(check.recordedAt.iso8601)
        }
        var insert = PostgresStatement("""
            INSERT INTO quality_run_results (position, contract_id, run_id, rule, passed, value, threshold, rows_scanned, fingerprint, recorded_at)
            SELECT * FROM unnest(
            """)
        insert.sql += [insert.bind(positions), insert.bind(ids), insert.bind(runIds), insert.bind(rules), insert.bind(passed),
                       insert.bind(values), insert.bind(thresholds), insert.bind(rowCounts), insert.bind(fingerprints),
                       insert.bind(recorded)].joined(separator: ", ") + ")"
        try await execute(insert, on: connection)

        // The runs' stored rows, then every result added in log order, then each run written once
        // (an upsert cannot touch one row twice in a statement).
        var order: [String] = []
        var ordered = Set<String>()
        var runs: [String: RunRow] = [:]
        func key(_ contractId: String, _ runId: String) -> String { contractId + "\u{0}" + runId }
        var existing = PostgresStatement("SELECT * FROM quality_runs WHERE (contract_id, run_id) IN (SELECT * FROM unnest(")
        existing.sql += existing.bind(ids) + ", " + existing.bind(runIds) + "))"
        for row in try await rows(existing, on: connection) {
            let stored = RunRow(contractId: try row.text("contract_id"), runId: try row.text("run_id"), origin: try row.text("origin"),
                                contractVersion: try row.textOrNil("contract_version"), startedAt: try row.text("started_at"),
                                recordedAt: try row.text("recorded_at"), firstPosition: try row.int64("first_position"),
                                lastPosition: try row.int64("last_position"), checks: try row.int64("checks"), passed: try row.int64("passed"),
                                failed: try row.int64("failed"), rowsScanned: try row.int64OrNil("rows_scanned"),
                                fingerprint: try row.textOrNil("fingerprint"))
            runs[key(stored.contractId, stored.runId)] = stored
        }
        for (check, run) in results {
            let runKey = key(run.contractId, run.runId)
            if ordered.insert(runKey).inserted { order.append(runKey) }
            if runs[runKey] == nil {
                runs[runKey] = RunRow(contractId: run.contractId, runId: run.runId, origin: run.origin, contractVersion: run.contractVersion,
                                      startedAt: check.checkedAt.iso8601, recordedAt: check.recordedAt.iso8601,
                                      firstPosition: check.position, lastPosition: check.position, checks: 1,
                                      passed: check.passed ? 1 : 0, failed: check.passed ? 0 : 1, rowsScanned: run.rowsScanned,
                                      fingerprint: run.fingerprint)
            } else {
                runs[runKey]?.add(check, run)
            }
        }
        let rowsToWrite = order.compactMap { runs[$0] }
        var upsert = PostgresStatement("""
            INSERT INTO quality_runs (contract_id, run_id, origin, contract_version, started_at, recorded_at, first_position, last_position,
                checks, passed, failed, rows_scanned, fingerprint)
            SELECT * FROM unnest(
            """)
        upsert.sql += [
            upsert.bind(NullableArray(rowsToWrite.map(\.contractId))), upsert.bind(NullableArray(rowsToWrite.map(\.runId))),
            upsert.bind(NullableArray(rowsToWrite.map(\.origin))), upsert.bind(NullableArray(rowsToWrite.map(\.contractVersion))),
            upsert.bind(NullableArray(rowsToWrite.map(\.startedAt))), upsert.bind(NullableArray(rowsToWrite.map(\.recordedAt))),
            upsert.bind(NullableArray(rowsToWrite.map(\.firstPosition))), upsert.bind(NullableArray(rowsToWrite.map(\.lastPosition))),
            upsert.bind(NullableArray(rowsToWrite.map(\.checks))), upsert.bind(NullableArray(rowsToWrite.map(\.passed))),
            upsert.bind(NullableArray(rowsToWrite.map(\.failed))), upsert.bind(NullableArray(rowsToWrite.map(\.rowsScanned))),
            upsert.bind(NullableArray(rowsToWrite.map(\.fingerprint))),
        ].joined(separator: ", ")
        upsert.sql += """
            ) ON CONFLICT (contract_id, run_id) DO UPDATE SET recorded_at = excluded.recorded_at, last_position = excluded.last_position,
                checks = excluded.checks, passed = excluded.passed, failed = excluded.failed, rows_scanned = excluded.rows_scanned,
                fingerprint = excluded.fingerprint
            """
        try await execute(upsert, on: connection)
    }

    /// Every run of a contract with a result at or before `position`, newest first. A run whose
    /// results straddle the position is counted from its results up to it.
    func qualityRuns(of id: ContractID, through position: Int64, limit: Int? = nil,
                     on connection: PostgresConnection) async throws -> [QualityRunSummary] {
        var statement = PostgresStatement("SELECT * FROM quality_runs WHERE contract_id = ")
        statement.sql += statement.bind(id.rawValue) + " AND first_position <= "
        let through = statement.bind(position)
        statement.sql += through + " ORDER BY LEAST(last_position, \(through)) DESC, first_position DESC" + (limit.map { " LIMIT \($0)" } ?? "")
        var summaries: [QualityRunSummary] = []
        for row in try await rows(statement, on: connection) {
            summaries.append(try await summary(row, through: position, on: connection))
        }
        return summaries
    }

    private func summary(_ row: PostgresRandomAccessRow, through position: Int64, on connection: PostgresConnection) async throws -> QualityRunSummary {
        var summary = QualityRunSummary(
            contractId: try row.text("contract_id"), runId: try row.text("run_id"), origin: try row.text("origin"),
            contractVersion: try row.textOrNil("contract_version"), startedAt: try row.text("started_at"),
            recordedAt: try row.text("recorded_at"), checks: try row.int("checks"), passed: try row.int("passed"),
            failed: try row.int("failed"), rowsScanned: try row.int64OrNil("rows_scanned"), fingerprint: try row.textOrNil("fingerprint"),
            firstPosition: try row.int64("first_position"), lastPosition: try row.int64("last_position"))
        guard summary.lastPosition > position else { return summary }
        // Only part of the run is in the view: count that part.
        var part = PostgresStatement("""
            SELECT COUNT(*) AS checks, COUNT(*) FILTER (WHERE passed) AS passed, MAX(position) AS last, MAX(rows_scanned) AS rows_scanned,
                   (array_agg(recorded_at ORDER BY position DESC))[1] AS recorded_at
            FROM quality_run_results WHERE contract_id =
            """)
        part.sql += " " + part.bind(summary.contractId) + " AND run_id = " + part.bind(summary.runId) + " AND position <= " + part.bind(position)
        guard let counted = try await rows(part, on: connection).first, let last = try counted.int64OrNil("last") else { return summary }
        summary.checks = try counted.int("checks")
        summary.passed = try counted.int("passed")
        summary.failed = summary.checks - summary.passed
        summary.lastPosition = last
        summary.rowsScanned = try counted.int64OrNil("rows_scanned")
        summary.recordedAt = try counted.text("recorded_at")
        return summary
    }

    /// One run with its results up to `position`, nil when there is none.
    func qualityRun(of id: ContractID, runId: String, through position: Int64, on connection: PostgresConnection) async throws -> QualityRunDetail? {
        var statement = PostgresStatement("SELECT * FROM quality_runs WHERE contract_id = ")
        statement.sql += statement.bind(id.rawValue) + " AND run_id = " + statement.bind(runId) + " AND first_position <= " + statement.bind(position)
        guard let row = try await rows(statement, on: connection).first else { return nil }
        let summary = try await summary(row, through: position, on: connection)
        return QualityRunDetail(summary: summary, results: try await results(of: [summary], through: position, onlyFailed: false,
                                                                              on: connection)[summary.runKey] ?? [])
    }

    /// The newest run up to `position` with its results.
    func latestQualityRun(of id: ContractID, through position: Int64, on connection: PostgresConnection) async throws -> QualityRunDetail? {
        guard let latest = try await qualityRuns(of: id, through: position, limit: 1, on: connection).first else { return nil }
        return QualityRunDetail(summary: latest, results: try await results(of: [latest], through: position, onlyFailed: false,
                                                                             on: connection)[latest.runKey] ?? [])
    }

    /// The results of several runs up to `position` (only the failed ones when `onlyFailed`), by run.
    private func results(of runs: [QualityRunSummary], through position: Int64, onlyFailed: Bool,
                         on connection: PostgresConnection) async throws -> [String: [QualityRunResult]] {
        guard !runs.isEmpty else { return [:] }
        var statement = PostgresStatement("""
            SELECT contract_id, run_id, position, rule, passed, value, threshold, rows_scanned, fingerprint FROM quality_run_results
            WHERE (contract_id, run_id) IN (SELECT * FROM unnest(
            """)
        statement.sql += statement.bind(NullableArray(runs.map(\.contractId))) + ", " + statement.bind(NullableArray(runs.map(\.runId)))
        statement.sql += ")) AND position <= " + statement.bind(position) + (onlyFailed ? " AND NOT passed" : "") + " ORDER BY position"
        var byRun: [String: [QualityRunResult]] = [:]
        for row in try await rows(statement, on: connection) {
            let key = try row.text("contract_id") + "\u{0}" + row.text("run_id")
            byRun[key, default: []].append(QualityRunResult(
                position: try row.int64("position"), rule: try row.text("rule"), passed: try row.bool("passed"), value: try row.textOrNil("value"),
                threshold: try row.textOrNil("threshold"), rowsScanned: try row.int64OrNil("rows_scanned"),
                fingerprint: try row.textOrNil("fingerprint")))
        }
        return byRun
    }

    /// Adds each row's newest run up to `position` and its failed checks: one query for the runs
    /// of every product on the dashboard and one for their failures, not two per product.
    func withLatestRuns(_ rows: [QualityDashboardRow], through position: Int64, on connection: PostgresConnection) async throws -> [QualityDashboardRow] {
        guard !rows.isEmpty else { return rows }
        var statement = PostgresStatement("SELECT DISTINCT ON (contract_id) * FROM quality_runs WHERE contract_id = ANY(")
        statement.sql += statement.bind(NullableArray(rows.map(\.contractId))) + ") AND first_position <= "
        let through = statement.bind(position)
        statement.sql += through + " ORDER BY contract_id, LEAST(last_position, \(through)) DESC, first_position DESC"
        var latest: [String: QualityRunSummary] = [:]
        for row in try await self.rows(statement, on: connection) {
            let summary = try await summary(row, through: position, on: connection)
            latest[summary.contractId] = summary
        }
        let failures = try await results(of: Array(latest.values), through: position, onlyFailed: true, on: connection)
        return rows.map { row in
            guard let run = latest[row.contractId] else { return row }
            var row = row
            row.latestRun = run
            row.latestRunFailures = failures[run.runKey] ?? []
            return row
        }
    }

    public func qualityRuns(of id: ContractID) async throws -> [QualityRunSummary] {
        try await read { connection in try await qualityRuns(of: id, through: .max, on: connection) }
    }

    public func qualityRun(of id: ContractID, runId: String) async throws -> QualityRunDetail? {
        try await read { connection in try await qualityRun(of: id, runId: runId, through: .max, on: connection) }
    }

    public func latestQualityRun(of id: ContractID) async throws -> QualityRunDetail? {
        try await read { connection in try await latestQualityRun(of: id, through: .max, on: connection) }
    }
}

extension QualityRunSummary {
    /// The key the runs' results are grouped by.
    var runKey: String { contractId + "\u{0}" + runId }
}

extension Array where Element == UInt8 {
    /// Whether `needle` occurs in these bytes (SQLite's `instr` on UTF-8 text).
    func contains(subsequence needle: [UInt8]) -> Bool {
        guard !needle.isEmpty else { return true }
        guard needle.count <= count else { return false }
        for start in 0...(count - needle.count) where self[start] == needle[0] && Array(self[start..<(start + needle.count)]) == needle {
            return true
        }
        return false
    }
}
