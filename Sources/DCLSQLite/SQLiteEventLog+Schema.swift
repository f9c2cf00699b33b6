import GRDB

extension SQLiteEventLog {
    /// Forward-only, named migrations. Never edit a shipped migration; add a new one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-append-only-events") { db in
            try db.execute(sql: """
                CREATE TABLE events (
                    position       INTEGER PRIMARY KEY AUTOINCREMENT,
                    event_id       TEXT    NOT NULL UNIQUE,
                    stream         TEXT    NOT NULL,
                    sequence       INTEGER NOT NULL CHECK (sequence >= 1),
                    contract_id    TEXT,
                    type           TEXT    NOT NULL,
                    schema_version INTEGER NOT NULL CHECK (schema_version >= 1),
                    occurred_at    TEXT    NOT NULL,
                    recorded_at    TEXT    NOT NULL,
                    actor          TEXT    NOT NULL,
                    payload        TEXT    NOT NULL,
                    previous_hash  TEXT    NOT NULL CHECK (length(previous_hash) = 64),
                    hash           TEXT    NOT NULL CHECK (length(hash) = 64),
                    UNIQUE (stream, sequence)
                );
                CREATE INDEX events_by_contract ON events (contract_id, position);
                CREATE TRIGGER events_are_append_only_update BEFORE UPDATE ON events
                BEGIN SELECT RAISE(ABORT, 'the ledger is append-only: events cannot be updated'); END;
                CREATE TRIGGER events_are_append_only_delete BEFORE DELETE ON events
                BEGIN SELECT RAISE(ABORT, 'the ledger is append-only: events cannot be deleted'); END;
                """)
        }
        return migrator
    }
}
