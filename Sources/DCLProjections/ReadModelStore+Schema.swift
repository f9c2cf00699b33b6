import GRDB

extension ReadModelStore {
    /// Forward-only, named migrations. Table and column names follow the seed document
    /// (`data_product_contracts`, `data_quality_checks`) so its dashboard query reads as written.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-read-models") { db in
            try db.execute(sql: """
                CREATE TABLE fold_checkpoint (
                    id               INTEGER PRIMARY KEY CHECK (id = 1),
                    position         INTEGER NOT NULL CHECK (position >= 0),
                    last_recorded_at TEXT,
                    state            TEXT    NOT NULL
                );
                CREATE TABLE projector_positions (
                    projector   TEXT    PRIMARY KEY,
                    position    INTEGER NOT NULL CHECK (position >= 0),
                    events      INTEGER NOT NULL CHECK (events >= 0),
                    quarantined INTEGER NOT NULL CHECK (quarantined >= 0),
                    rate        REAL    NOT NULL DEFAULT 0
                );
                CREATE TABLE data_product_contracts (
                    contract_id       TEXT    PRIMARY KEY,
                    domain            TEXT    NOT NULL,
                    product_name      TEXT    NOT NULL,
                    name              TEXT    NOT NULL,
                    version           TEXT    NOT NULL,
                    owner_email       TEXT    NOT NULL,
                    sla_hours         INTEGER NOT NULL CHECK (sla_hours >= 0),
                    freshness_sla     TEXT    NOT NULL,
                    freshness_seconds INTEGER NOT NULL CHECK (freshness_seconds > 0),
                    quality_threshold TEXT    NOT NULL,
                    schema_version    TEXT    NOT NULL,
                    status            TEXT    NOT NULL CHECK (status IN ('proposed','draft','active','deprecated','retired')),
                    is_active         INTEGER NOT NULL CHECK (is_active IN (0, 1)),
                    description       TEXT,
                    tags              TEXT    NOT NULL,
                    created_at        TEXT    NOT NULL,
                    updated_at        TEXT    NOT NULL,
                    entry             TEXT    NOT NULL
                );
                CREATE INDEX contracts_by_domain ON data_product_contracts (domain, contract_id);
                CREATE TABLE contract_fields (
                    contract_id TEXT NOT NULL REFERENCES data_product_contracts (contract_id) ON DELETE CASCADE,
                    path        TEXT NOT NULL,
                    name        TEXT NOT NULL,
                    PRIMARY KEY (contract_id, path)
                );
                CREATE INDEX contract_fields_by_name ON contract_fields (name);
                CREATE TABLE contract_versions (
                    contract_id TEXT    NOT NULL,
                    version     TEXT    NOT NULL,
                    major       INTEGER NOT NULL,
                    ordinal     INTEGER NOT NULL,
                    sequence    INTEGER NOT NULL,
                    recorded_at TEXT    NOT NULL,
                    actor       TEXT    NOT NULL,
                    status      TEXT    NOT NULL,
                    bump        TEXT,
                    entry       TEXT    NOT NULL,
                    PRIMARY KEY (contract_id, version),
                    UNIQUE (contract_id, ordinal)
                );
                CREATE TABLE data_quality_checks (
                    check_id         TEXT    PRIMARY KEY,
                    position         INTEGER NOT NULL UNIQUE,
                    contract_id      TEXT    NOT NULL,
                    rule             TEXT    NOT NULL,
                    passed           INTEGER NOT NULL CHECK (passed IN (0, 1)),
                    value            TEXT,
                    checked_at       TEXT    NOT NULL,
                    checked_at_ms    INTEGER NOT NULL,
                    recorded_at      TEXT    NOT NULL,
                    lag_ms           INTEGER NOT NULL,
                    contract_version TEXT
                );
                CREATE INDEX checks_by_contract ON data_quality_checks (contract_id, checked_at_ms);
                CREATE TABLE audit_timeline (
                    position    INTEGER PRIMARY KEY,
                    event_id    TEXT    NOT NULL,
                    contract_id TEXT,
                    outcome     TEXT    NOT NULL CHECK (outcome IN ('accepted', 'rejected', 'quarantined')),
                    entry       TEXT    NOT NULL
                );
                CREATE INDEX timeline_by_contract ON audit_timeline (contract_id, position);
                CREATE TABLE quarantine (
                    position INTEGER PRIMARY KEY,
                    event_id TEXT    NOT NULL,
                    type     TEXT    NOT NULL,
                    reason   TEXT    NOT NULL
                );
                """)
        }
        // The fold state is stored in parts so that a batch rewrites only what it changed: the
        // global part in `fold_checkpoint`, each contract's lifecycle state, each contract's
        // quality totals with its quality stream's head (also the catalog's quality columns),
        // the heads of the other streams. Read models are derived, so this migration empties
        // them; the next projection rebuilds them from the log.
        migrator.registerMigration("v2-incremental-fold-state") { db in
            try db.execute(sql: """
                DELETE FROM fold_checkpoint;
                DELETE FROM projector_positions;
                DELETE FROM contract_fields;
                DELETE FROM contract_versions;
                DELETE FROM data_product_contracts;
                DELETE FROM data_quality_checks;
                DELETE FROM audit_timeline;
                DELETE FROM quarantine;
                CREATE TABLE fold_contracts (
                    contract_id TEXT PRIMARY KEY,
                    state       TEXT NOT NULL
                );
                CREATE TABLE contract_quality (
                    contract_id     TEXT    PRIMARY KEY,
                    total_checks    INTEGER NOT NULL CHECK (total_checks >= 0),
                    passed_checks   INTEGER NOT NULL CHECK (passed_checks BETWEEN 0 AND total_checks),
                    last_checked_at TEXT,
                    summary         TEXT    NOT NULL,
                    stream_head     INTEGER CHECK (stream_head > 0),
                    stream_hash     TEXT
                );
                CREATE TABLE fold_streams (
                    stream TEXT    PRIMARY KEY,
                    head   INTEGER NOT NULL CHECK (head > 0),
                    hash   TEXT
                );
                """)
        }
        // One row per event serves the audit timeline and the seed's quality checks. A rebuild
        // wrote a timeline row (rowid, contract index) and a check row (rowid, check-id key,
        // position key, contract index) for almost every event: six B-tree inserts. Now it writes
        // two, and `data_quality_checks` is a view with the seed's columns, so the dashboard query
        // still reads as written. Timeline lines are columns, not JSON: the writer only binds.
        // The derived read models are emptied again; the next projection rebuilds them.
        migrator.registerMigration("v3-timeline-rows-serve-quality-checks") { db in
            try db.execute(sql: """
                DELETE FROM fold_checkpoint;
                DELETE FROM projector_positions;
                DELETE FROM contract_fields;
                DELETE FROM contract_versions;
                DELETE FROM data_product_contracts;
                DELETE FROM quarantine;
                DELETE FROM fold_contracts;
                DELETE FROM contract_quality;
                DELETE FROM fold_streams;
                DROP TABLE data_quality_checks;
                DROP TABLE audit_timeline;
                CREATE TABLE audit_timeline (
                    position         INTEGER PRIMARY KEY,
                    event_id         TEXT    NOT NULL,
                    contract_id      TEXT,
                    stream           TEXT    NOT NULL,
                    sequence         INTEGER NOT NULL,
                    type             TEXT    NOT NULL,
                    schema_version   INTEGER NOT NULL,
                    version          TEXT,
                    actor            TEXT    NOT NULL,
                    occurred_at      TEXT    NOT NULL,
                    recorded_at      TEXT    NOT NULL,
                    summary          TEXT    NOT NULL,
                    changes          TEXT,
                    outcome          TEXT    NOT NULL CHECK (outcome IN ('accepted', 'rejected', 'quarantined')),
                    reason           TEXT,
                    hash             TEXT    NOT NULL,
                    -- An accepted quality result (a row of the seed's data_quality_checks) also has:
                    rule             TEXT,
                    passed           INTEGER CHECK (passed IN (0, 1)),
                    value            TEXT,
                    checked_at       TEXT,
                    checked_at_ms    INTEGER,
                    lag_ms           INTEGER,
                    CHECK ((rule IS NULL) = (passed IS NULL) AND (rule IS NULL) = (checked_at_ms IS NULL)
                           AND (rule IS NULL) = (checked_at IS NULL) AND (rule IS NULL) = (lag_ms IS NULL)),
                    CHECK (rule IS NULL OR (outcome = 'accepted' AND contract_id IS NOT NULL))
                );
                CREATE INDEX timeline_by_contract ON audit_timeline (contract_id, position);
                CREATE VIEW data_quality_checks AS
                    SELECT event_id AS check_id, position, contract_id, rule, passed, value, checked_at, checked_at_ms,
                           recorded_at, lag_ms, version AS contract_version
                    FROM audit_timeline WHERE rule IS NOT NULL;
                """)
        }
        // A store knows which ledger it was folded from (`LedgerIdentity`) and the hash of the
        // last event it folded, so it is never read as another ledger's. Nothing derived changes.
        migrator.registerMigration("v4-store-knows-its-ledger") { db in
            try db.execute(sql: """
                ALTER TABLE fold_checkpoint ADD COLUMN last_hash TEXT CHECK (last_hash IS NULL OR length(last_hash) = 64);
                CREATE TABLE store_ledger (
                    id        INTEGER PRIMARY KEY CHECK (id = 1),
                    ledger_id TEXT    NOT NULL CHECK (length(ledger_id) > 0)
                );
                """)
        }
        // Reads as of a position answer by query, in the time of a current read: every lifecycle
        // change leaves a row in `catalog_history` (the catalog entry and fold state it left,
        // valid from its position until the next change), every accepted quality result carries
        // its contract's running totals. A contract's current
        // on-time count is kept with its quality row, so the dashboard reads one row per product
        // instead of aggregating every result. Derived models are emptied; the next read rebuilds.
        migrator.registerMigration("v5-history-intervals-and-running-quality") { db in
            try db.execute(sql: """
                DELETE FROM fold_checkpoint;
                DELETE FROM projector_positions;
                DELETE FROM contract_fields;
                DELETE FROM contract_versions;
                DELETE FROM data_product_contracts;
                DELETE FROM quarantine;
                DELETE FROM fold_contracts;
                DELETE FROM contract_quality;
                DELETE FROM fold_streams;
                DELETE FROM audit_timeline;
                DELETE FROM store_ledger;
                ALTER TABLE contract_quality ADD COLUMN on_time_checks INTEGER NOT NULL DEFAULT 0 CHECK (on_time_checks >= 0);
                ALTER TABLE audit_timeline ADD COLUMN total_so_far INTEGER;
                ALTER TABLE audit_timeline ADD COLUMN passed_so_far INTEGER;
                ALTER TABLE audit_timeline ADD COLUMN on_time_so_far INTEGER;
                ALTER TABLE audit_timeline ADD COLUMN last_checked_ms_so_far INTEGER;
                CREATE INDEX checks_by_contract ON audit_timeline (contract_id, position) WHERE rule IS NOT NULL;
                CREATE TABLE catalog_history (
                    contract_id TEXT    NOT NULL,
                    valid_from  INTEGER NOT NULL CHECK (valid_from > 0),
                    valid_to    INTEGER CHECK (valid_to IS NULL OR valid_to > valid_from),
                    domain      TEXT    NOT NULL,
                    owner_email TEXT    NOT NULL,
                    status      TEXT    NOT NULL,
                    is_active   INTEGER NOT NULL CHECK (is_active IN (0, 1)),
                    entry       TEXT    NOT NULL,
                    state       TEXT    NOT NULL,
                    PRIMARY KEY (contract_id, valid_from)
                );
                CREATE UNIQUE INDEX catalog_history_current ON catalog_history (contract_id) WHERE valid_to IS NULL;
                -- Where the projector stands in each partition of the log (`LogCursor`): one row
                -- on the embedded log, one per topic partition on Kafka.
                CREATE TABLE log_cursor (
                    partition TEXT    PRIMARY KEY,
                    next      INTEGER NOT NULL CHECK (next >= 0)
                );
                """)
        }
        // ODCS allows any status text (`production`, `in development`), which the catalog keeps as
        // written, so the status column loses its five-value CHECK. SQLite cannot drop a CHECK in
        // place: the table is created again. Versions now keep the published file's text, so the
        // derived read models are emptied once more and the next read rebuilds them.
        migrator.registerMigration("v6-status-as-written") { db in
            try db.execute(sql: """
                DELETE FROM fold_checkpoint;
                DELETE FROM projector_positions;
                DELETE FROM contract_fields;
                DELETE FROM contract_versions;
                DELETE FROM quarantine;
                DELETE FROM fold_contracts;
                DELETE FROM contract_quality;
                DELETE FROM fold_streams;
                DELETE FROM audit_timeline;
                DELETE FROM catalog_history;
                DELETE FROM log_cursor;
                DELETE FROM store_ledger;
                DROP TABLE data_product_contracts;
                CREATE TABLE data_product_contracts (
                    contract_id       TEXT    PRIMARY KEY,
                    domain            TEXT    NOT NULL,
                    product_name      TEXT    NOT NULL,
                    name              TEXT    NOT NULL,
                    version           TEXT    NOT NULL,
                    owner_email       TEXT    NOT NULL,
                    sla_hours         INTEGER NOT NULL CHECK (sla_hours >= 0),
                    freshness_sla     TEXT    NOT NULL,
                    freshness_seconds INTEGER NOT NULL CHECK (freshness_seconds > 0),
                    quality_threshold TEXT    NOT NULL,
                    schema_version    TEXT    NOT NULL,
                    status            TEXT    NOT NULL CHECK (length(status) > 0),
                    is_active         INTEGER NOT NULL CHECK (is_active IN (0, 1)),
                    description       TEXT,
                    tags              TEXT    NOT NULL,
                    created_at        TEXT    NOT NULL,
                    updated_at        TEXT    NOT NULL,
                    entry             TEXT    NOT NULL
                );
                CREATE INDEX contracts_by_domain ON data_product_contracts (domain, contract_id);
                """)
        }
        // Federated governance (`docs/governance.md`): each contract's standing against the policies
        // in force, and the notices for consumers (breaking changes, deprecations). Both are derived
        // from events already in every ledger, so the fold state is emptied and the next read
        // rebuilds everything, these tables included.
        migrator.registerMigration("v7-governance-compliance-and-notifications") { db in
            try db.execute(sql: emptyDerivedReadModelsOfV6)
            try db.execute(sql: """
                CREATE TABLE policy_compliance (
                    contract_id     TEXT    PRIMARY KEY,
                    domain          TEXT    NOT NULL,
                    is_active       INTEGER NOT NULL CHECK (is_active IN (0, 1)),
                    violation_count INTEGER NOT NULL CHECK (violation_count >= 0),
                    violations      TEXT    NOT NULL
                );
                CREATE INDEX compliance_by_domain ON policy_compliance (domain, contract_id);
                CREATE TABLE notifications (
                    position    INTEGER PRIMARY KEY,
                    contract_id TEXT    NOT NULL,
                    kind        TEXT    NOT NULL CHECK (kind IN ('breaking-change', 'deprecation')),
                    version     TEXT    NOT NULL,
                    message     TEXT    NOT NULL,
                    consumers   TEXT    NOT NULL,
                    recorded_at TEXT    NOT NULL
                );
                CREATE INDEX notifications_by_contract ON notifications (contract_id, position);
                """)
        }
        // Notifications name the event behind them (what identifies one on `dcl.notifications.v1`),
        // and a sink's delivery mark records how far the projector has handed them on. The event
        // ids are in every ledger, so the fold state is emptied and the next read rebuilds it all.
        migrator.registerMigration("v8-notification-event-ids-and-deliveries") { db in
            try db.execute(sql: emptyDerivedReadModelsOfV6 + "\nDELETE FROM policy_compliance;\nDELETE FROM notifications;")
            try db.execute(sql: """
                ALTER TABLE notifications ADD COLUMN event_id TEXT;
                CREATE TABLE notification_deliveries (
                    sink     TEXT    PRIMARY KEY,
                    position INTEGER NOT NULL CHECK (position >= 0)
                );
                """)
        }
        // Quality runs (`dcl quality run`, imports, typed-in results): one summary row per run and
        // one row per result with the run members of its event (threshold, rows, fingerprint).
        // Those members are in the events already, so the fold state is emptied and the next read
        // rebuilds every read model, these two included.
        migrator.registerMigration("v9-quality-runs") { db in
            try db.execute(sql: emptyDerivedReadModelsOfV6 + "\nDELETE FROM policy_compliance;\nDELETE FROM notifications;")
            try db.execute(sql: """
                CREATE TABLE quality_runs (
                    contract_id      TEXT    NOT NULL,
                    run_id           TEXT    NOT NULL,
                    origin           TEXT    NOT NULL,
                    contract_version TEXT,
                    started_at       TEXT    NOT NULL,
                    recorded_at      TEXT    NOT NULL,
                    first_position   INTEGER NOT NULL,
                    last_position    INTEGER NOT NULL CHECK (last_position >= first_position),
                    checks           INTEGER NOT NULL CHECK (checks > 0),
                    passed           INTEGER NOT NULL CHECK (passed >= 0),
                    failed           INTEGER NOT NULL CHECK (failed >= 0 AND passed + failed = checks),
                    rows_scanned     INTEGER,
                    fingerprint      TEXT,
                    PRIMARY KEY (contract_id, run_id)
                );
                CREATE INDEX quality_runs_by_contract ON quality_runs (contract_id, last_position);
                CREATE TABLE quality_run_results (
                    position     INTEGER PRIMARY KEY,
                    contract_id  TEXT    NOT NULL,
                    run_id       TEXT    NOT NULL,
                    rule         TEXT    NOT NULL,
                    passed       INTEGER NOT NULL CHECK (passed IN (0, 1)),
                    value        TEXT,
                    threshold    TEXT,
                    rows_scanned INTEGER,
                    fingerprint  TEXT,
                    recorded_at  TEXT    NOT NULL
                );
                CREATE INDEX quality_run_results_by_run ON quality_run_results (contract_id, run_id, position);
                """)
        }
        // The catalog's text search through a trigram index (FTS5) over the columns it searches,
        // kept by triggers in the same transaction as the catalog row, so a search reads the rows
        // it may match instead of every product (`ReadModelStore.catalogWhere`). The index reads
        // its text from `data_product_contracts` by rowid (external content): nothing here
        // VACUUMs the store, which could renumber those rowids ('rebuild' would then restore it).
        // Built from the rows already there, so no fold state is emptied.
        migrator.registerMigration("v10-catalog-trigram-search") { db in
            try db.execute(sql: """
                CREATE VIRTUAL TABLE catalog_search USING fts5(
                    contract_id, product_name, name, description, tags,
                    content = 'data_product_contracts', content_rowid = 'rowid', tokenize = 'trigram');
                CREATE TRIGGER catalog_search_insert AFTER INSERT ON data_product_contracts BEGIN
                    INSERT INTO catalog_search (rowid, contract_id, product_name, name, description, tags)
                    VALUES (new.rowid, new.contract_id, new.product_name, new.name, new.description, new.tags);
                END;
                CREATE TRIGGER catalog_search_delete AFTER DELETE ON data_product_contracts BEGIN
                    INSERT INTO catalog_search (catalog_search, rowid, contract_id, product_name, name, description, tags)
                    VALUES ('delete', old.rowid, old.contract_id, old.product_name, old.name, old.description, old.tags);
                END;
                CREATE TRIGGER catalog_search_update AFTER UPDATE ON data_product_contracts BEGIN
                    INSERT INTO catalog_search (catalog_search, rowid, contract_id, product_name, name, description, tags)
                    VALUES ('delete', old.rowid, old.contract_id, old.product_name, old.name, old.description, old.tags);
                    INSERT INTO catalog_search (rowid, contract_id, product_name, name, description, tags)
                    VALUES (new.rowid, new.contract_id, new.product_name, new.name, new.description, new.tags);
                END;
                INSERT INTO catalog_search (catalog_search) VALUES ('rebuild');
                """)
        }
        // Several projectors may fold one partitioned log (Kafka) into one store, each owning some
        // partitions (`ReadModelStoring`, "Commits"). What a batch records of itself besides its read
        // models (position, latest record time, event, quarantined and accepted counts, rate) then
        // goes to a partition row of its own, so members never write one shared row per batch;
        // readers aggregate the rows (highest position, latest time, sums). The embedded log keeps
        // them in `fold_checkpoint` and `projector_positions` as before (these columns stay NULL or 0
        // there). `position_counter` hands out the positions a partitioned log's events are numbered
        // with (`reservePositions`), starting past every position the store already holds. Nothing
        // derived changes, so no read model is emptied.
        migrator.registerMigration("v11-partition-checkpoints-and-position-counter") { db in
            try db.execute(sql: """
                ALTER TABLE log_cursor ADD COLUMN position INTEGER CHECK (position IS NULL OR position >= 0);
                ALTER TABLE log_cursor ADD COLUMN last_recorded_at TEXT;
                ALTER TABLE log_cursor ADD COLUMN events INTEGER NOT NULL DEFAULT 0 CHECK (events >= 0);
                ALTER TABLE log_cursor ADD COLUMN quarantined INTEGER NOT NULL DEFAULT 0 CHECK (quarantined >= 0);
                ALTER TABLE log_cursor ADD COLUMN accepted INTEGER NOT NULL DEFAULT 0 CHECK (accepted >= 0);
                ALTER TABLE log_cursor ADD COLUMN rate REAL;
                CREATE TABLE position_counter (
                    id   INTEGER PRIMARY KEY CHECK (id = 1),
                    last INTEGER NOT NULL CHECK (last >= 0)
                );
                INSERT INTO position_counter (id, last) VALUES (1, max(
                    COALESCE((SELECT position FROM fold_checkpoint WHERE id = 1), 0),
                    COALESCE((SELECT MAX(position) FROM audit_timeline), 0),
                    COALESCE((SELECT MAX(position) FROM quarantine), 0)));
                """)
        }
        // Publishing by contract partition (`ReadModelStoring`, "Publishing"): projectors of one group
        // commit out of position order, so a sink's single position mark could pass over rows another
        // member committed later with lower positions. Each commit now takes the next number of
        // `commit_counter` and records the contracts it changed (`contract_changes`) and its
        // notifications with their partition and that number; a sink keeps one mark per partition
        // (`publication_marks`, replacing `notification_deliveries`). The partitions are not in the
        // stored rows, so the fold state is emptied and the next read rebuilds everything; sinks then
        // publish everything again, which their topics take as repeats (a changelog value is the
        // current one, a notification carries its event id).
        migrator.registerMigration("v12-publishing-by-contract-partition") { db in
            try db.execute(sql: emptyDerivedReadModelsOfV6 + """

                DELETE FROM policy_compliance;
                DELETE FROM notifications;
                DELETE FROM quality_runs;
                DELETE FROM quality_run_results;
                DROP TABLE notification_deliveries;
                ALTER TABLE notifications ADD COLUMN partition INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE notifications ADD COLUMN commit_number INTEGER NOT NULL DEFAULT 0 CHECK (commit_number >= 0);
                CREATE INDEX notifications_by_publication ON notifications (partition, commit_number, position);
                CREATE TABLE commit_counter (
                    id   INTEGER PRIMARY KEY CHECK (id = 1),
                    last INTEGER NOT NULL CHECK (last >= 0)
                );
                INSERT INTO commit_counter (id, last) VALUES (1, 0);
                CREATE TABLE contract_changes (
                    contract_id   TEXT    PRIMARY KEY,
                    partition     INTEGER NOT NULL,
                    commit_number INTEGER NOT NULL CHECK (commit_number > 0)
                ) WITHOUT ROWID;
                CREATE INDEX contract_changes_by_publication ON contract_changes (partition, commit_number);
                CREATE TABLE publication_marks (
                    sink           TEXT    NOT NULL,
                    partition      INTEGER NOT NULL,
                    through_commit INTEGER NOT NULL CHECK (through_commit >= 0),
                    PRIMARY KEY (sink, partition)
                ) WITHOUT ROWID;
                """)
        }
        // A quality result that names no run (typed in with `dcl quality record`) is a run of its own.
        // Its timeline row already holds all of that run but four fields, so those go on the row
        // (`lone_*`, set only for such results) and the result gets no `quality_runs` or
        // `quality_run_results` row: two rows and three index entries fewer per typed-in result.
        // Queries read such runs from the timeline (`lone_runs_by_contract`). The rows kept so far
        // move over; nothing is emptied. A run of one result named by that result's own event id
        // is exactly what such a result made.
        migrator.registerMigration("v13-results-without-a-run-on-their-timeline-row") { db in
            try db.execute(sql: """
                ALTER TABLE audit_timeline ADD COLUMN lone_origin TEXT CHECK (lone_origin IS NULL OR rule IS NOT NULL);
                ALTER TABLE audit_timeline ADD COLUMN lone_threshold TEXT;
                ALTER TABLE audit_timeline ADD COLUMN lone_rows_scanned INTEGER;
                ALTER TABLE audit_timeline ADD COLUMN lone_fingerprint TEXT;
                UPDATE audit_timeline SET lone_origin = q.origin, lone_threshold = r.threshold,
                    lone_rows_scanned = r.rows_scanned, lone_fingerprint = r.fingerprint
                FROM quality_runs q JOIN quality_run_results r ON r.contract_id = q.contract_id AND r.run_id = q.run_id
                WHERE q.checks = 1 AND q.run_id = audit_timeline.event_id AND r.position = audit_timeline.position
                    AND audit_timeline.rule IS NOT NULL;
                DELETE FROM quality_run_results WHERE position IN (SELECT position FROM audit_timeline WHERE lone_origin IS NOT NULL);
                DELETE FROM quality_runs WHERE checks = 1
                    AND first_position IN (SELECT position FROM audit_timeline WHERE lone_origin IS NOT NULL);
                CREATE INDEX lone_runs_by_contract ON audit_timeline (contract_id, position) WHERE lone_origin IS NOT NULL;
                """)
        }
        // The dashboard's order, so that one page of it (`qualityDashboardPage`) reads the page's
        // products instead of sorting every product first.
        migrator.registerMigration("v14-dashboard-order") { db in
            try db.execute(sql: "CREATE INDEX contracts_in_dashboard_order ON data_product_contracts (domain, product_name, contract_id)")
        }
        // The text search of a catalog as of a past position (`ReadModelView.catalog`) through a
        // trigram index over every history row's searched text, kept by triggers in the catalog
        // row's transaction like `catalog_search`: such a search then reads the rows it may match
        // instead of every product's row valid at the position. The index keeps its own copy of
        // the text (a history row's text sits inside its `entry` JSON) and names rows by rowid,
        // which nothing here renumbers (a VACUUM could; dropping and re-running this migration
        // would rebuild it). Built from the rows already there: no fold state is emptied.
        migrator.registerMigration("v15-catalog-history-trigram-search") { db in
            try db.execute(sql: """
                CREATE VIRTUAL TABLE catalog_history_search USING fts5(
                    contract_id, product_name, name, description, tags, tokenize = 'trigram');
                CREATE TRIGGER catalog_history_search_insert AFTER INSERT ON catalog_history BEGIN
                    INSERT INTO catalog_history_search (rowid, contract_id, product_name, name, description, tags)
                    VALUES (new.rowid, new.contract_id, json_extract(new.entry, '$.product'), json_extract(new.entry, '$.name'),
                            json_extract(new.entry, '$.description'), json_extract(new.entry, '$.tags'));
                END;
                CREATE TRIGGER catalog_history_search_delete AFTER DELETE ON catalog_history BEGIN
                    DELETE FROM catalog_history_search WHERE rowid = old.rowid;
                END;
                CREATE TRIGGER catalog_history_search_update AFTER UPDATE OF contract_id, entry ON catalog_history BEGIN
                    DELETE FROM catalog_history_search WHERE rowid = old.rowid;
                    INSERT INTO catalog_history_search (rowid, contract_id, product_name, name, description, tags)
                    VALUES (new.rowid, new.contract_id, json_extract(new.entry, '$.product'), json_extract(new.entry, '$.name'),
                            json_extract(new.entry, '$.description'), json_extract(new.entry, '$.tags'));
                END;
                INSERT INTO catalog_history_search (rowid, contract_id, product_name, name, description, tags)
                    SELECT rowid, contract_id, json_extract(entry, '$.product'), json_extract(entry, '$.name'),
                           json_extract(entry, '$.description'), json_extract(entry, '$.tags')
                    FROM catalog_history;
                """)
        }
        // SQLite (3.40) checks `x IN (a, b, c)` of three or more constants by filling a temporary
        // B-tree with them and looking x up. In a CHECK that runs for every row inserted, so each
        // timeline row cleared a page, inserted three keys and searched them: a quarter of the
        // CPU SQLite spent writing a rebuild's timeline. The same rule as equality tests costs
        // a few comparisons. A CHECK cannot be changed in place: the table is made again, its rows
        // copied as they are (nothing derived is lost), and its indexes and view made again.
        migrator.registerMigration("v16-timeline-outcome-checked-by-comparison") { db in
            try db.execute(sql: """
                DROP VIEW data_quality_checks;
                \(Self.timelineTableOfV16(named: "audit_timeline_v16"));
                INSERT INTO audit_timeline_v16 SELECT * FROM audit_timeline;
                DROP TABLE audit_timeline;
                ALTER TABLE audit_timeline_v16 RENAME TO audit_timeline;
                CREATE INDEX timeline_by_contract ON audit_timeline (contract_id, position);
                CREATE INDEX checks_by_contract ON audit_timeline (contract_id, position) WHERE rule IS NOT NULL;
                CREATE INDEX lone_runs_by_contract ON audit_timeline (contract_id, position) WHERE lone_origin IS NOT NULL;
                \(Self.dataQualityChecksView);
                """)
        }
        // A contract's quality results are found through `timeline_by_contract` and their own
        // `rule` column: its other rows are its few lifecycle events, so a walk by contract skips
        // almost nothing. The partial index that held the results alone ordered nearly the same
        // rows again, and a bulk load built it from one more scan of the whole timeline.
        migrator.registerMigration("v17-quality-results-by-timeline-index") { db in
            try db.execute(sql: "DROP INDEX IF EXISTS checks_by_contract")
        }
        // Nearly every timeline row of a busy ledger is a quality result, and several of its texts
        // repeat what its other columns say: its stream (`quality/` and its contract id), its type
        // and outcome (an accepted result: `rule` is set), its check time (`checked_at_ms` written
        // out), its occurrence time when it is its record time, and, for a result that is a run
        // of its own, its sentence (rule, outcome, value, threshold, time). The rows keep them NULL
        // there (`audit_timeline_rows`); the view `audit_timeline`, in the table's place, writes
        // them out as they were, so every query and the export read what they read before. A
        // rebuild then writes, and the timeline's index build then scans, about a third fewer bytes.
        // Generated columns cannot do it: SQLite computes them on every insert into a table with
        // CHECKs. The rows are copied as they are (their texts stay); only new rows leave them out.
        // `lone_runs_by_contract` is not made again: a contract's results without a run are found
        // through `timeline_by_contract` and their `lone_origin`, the walk bounded by the page of
        // runs asked for (`ReadModelStore.loneRuns`). Where most results are typed in, that
        // partial index ordered nearly every timeline row again, and a bulk load built it from
        // one more scan of the whole timeline (as `checks_by_contract` before v17).
        migrator.registerMigration("v18-timeline-derives-repeated-texts") { db in
            try db.execute(sql: """
                DROP VIEW data_quality_checks;
                CREATE TABLE audit_timeline_rows (
                    position               INTEGER PRIMARY KEY,
                    event_id               TEXT    NOT NULL,
                    contract_id            TEXT,
                    -- NULL: the contract's quality stream.
                    stream                 TEXT,
                    sequence               INTEGER NOT NULL,
                    -- NULL: an accepted quality result (`QualityCheckRecorded`).
                    type                   TEXT,
                    schema_version         INTEGER NOT NULL,
                    version                TEXT,
                    actor                  TEXT    NOT NULL,
                    -- NULL: the same as `recorded_at` (a writer stamps most events once for both).
                    occurred_at            TEXT,
                    recorded_at            TEXT    NOT NULL,
                    -- NULL: a quality result that is a run of its own (the view writes its sentence).
                    summary                TEXT,
                    changes                TEXT,
                    -- NULL: an accepted quality result.
                    outcome                TEXT    CHECK (outcome = 'accepted' OR outcome = 'rejected' OR outcome = 'quarantined'),
                    reason                 TEXT,
                    hash                   TEXT    NOT NULL,
                    rule                   TEXT,
                    passed                 INTEGER CHECK (passed IN (0, 1)),
                    value                  TEXT,
                    -- NULL on a quality result: `checked_at_ms` as ISO 8601 (years 1970 to 9999).
                    checked_at             TEXT,
                    checked_at_ms          INTEGER,
                    lag_ms                 INTEGER,
                    total_so_far           INTEGER,
                    passed_so_far          INTEGER,
                    on_time_so_far         INTEGER,
                    last_checked_ms_so_far INTEGER,
                    lone_origin            TEXT CHECK (lone_origin IS NULL OR rule IS NOT NULL),
                    lone_threshold         TEXT,
                    lone_rows_scanned      INTEGER,
                    lone_fingerprint       TEXT,
                    CHECK ((rule IS NULL) = (passed IS NULL) AND (rule IS NULL) = (checked_at_ms IS NULL)
                           AND (rule IS NULL) = (lag_ms IS NULL) AND (checked_at IS NULL OR rule IS NOT NULL)),
                    CHECK (rule IS NULL OR ((outcome IS NULL OR outcome = 'accepted') AND contract_id IS NOT NULL)),
                    CHECK ((type IS NOT NULL AND outcome IS NOT NULL) OR rule IS NOT NULL),
                    CHECK (stream IS NOT NULL OR contract_id IS NOT NULL),
                    CHECK (summary IS NOT NULL OR lone_origin IS NOT NULL),
                    CHECK (checked_at IS NOT NULL OR rule IS NULL OR checked_at_ms BETWEEN 0 AND 253402300799999)
                );
                INSERT INTO audit_timeline_rows SELECT * FROM audit_timeline;
                DROP TABLE audit_timeline;
                CREATE INDEX timeline_by_contract ON audit_timeline_rows (contract_id, position);
                \(Self.timelineView);
                \(Self.dataQualityChecksView);
                """)
        }
        return migrator
    }

    /// Empties every table the projector derives from the log, as the schema stood after v6: a migration that
    /// needs the fold state rebuilt runs it first, and the next read folds the whole log again. Tables made
    /// later are emptied by the migrations that need it, after this.
    private static let emptyDerivedReadModelsOfV6 = """
        DELETE FROM fold_checkpoint;
        DELETE FROM projector_positions;
        DELETE FROM contract_fields;
        DELETE FROM contract_versions;
        DELETE FROM data_product_contracts;
        DELETE FROM quarantine;
        DELETE FROM fold_contracts;
        DELETE FROM contract_quality;
        DELETE FROM fold_streams;
        DELETE FROM audit_timeline;
        DELETE FROM catalog_history;
        DELETE FROM log_cursor;
        DELETE FROM store_ledger;
        """
}

extension ReadModelStore {
    /// The timeline as every query reads it (v18): `audit_timeline_rows` with the texts its rows
    /// leave out written back, as `ProjectionFold` and `EventSummary.qualityText` make them.
    /// `checked_at` is `Timestamp.iso8601` of `checked_at_ms`, from integer parts (no rounding).
    /// A simple view: SQLite reads it as the table, through the table's indexes.
    static let timelineView = """
        CREATE VIEW audit_timeline AS
            SELECT position, event_id, contract_id, coalesce(stream, 'quality/' || contract_id) AS stream, sequence,
                   coalesce(type, 'QualityCheckRecorded') AS type, schema_version, version, actor,
                   coalesce(occurred_at, recorded_at) AS occurred_at, recorded_at,
                   coalesce(summary, 'quality ' || rule || CASE WHEN passed THEN ' passed' ELSE ' FAILED' END
                                     || coalesce(' value ' || value, '') || coalesce(' (' || lone_threshold || ')', '')
                                     || ' observed ' || coalesce(checked_at, \(checkedAtText))) AS summary,
                   changes, coalesce(outcome, 'accepted') AS outcome, reason, hash, rule, passed, value,
                   coalesce(checked_at, \(checkedAtText)) AS checked_at,
                   checked_at_ms, lag_ms, total_so_far, passed_so_far, on_time_so_far, last_checked_ms_so_far,
                   lone_origin, lone_threshold, lone_rows_scanned, lone_fingerprint
            FROM audit_timeline_rows
        """

    /// `checked_at_ms` (0 to 253402300799999) as `Timestamp.iso8601` writes it.
    private static let checkedAtText =
        "strftime('%Y-%m-%dT%H:%M:%S', checked_at_ms / 1000, 'unixepoch') || printf('.%03dZ', checked_at_ms % 1000)"

    /// The latest checked time the timeline leaves to its view (`Timestamp.iso8601` has four year digits).
    static let latestDerivedCheckTime: Int64 = 253_402_300_799_999
}

extension ReadModelStore {
    /// The timeline's table as v16 made it (and v17 left it), named `name`: v16 copies the
    /// timeline into it, and tests make a store of those releases with it.
    static func timelineTableOfV16(named name: String) -> String {
        """
        CREATE TABLE \(name) (
            position               INTEGER PRIMARY KEY,
            event_id               TEXT    NOT NULL,
            contract_id            TEXT,
            stream                 TEXT    NOT NULL,
            sequence               INTEGER NOT NULL,
            type                   TEXT    NOT NULL,
            schema_version         INTEGER NOT NULL,
            version                TEXT,
            actor                  TEXT    NOT NULL,
            occurred_at            TEXT    NOT NULL,
            recorded_at            TEXT    NOT NULL,
            summary                TEXT    NOT NULL,
            changes                TEXT,
            outcome                TEXT    NOT NULL
                                   CHECK (outcome = 'accepted' OR outcome = 'rejected' OR outcome = 'quarantined'),
            reason                 TEXT,
            hash                   TEXT    NOT NULL,
            -- An accepted quality result (a row of the seed's data_quality_checks) also has:
            rule                   TEXT,
            passed                 INTEGER CHECK (passed IN (0, 1)),
            value                  TEXT,
            checked_at             TEXT,
            checked_at_ms          INTEGER,
            lag_ms                 INTEGER,
            total_so_far           INTEGER,
            passed_so_far          INTEGER,
            on_time_so_far         INTEGER,
            last_checked_ms_so_far INTEGER,
            -- A result that named no run is a run of its own (v13):
            lone_origin            TEXT CHECK (lone_origin IS NULL OR rule IS NOT NULL),
            lone_threshold         TEXT,
            lone_rows_scanned      INTEGER,
            lone_fingerprint       TEXT,
            CHECK ((rule IS NULL) = (passed IS NULL) AND (rule IS NULL) = (checked_at_ms IS NULL)
                   AND (rule IS NULL) = (checked_at IS NULL) AND (rule IS NULL) = (lag_ms IS NULL)),
            CHECK (rule IS NULL OR (outcome = 'accepted' AND contract_id IS NOT NULL))
        )
        """
    }
}

extension ReadModelStore {
    /// The seed's `data_quality_checks` over the timeline, as v3 made it: migrations that make the
    /// timeline again (v16, v18) make it again.
    static let dataQualityChecksView = """
        CREATE VIEW data_quality_checks AS
            SELECT event_id AS check_id, position, contract_id, rule, passed, value, checked_at, checked_at_ms,
                   recorded_at, lag_ms, version AS contract_version
            FROM audit_timeline WHERE rule IS NOT NULL
        """
}
