@testable import DCLProjections
import GRDB

/// Turns a store's timeline back into the table v16 and v17 left (every text stored, no view in
/// its place, the index of results without a run), so that a test can make a store of an older
/// release from one the current code projected, and then open it to migrate. The rows are
/// copied from the view: what a store of that release would hold for the same events.
enum TimelineBeforeV18 {
    static func restore(_ db: Database) throws {
        try db.execute(sql: """
            DROP VIEW data_quality_checks;
            \(ReadModelStore.timelineTableOfV16(named: "audit_timeline_v17"));
            INSERT INTO audit_timeline_v17 SELECT * FROM audit_timeline;
            DROP VIEW audit_timeline;
            DROP TABLE audit_timeline_rows;
            ALTER TABLE audit_timeline_v17 RENAME TO audit_timeline;
            CREATE INDEX timeline_by_contract ON audit_timeline (contract_id, position);
            CREATE INDEX lone_runs_by_contract ON audit_timeline (contract_id, position) WHERE lone_origin IS NOT NULL;
            \(ReadModelStore.dataQualityChecksView);
            DELETE FROM grdb_migrations WHERE identifier = 'v18-timeline-derives-repeated-texts';
            """)
    }
}
