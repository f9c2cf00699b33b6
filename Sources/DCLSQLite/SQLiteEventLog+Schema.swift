import Foundation
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
        // The ledger's identity (`LedgerIdentity`), made once. A ledger that already has events
        // takes its first event's id, which is random and immutable too, so a reader that cannot
        // migrate an older file (read-only media) derives the same identity from it.
        migrator.registerMigration("v2-ledger-identity") { db in
            try db.execute(sql: """
                CREATE TABLE ledger_identity (
                    id         INTEGER PRIMARY KEY CHECK (id = 1),
                    ledger_id  TEXT    NOT NULL CHECK (length(ledger_id) > 0)
                );
                CREATE TRIGGER ledger_identity_is_fixed_update BEFORE UPDATE ON ledger_identity
                BEGIN SELECT RAISE(ABORT, 'a ledger keeps its identity'); END;
                CREATE TRIGGER ledger_identity_is_fixed_delete BEFORE DELETE ON ledger_identity
                BEGIN SELECT RAISE(ABORT, 'a ledger keeps its identity'); END;
                """)
            let first = try String.fetchOne(db, sql: "SELECT event_id FROM events ORDER BY position LIMIT 1")
            try db.execute(sql: "INSERT INTO ledger_identity (id, ledger_id) VALUES (1, ?)",
                           arguments: [first ?? UUID().uuidString.lowercased()])
        }
        return migrator
    }

    /// The stored identity, or (for a file no writer has migrated yet) the one its migration
    /// would store; nil for an empty ledger without the table.
    static func identity(_ db: Database) throws -> String? {
        if try db.tableExists("ledger_identity"), let stored = try String.fetchOne(db, sql: "SELECT ledger_id FROM ledger_identity WHERE id = 1") {
            return stored
        }
        return try String.fetchOne(db, sql: "SELECT event_id FROM events ORDER BY position LIMIT 1")
    }
}
