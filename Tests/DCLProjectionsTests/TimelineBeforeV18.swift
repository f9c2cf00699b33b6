import GRDB

/// Turns a store's timeline back into the table v16 and v17 left (every text stored, no view in
/// its place, the index of results without a run), so that a test can make a store of an older
/// release from one the current code projected, and then open it to migrate. The rows are copied from the view: what a store of
/// that release would hold for the same events.
enum TimelineBeforeV18 {
    static func restore(_ db: Database) throws {
        try db.execute(sql: """
            DROP VIEW data_quality_checks;
            CREATE TABLE audit_timeline_v17 (
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
                lone_origin            TEXT CHECK (lone_origin IS NULL OR rule IS NOT NULL),
                lone_threshold         TEXT,
                lone_rows_scanned      INTEGER,
                lone_fingerprint       TEXT,
                CHECK ((rule IS NULL) = (passed IS NULL) AND (rule IS NULL) = (checked_at_ms IS NULL)
                       AND (rule IS NULL) = (checked_at IS NULL) AND (rule IS NULL) = (lag_ms IS NULL)),
                CHECK (rule IS NULL OR (outcome = 'accepted' AND contract_id IS NOT NULL))
            );
            INSERT INTO audit_timeline_v17 SELECT * FROM audit_timeline;
            DROP VIEW audit_timeline;
            DROP TABLE audit_timeline_rows;
            ALTER TABLE audit_timeline_v17 RENAME TO audit_timeline;
            CREATE INDEX timeline_by_contract ON audit_timeline (contract_id, position);
            CREATE INDEX lone_runs_by_contract ON audit_timeline (contract_id, position) WHERE lone_origin IS NOT NULL;
            CREATE VIEW data_quality_checks AS
                SELECT event_id AS check_id, position, contract_id, rule, passed, value, checked_at, checked_at_ms,
                       recorded_at, lag_ms, version AS contract_version
                FROM audit_timeline WHERE rule IS NOT NULL;
            DELETE FROM grdb_migrations WHERE identifier = 'v18-timeline-derives-repeated-texts';
            """)
    }
}
