import DCLProjections
import PostgresNIO

extension PostgresReadModelStore {
    /// Every table a projector writes, and the replay mark: what `dcl project --rebuild` empties
    /// (a SQLite store's file is deleted instead). The schema and its migrations stay.
    static let derivedTables = [
        "fold_checkpoint", "projector_positions", "data_product_contracts", "contract_fields", "contract_versions", "audit_timeline",
        "quarantine", "fold_contracts", "contract_quality", "fold_streams", "store_ledger", "catalog_history", "log_cursor",
        "policy_compliance", "notifications", "notification_deliveries", "quality_runs", "quality_run_results",
    ]

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
        }
    }
}
