import DCLDomain
import Foundation
import GRDB

/// Every read model of a store as sorted text, so two stores can be compared byte for byte
/// (`dcl projections export`).
///
/// One line per row: the table name, a tab, then the row as JSON with its keys sorted. Lines
/// are sorted by table, then by their text. What depends on how a store was built rather than on
/// the ledger is left out, so a store followed incrementally, one rebuilt from scratch and one
/// whose projector was killed and resumed export the same text:
///
/// - store positions (the timeline's, notifications', quarantine's): a store numbers events in
///   the order it folds them, which on Kafka depends on how partitions were read. Rows are
///   identified by their event id instead, and a `catalog_history` row's validity by the ids of
///   the events that opened and closed it;
/// - checkpoints and counters (`fold_checkpoint` position and hash, `log_cursor`,
///   `projector_positions`, commit numbers, `contract_changes`, `publication_marks`, the fold
///   state's internal parts).
///
/// The global part of the fold state is kept (without its position): policies, consumers,
/// platform requests, tokens and domains are read from it.
///
/// ```swift
/// let text = try await CanonicalExport.text(of: store)
/// print(text, terminator: "")
/// ```
public enum CanonicalExport {
    /// The read models, each with the query that lists its rows (columns named as exported).
    public static let tables: [(name: String, sql: String)] = [
        ("audit_timeline", """
            SELECT event_id, contract_id, stream, sequence, type, schema_version, version, actor, occurred_at, recorded_at,
                   summary, changes, outcome, reason, hash, rule, passed, value, checked_at, checked_at_ms, lag_ms,
                   total_so_far, passed_so_far, on_time_so_far, last_checked_ms_so_far
            FROM audit_timeline
            """),
        ("catalog_history", """
            SELECT h.contract_id, opened.event_id AS opened_by, closed.event_id AS closed_by, h.domain, h.owner_email, h.status,
                   h.is_active, h.entry, h.state
            FROM catalog_history h
            LEFT JOIN audit_timeline opened ON opened.position = h.valid_from
            LEFT JOIN audit_timeline closed ON closed.position = h.valid_to
            """),
        ("contract_fields", "SELECT contract_id, path, name FROM contract_fields"),
        ("contract_quality", """
            SELECT contract_id, total_checks, passed_checks, last_checked_at, summary, stream_head, stream_hash, on_time_checks
            FROM contract_quality
            """),
        ("contract_versions", """
            SELECT contract_id, version, major, ordinal, sequence, recorded_at, actor, status, bump, entry FROM contract_versions
            """),
        ("data_product_contracts", """
            SELECT contract_id, domain, product_name, name, version, owner_email, sla_hours, freshness_sla, freshness_seconds,
                   quality_threshold, schema_version, status, is_active, description, tags, created_at, updated_at, entry
            FROM data_product_contracts
            """),
        ("notifications", "SELECT event_id, contract_id, kind, version, message, consumers, recorded_at FROM notifications"),
        ("policy_compliance", "SELECT contract_id, domain, is_active, violation_count, violations FROM policy_compliance"),
        ("quality_run_results", """
            SELECT t.event_id, r.contract_id, r.run_id, r.rule, r.passed, r.value, r.threshold, r.rows_scanned, r.fingerprint,
                   r.recorded_at
            FROM quality_run_results r
            LEFT JOIN audit_timeline t ON t.position = r.position
            """),
        ("quality_runs", """
            SELECT q.contract_id, q.run_id, q.origin, q.contract_version, q.started_at, q.recorded_at, first.event_id AS first_event,
                   last.event_id AS last_event, q.checks, q.passed, q.failed, q.rows_scanned, q.fingerprint
            FROM quality_runs q
            LEFT JOIN audit_timeline first ON first.position = q.first_position
            LEFT JOIN audit_timeline last ON last.position = q.last_position
            """),
        ("quarantine", "SELECT event_id, type, reason FROM quarantine"),
    ]

    /// What the SQLite store adds to two of `tables`: a quality result that named no run is a run
    /// of its own kept only on its timeline row (the `lone_*` columns), and its export lists that
    /// run as the rows PostgreSQL keeps for it.
    static let sqliteRunsOfTheirOwn: [String: String] = [
        "quality_run_results": """
            UNION ALL
            SELECT event_id, contract_id, event_id, rule, passed, value, lone_threshold, lone_rows_scanned, lone_fingerprint,
                   recorded_at
            FROM audit_timeline WHERE lone_origin IS NOT NULL
            """,
        "quality_runs": """
            UNION ALL
            SELECT contract_id, event_id, lone_origin, version, checked_at, recorded_at, event_id, event_id, 1, passed, 1 - passed,
                   lone_rows_scanned, lone_fingerprint
            FROM audit_timeline WHERE lone_origin IS NOT NULL
            """,
    ]

    /// The whole export of a store, every line ending in a newline.
    public static func text(of store: any ReadModelStoring) async throws -> String {
        try await store.canonicalExport()
    }

    /// The export of an SQLite store (`ReadModelStore.canonicalExport()`).
    static func text(_ db: Database) throws -> String {
        try exportLines(db).map { $0 + "\n" }.joined()
    }

    static func exportLines(_ db: Database) throws -> [String] {
        let encoder = lineEncoder
        var lines: [String] = []
        for table in tables {
            var rows: [String] = []
            let sql = table.sql + (sqliteRunsOfTheirOwn[table.name].map { "\n" + $0 } ?? "")
            for row in try Row.fetchAll(db, sql: sql) {
                var values: [String: ExportValue] = [:]
                for (column, value) in row { values[column] = ExportValue(value) }
                rows.append(try line(table.name, values, encoder: encoder))
            }
            lines += rows
        }
        lines += try foldState(db)
        return lines.sorted()
    }

    /// One line of the export: the table's name, a tab, the row as JSON with sorted keys. Every
    /// store writes its lines with this, so they agree byte for byte (sort the lines after).
    public static func line(_ table: String, _ values: [String: ExportValue]) throws -> String {
        try line(table, values, encoder: lineEncoder)
    }

    static func line(_ table: String, _ values: [String: ExportValue], encoder: JSONEncoder) throws -> String {
        table + "\t" + String(decoding: try encoder.encode(values), as: UTF8.self)
    }

    static var lineEncoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// The global part of the fold state (policies, consumers, platform requests, tokens,
    /// domains, compatibility settings) without its position, and the record time the read
    /// models judge freshness against.
    static func foldState(_ db: Database) throws -> [String] {
        let stored = try String.fetchOne(db, sql: "SELECT state FROM fold_checkpoint WHERE id = 1")
        let partitions = try Row.fetchOne(db, sql: "SELECT COUNT(position) AS counted, COALESCE(SUM(accepted), 0) AS accepted FROM log_cursor")
        let line = try foldStateLine(globalState: stored, partitionsCounted: (partitions?["counted"] ?? 0) > 0,
                                     acceptedInPartitions: partitions?["accepted"] ?? 0,
                                     lastRecordedAt: try ReadModelStore.lastRecordedAtText(db))
        return line.map { [$0] } ?? []
    }

    /// The `fold_state` line, shared by every store so they print the same bytes: the stored
    /// global fold state's JSON (as `ReadModelStore.globalStateText` writes it) without its
    /// position, with `acceptedInPartitions` added to its accepted count, and the latest record
    /// time (ISO 8601, as stored). Nil for a store that has folded nothing.
    ///
    /// On a partitioned log (`partitionsCounted`: some partition recorded a batch, see
    /// `ReadModelStoring`) the accepted count and record time are aggregated over partitions, and
    /// a store whose ledger has no global event yet holds no global state: an empty one is
    /// printed, as a store that replaced it every batch would hold.
    ///
    /// Dictionaries keyed by a domain or contract (`domains`, `consumers`) are encoded by
    /// `JSONEncoder` as arrays of key, value, key, value in the dictionary's order, which differs
    /// between processes and insertion histories: they are printed as objects, so their keys sort.
    public static func foldStateLine(globalState: String?, partitionsCounted: Bool, acceptedInPartitions: Int,
                                     lastRecordedAt: String?) throws -> String? {
        guard globalState != nil || partitionsCounted else { return nil }
        let sorted = JSONEncoder()
        sorted.outputFormatting = [.sortedKeys]
        let stateText = try globalState ?? ReadModelStore.globalStateText(LedgerState(), encoder: sorted)
        guard var state = try JSONSerialization.jsonObject(with: Data(stateText.utf8)) as? [String: Any] else {
            throw ProjectionError(.unavailable, "the stored global fold state is not a JSON object")
        }
        state["position"] = nil
        if acceptedInPartitions > 0 {
            state["acceptedCount"] = ((state["acceptedCount"] as? NSNumber)?.intValue ?? 0) + acceptedInPartitions
        }
        for member in ["domains", "consumers"] {
            if let pairs = state[member] as? [Any] { state[member] = try keyed(pairs, member: member) }
        }
        let canonical = try JSONSerialization.data(withJSONObject: state, options: [.sortedKeys, .withoutEscapingSlashes])
        let values: [String: ExportValue] = ["last_recorded_at": lastRecordedAt.map(ExportValue.text) ?? .null,
                                             "state": .text(String(decoding: canonical, as: UTF8.self))]
        return try line("fold_state", values)
    }

    /// `[key, value, key, value, ...]` (a dictionary with non-string keys, as `JSONEncoder` writes
    /// it) as an object.
    private static func keyed(_ pairs: [Any], member: String) throws -> [String: Any] {
        guard pairs.count % 2 == 0 else { throw ProjectionError(.unavailable, "the fold state's \(member) is not key, value pairs") }
        var object: [String: Any] = [:]
        for index in stride(from: 0, to: pairs.count, by: 2) {
            guard let key = pairs[index] as? String else {
                throw ProjectionError(.unavailable, "the fold state's \(member) has a key that is not text")
            }
            object[key] = pairs[index + 1]
        }
        return object
    }
}

/// One column value of an exported row, as JSON.
public enum ExportValue: Encodable, Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)

    init(_ value: DatabaseValue) {
        switch value.storage {
        case .null: self = .null
        case .int64(let integer): self = .integer(integer)
        case .double(let real): self = .real(real)
        case .string(let text): self = .text(text)
        case .blob(let data): self = .text(data.map { String(format: "%02x", $0) }.joined())
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .integer(let integer): try container.encode(integer)
        case .real(let real): try container.encode(real)
        case .text(let text): try container.encode(text)
        }
    }
}
