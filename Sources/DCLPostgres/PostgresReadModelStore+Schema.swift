import Logging
import PostgresNIO

extension PostgresReadModelStore {
    /// Text columns compare and sort byte-wise, as SQLite's do (`BINARY`): the catalog's order, the
    /// dashboard's and the compliance list's must be the SQLite store's whatever the database's locale.
    private static let text = "text COLLATE \"C\""

    /// Named, forward-only migrations, each a list of single statements (the extended query
    /// protocol runs one statement per query). Applied ones are recorded in `dcl_migrations`.
    /// The tables and columns are those of the SQLite store as its migrations leave it (v1–v10, v12),
    /// plus what a partitioned log needs: per-partition progress on `log_cursor` and a sequence
    /// for positions (`reservePositions`).
    static let migrations: [(name: String, statements: [String])] = [
        ("v1-read-models", [
            """
            CREATE TABLE fold_checkpoint (
                id               integer PRIMARY KEY CHECK (id = 1),
                position         bigint  NOT NULL CHECK (position >= 0),
                last_recorded_at \(text),
                state            \(text) NOT NULL,
                last_hash        \(text) CHECK (last_hash IS NULL OR length(last_hash) = 64)
            )
            """,
            """
            CREATE TABLE projector_positions (
                projector   \(text) PRIMARY KEY,
                position    bigint NOT NULL CHECK (position >= 0),
                events      bigint NOT NULL CHECK (events >= 0),
                quarantined bigint NOT NULL CHECK (quarantined >= 0),
                rate        double precision NOT NULL DEFAULT 0
            )
            """,
            """
            CREATE TABLE data_product_contracts (
                contract_id       \(text) PRIMARY KEY,
                domain            \(text) NOT NULL,
                product_name      \(text) NOT NULL,
                name              \(text) NOT NULL,
                version           \(text) NOT NULL,
                owner_email       \(text) NOT NULL,
                sla_hours         bigint  NOT NULL CHECK (sla_hours >= 0),
                freshness_sla     \(text) NOT NULL,
                freshness_seconds bigint  NOT NULL CHECK (freshness_seconds > 0),
                quality_threshold \(text) NOT NULL,
                schema_version    \(text) NOT NULL,
                status            \(text) NOT NULL CHECK (length(status) > 0),
                is_active         boolean NOT NULL,
                description       \(text),
                tags              \(text) NOT NULL,
                created_at        \(text) NOT NULL,
                updated_at        \(text) NOT NULL,
                entry             \(text) NOT NULL
            )
            """,
            "CREATE INDEX contracts_by_domain ON data_product_contracts (domain, contract_id)",
            """
            CREATE TABLE contract_fields (
                contract_id \(text) NOT NULL REFERENCES data_product_contracts (contract_id) ON DELETE CASCADE,
                path        \(text) NOT NULL,
                name        \(text) NOT NULL,
                PRIMARY KEY (contract_id, path)
            )
            """,
            "CREATE INDEX contract_fields_by_name ON contract_fields (name)",
            """
            CREATE TABLE contract_versions (
                contract_id \(text) NOT NULL,
                version     \(text) NOT NULL,
                major       bigint  NOT NULL,
                ordinal     bigint  NOT NULL,
                sequence    bigint  NOT NULL,
                recorded_at \(text) NOT NULL,
                actor       \(text) NOT NULL,
                status      \(text) NOT NULL,
                bump        \(text),
                entry       \(text) NOT NULL,
                PRIMARY KEY (contract_id, version),
                UNIQUE (contract_id, ordinal)
            )
            """,
            """
            CREATE TABLE audit_timeline (
                position               bigint  PRIMARY KEY,
                event_id               \(text) NOT NULL,
                contract_id            \(text),
                stream                 \(text) NOT NULL,
                sequence               bigint  NOT NULL,
                type                   \(text) NOT NULL,
                schema_version         bigint  NOT NULL,
                version                \(text),
                actor                  \(text) NOT NULL,
                occurred_at            \(text) NOT NULL,
                recorded_at            \(text) NOT NULL,
                summary                \(text) NOT NULL,
                changes                \(text),
                outcome                \(text) NOT NULL CHECK (outcome IN ('accepted', 'rejected', 'quarantined')),
                reason                 \(text),
                hash                   \(text) NOT NULL,
                rule                   \(text),
                passed                 boolean,
                value                  \(text),
                checked_at             \(text),
                checked_at_ms          bigint,
                lag_ms                 bigint,
                total_so_far           bigint,
                passed_so_far          bigint,
                on_time_so_far         bigint,
                last_checked_ms_so_far bigint,
                CHECK ((rule IS NULL) = (passed IS NULL) AND (rule IS NULL) = (checked_at_ms IS NULL)
                       AND (rule IS NULL) = (checked_at IS NULL) AND (rule IS NULL) = (lag_ms IS NULL)),
                CHECK (rule IS NULL OR (outcome = 'accepted' AND contract_id IS NOT NULL))
            )
            """,
            "CREATE INDEX timeline_by_contract ON audit_timeline (contract_id, position)",
            "CREATE INDEX checks_by_contract ON audit_timeline (contract_id, position) WHERE rule IS NOT NULL",
            """
            CREATE VIEW data_quality_checks AS
                SELECT event_id AS check_id, position, contract_id, rule, passed, value, checked_at, checked_at_ms,
                       recorded_at, lag_ms, version AS contract_version
                FROM audit_timeline WHERE rule IS NOT NULL
            """,
            """
            CREATE TABLE quarantine (
                position bigint  PRIMARY KEY,
                event_id \(text) NOT NULL,
                type     \(text) NOT NULL,
                reason   \(text) NOT NULL
            )
            """,
            "CREATE TABLE fold_contracts (contract_id \(text) PRIMARY KEY, state \(text) NOT NULL)",
            """
            CREATE TABLE contract_quality (
                contract_id     \(text) PRIMARY KEY,
                total_checks    bigint  NOT NULL CHECK (total_checks >= 0),
                passed_checks   bigint  NOT NULL CHECK (passed_checks BETWEEN 0 AND total_checks),
                last_checked_at \(text),
                summary         \(text) NOT NULL,
                stream_head     bigint  CHECK (stream_head > 0),
                stream_hash     \(text),
                on_time_checks  bigint  NOT NULL DEFAULT 0 CHECK (on_time_checks >= 0)
            )
            """,
            "CREATE TABLE fold_streams (stream \(text) PRIMARY KEY, head bigint NOT NULL CHECK (head > 0), hash \(text))",
            """
            CREATE TABLE store_ledger (
                id        integer PRIMARY KEY CHECK (id = 1),
                ledger_id \(text) NOT NULL CHECK (length(ledger_id) > 0)
            )
            """,
            """
            CREATE TABLE catalog_history (
                contract_id \(text) NOT NULL,
                valid_from  bigint  NOT NULL CHECK (valid_from > 0),
                valid_to    bigint  CHECK (valid_to IS NULL OR valid_to > valid_from),
                domain      \(text) NOT NULL,
                owner_email \(text) NOT NULL,
                status      \(text) NOT NULL,
                is_active   boolean NOT NULL,
                entry       \(text) NOT NULL,
                state       \(text) NOT NULL,
                PRIMARY KEY (contract_id, valid_from)
            )
            """,
            "CREATE UNIQUE INDEX catalog_history_current ON catalog_history (contract_id) WHERE valid_to IS NULL",
            // Where the projector stands in each partition of the log, and (on a partitioned log)
            // what the single checkpoint row and projector rows hold on a log with one global order:
            // the batches' position, record time and counts, added up on read. A batch writes only
            // its own partitions' rows, so projectors owning other partitions never wait for it.
            """
            CREATE TABLE log_cursor (
                partition        \(text) PRIMARY KEY,
                next             bigint  NOT NULL CHECK (next >= 0),
                position         bigint  NOT NULL DEFAULT 0 CHECK (position >= 0),
                last_recorded_at \(text),
                events           bigint  NOT NULL DEFAULT 0 CHECK (events >= 0),
                quarantined      bigint  NOT NULL DEFAULT 0 CHECK (quarantined >= 0),
                accepted         bigint  NOT NULL DEFAULT 0 CHECK (accepted >= 0),
                rate             double precision NOT NULL DEFAULT 0
            )
            """,
            """
            CREATE TABLE policy_compliance (
                contract_id     \(text) PRIMARY KEY,
                domain          \(text) NOT NULL,
                is_active       boolean NOT NULL,
                violation_count bigint  NOT NULL CHECK (violation_count >= 0),
                violations      \(text) NOT NULL
            )
            """,
            "CREATE INDEX compliance_by_domain ON policy_compliance (domain, contract_id)",
            """
            CREATE TABLE notifications (
                position    bigint  PRIMARY KEY,
                contract_id \(text) NOT NULL,
                kind        \(text) NOT NULL CHECK (kind IN ('breaking-change', 'deprecation')),
                version     \(text) NOT NULL,
                message     \(text) NOT NULL,
                consumers   \(text) NOT NULL,
                recorded_at \(text) NOT NULL,
                event_id    \(text)
            )
            """,
            "CREATE INDEX notifications_by_contract ON notifications (contract_id, position)",
            "CREATE TABLE notification_deliveries (sink \(text) PRIMARY KEY, position bigint NOT NULL CHECK (position >= 0))",
            """
            CREATE TABLE quality_runs (
                contract_id      \(text) NOT NULL,
                run_id           \(text) NOT NULL,
                origin           \(text) NOT NULL,
                contract_version \(text),
                started_at       \(text) NOT NULL,
                recorded_at      \(text) NOT NULL,
                first_position   bigint  NOT NULL,
                last_position    bigint  NOT NULL CHECK (last_position >= first_position),
                checks           bigint  NOT NULL CHECK (checks > 0),
                passed           bigint  NOT NULL CHECK (passed >= 0),
                failed           bigint  NOT NULL CHECK (failed >= 0 AND passed + failed = checks),
                rows_scanned     bigint,
                fingerprint      \(text),
                PRIMARY KEY (contract_id, run_id)
            )
            """,
            "CREATE INDEX quality_runs_by_contract ON quality_runs (contract_id, last_position)",
            """
            CREATE TABLE quality_run_results (
                position     bigint  PRIMARY KEY,
                contract_id  \(text) NOT NULL,
                run_id       \(text) NOT NULL,
                rule         \(text) NOT NULL,
                passed       boolean NOT NULL,
                value        \(text),
                threshold    \(text),
                rows_scanned bigint,
                fingerprint  \(text),
                recorded_at  \(text) NOT NULL
            )
            """,
            "CREATE INDEX quality_run_results_by_run ON quality_run_results (contract_id, run_id, position)",
            // Positions for a partitioned log's events, handed out in blocks (`reservePositions`):
            // the advisory lock makes a block consecutive, the sequence makes it never reused, and a
            // block starts past every position the store already holds (a store folded from a log
            // with one global order numbers its events itself).
            "CREATE SEQUENCE fold_positions AS bigint MINVALUE 1",
            """
            CREATE FUNCTION dcl_reserve_positions(count bigint) RETURNS bigint LANGUAGE plpgsql AS $$
            DECLARE first bigint;
            DECLARE held bigint;
            BEGIN
                PERFORM pg_advisory_xact_lock(hashtext('dcl.readmodels.positions'));
                first := nextval('fold_positions');
                held := GREATEST((SELECT position FROM fold_checkpoint WHERE id = 1), (SELECT max(position) FROM log_cursor),
                                 (SELECT max(position) FROM audit_timeline));
                IF held IS NOT NULL AND first <= held THEN first := held + 1; END IF;
                PERFORM setval('fold_positions', first + count - 1);
                RETURN first;
            END $$
            """,
            // SQLite's `lower`: ASCII letters only. The catalog search folds case with it, so both
            // stores match the same rows (PostgreSQL's `lower` would also fold `Ü`, SQLite's does not).
            """
            CREATE FUNCTION dcl_ascii_lower(value text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
            AS $$ SELECT translate(value, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') $$
            """,
        ]),
        // Publishing by contract partition, as the SQLite store's v12 (`ReadModelStoring`,
        // "Publishing"): commit numbers from a sequence, the contracts each commit changed, the
        // notifications' partition and commit, and one mark per sink and partition. Stored rows
        // lack their partitions, so every read model is emptied (the next projector folds the
        // ledger again) and sinks publish everything again, which their topics take as repeats.
        ("v2-publishing-by-contract-partition", [
            "TRUNCATE " + PostgresReadModelStore.derivedTableNames(before: "v2-publishing-by-contract-partition").joined(separator: ", "),
            "DROP TABLE notification_deliveries",
            "ALTER TABLE notifications ADD COLUMN partition bigint NOT NULL DEFAULT 0",
            "ALTER TABLE notifications ADD COLUMN commit_number bigint NOT NULL DEFAULT 0 CHECK (commit_number >= 0)",
            "CREATE INDEX notifications_by_publication ON notifications (partition, commit_number, position)",
            "CREATE SEQUENCE commit_numbers AS bigint MINVALUE 1",
            """
            CREATE TABLE contract_changes (
                contract_id   \(text) PRIMARY KEY,
                partition     bigint  NOT NULL,
                commit_number bigint  NOT NULL CHECK (commit_number > 0)
            )
            """,
            "CREATE INDEX contract_changes_by_publication ON contract_changes (partition, commit_number)",
            """
            CREATE TABLE publication_marks (
                sink           \(text) NOT NULL,
                partition      bigint  NOT NULL,
                through_commit bigint  NOT NULL CHECK (through_commit >= 0),
                PRIMARY KEY (sink, partition)
            )
            """,
        ]),
        // The dashboard's order, as the SQLite store's v14: one page of the dashboard
        // (`qualityDashboardPage`) reads the page's products instead of sorting every product.
        ("v3-dashboard-order", [
            "CREATE INDEX contracts_in_dashboard_order ON data_product_contracts (domain, product_name, contract_id)",
        ]),
        // As the SQLite store's v17: a contract's quality results are found through
        // `timeline_by_contract` (its other rows are its few lifecycle events).
        ("v4-quality-results-by-timeline-index", [
            "DROP INDEX IF EXISTS checks_by_contract",
        ]),
    ]

    /// The text the catalog search matches, for the trigram index and the query that uses it (the
    /// same expression, so the planner finds the index). A newline between columns: a match across
    /// two of them is only a candidate, which the exact test then drops.
    static func searchText(_ alias: String) -> String {
        let columns = ["contract_id", "product_name", "name", "COALESCE(\(alias)description, '')", "tags"]
            .map { $0.hasPrefix("COALESCE") ? $0 : alias + $0 }
        return "dcl_ascii_lower(" + columns.joined(separator: " || E'\\n' || ") + ")"
    }

    /// Brings the schema up to date; returns whether the trigram index of the catalog search exists.
    ///
    /// Two processes opening a new store at once would both find a migration missing and both run
    /// it (PostgreSQL's `CREATE TABLE IF NOT EXISTS` is not safe against that either). So the
    /// migrations run in one transaction under a transaction-level advisory lock: the second
    /// process waits, then finds them applied. Opening an up-to-date store takes no lock.
    static func migrate(_ client: PostgresClient, logger: Logger) async throws -> Bool {
        try await client.withConnection { connection in
            func names() async throws -> Set<String> {
                var applied = Set<String>()
                let exists = try await connection.query("SELECT to_regclass('dcl_migrations') IS NOT NULL", logger: logger)
                    .collect().first?.decode(Bool.self) ?? false
                guard exists else { return applied }
                for try await name in try await connection.query("SELECT name FROM dcl_migrations", logger: logger).decode(String.self) {
                    applied.insert(name)
                }
                return applied
            }
            if try await names().isSuperset(of: migrations.map(\.name)) { return try await hasTrigramIndex(connection, logger: logger) }
            try await connection.query("BEGIN", logger: logger)
            do {
                try await connection.query("SELECT pg_advisory_xact_lock(hashtext('dcl.readmodels.migrate'))", logger: logger)
                try await connection.query("""
                    CREATE TABLE IF NOT EXISTS dcl_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())
                    """, logger: logger)
                let applied = try await names()
                for migration in migrations where !applied.contains(migration.name) {
                    for statement in migration.statements {
                        try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                    }
                    if migration.name == "v1-read-models" { try await createTrigramIndex(connection, logger: logger) }
                    try await connection.query("INSERT INTO dcl_migrations (name) VALUES (\(migration.name))", logger: logger)
                }
                try await connection.query("COMMIT", logger: logger)
            } catch {
                _ = try? await connection.query("ROLLBACK", logger: logger)
                throw error
            }
            return try await hasTrigramIndex(connection, logger: logger)
        }
    }

    /// The catalog search's trigram index, when the server has `pg_trgm` (Debian's postgresql
    /// package does; a database owner may create it, it is a trusted extension). Without it the
    /// search tests every row, as SQLite does for texts under three characters: slower, same answers.
    private static func createTrigramIndex(_ connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("SAVEPOINT trigram", logger: logger)
        do {
            try await connection.query("CREATE EXTENSION IF NOT EXISTS pg_trgm", logger: logger)
            try await connection.query(PostgresQuery(unsafeSQL: """
                CREATE INDEX catalog_search ON data_product_contracts USING gin ((\(searchText(""))) gin_trgm_ops)
                """), logger: logger)
            try await connection.query("RELEASE SAVEPOINT trigram", logger: logger)
        } catch {
            try await connection.query("ROLLBACK TO SAVEPOINT trigram", logger: logger)
        }
    }

    private static func hasTrigramIndex(_ connection: PostgresConnection, logger: Logger) async throws -> Bool {
        try await connection.query("SELECT to_regclass('catalog_search') IS NOT NULL", logger: logger).collect().first?.decode(Bool.self) ?? false
    }
}
