import DCLProjections
import PostgresNIO

extension PostgresReadModelStore {
    /// Every table a projector writes, and the replay mark: what `dcl project --rebuild` empties
    /// (a SQLite store's file is deleted instead). The schema and its migrations stay.
    static let derivedTables = derivedTableNames(before: nil)

    /// The derived tables as they stood before migration `migration` (nil: the latest schema).
    static func derivedTableNames(before migration: String?) -> [String] {
        let v1 = [
            "fold_checkpoint", "projector_positions", "data_product_contracts", "contract_fields", "contract_versions", "audit_timeline",
            "quarantine", "fold_contracts", "contract_quality", "fold_streams", "store_ledger", "catalog_history", "log_cursor",
            "policy_compliance", "notifications", "quality_runs", "quality_run_results",
        ]
        if migration == "v2-publishing-by-contract-partition" { return v1 + ["notification_deliveries"] }
        return v1 + ["contract_changes", "publication_marks"]
    }

    /// Empties the store for a rebuild from position zero, in one transaction: every read model,
    /// checkpoint, delivery mark and the ledger binding; positions start again at 1; a replay
    /// store is no longer frozen. Every other process writing the store waits for it (TRUNCATE
    /// locks each table), so run it with the projectors stopped.
    ///
    /// ```swift
    /// try await store.removeAllReadModels()
    /// try await Projector(log: log, store: store).catchUp()   // after the port lets Projector take it
    /// ```
    public func removeAllReadModels() async throws {
        try await transaction { connection in
            try await connection.query(PostgresQuery(unsafeSQL: "TRUNCATE " + Self.derivedTables.joined(separator: ", ")), logger: logger)
            try await connection.query("DROP TABLE IF EXISTS replay_cutoff", logger: logger)
            try await connection.query("ALTER SEQUENCE fold_positions RESTART", logger: logger)
            try await connection.query("ALTER SEQUENCE commit_numbers RESTART", logger: logger)
        }
    }
}
