import DCLApplication
import DCLDomain
import Foundation
import GRDB

/// What sinks publish (the changelog topics, notifications), per contract partition: see
/// `ReadModelStoring`, "Publishing".
extension ReadModelStore {
    /// Takes the next commit number and records, under it, the contracts with events in the
    /// batch (each in its partition). Called inside the batch's commit, so the numbers follow
    /// the order in which commits become visible (the SQLite writer is one at a time).
    static func recordPublication(of batch: ProjectionBatch, contracts: Set<String>, db: Database) throws -> Int64 {
        try db.execute(sql: "UPDATE commit_counter SET last = last + 1 WHERE id = 1")
        let commit = try Int64.fetchOne(db, sql: "SELECT last FROM commit_counter WHERE id = 1") ?? 0
        let change = try RowWriter(db, sql: """
            INSERT INTO contract_changes (contract_id, partition, commit_number) VALUES (?, ?, ?)
            ON CONFLICT (contract_id) DO UPDATE SET partition = excluded.partition, commit_number = excluded.commit_number
            """)
        for contract in contracts.sorted() {
            change.bind(1, contract)
            change.bind(2, Int64(batch.contractPartitions.partition(contract)))
            change.bind(3, commit)
            try change.run()
        }
        return commit
    }

    /// `sink`'s mark in `partition`: every commit up to it is published there (0: none).
    static func publicationMark(sink: String, partition: Int32, db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT through_commit FROM publication_marks WHERE sink = ? AND partition = ?",
                           arguments: [sink, Int64(partition)]) ?? 0
    }

    /// The last commit of a run of whole commits after `mark` holding about `limit` rows of
    /// `table` in `partition` (at least the first commit's, however many), nil when none is left.
    static func publicationCut(_ table: String, partition: Int32, after mark: Int64, limit: Int, db: Database) throws -> Int64? {
        try Int64.fetchOne(db, sql: """
            SELECT MAX(commit_number) FROM (SELECT commit_number FROM \(table) WHERE partition = ? AND commit_number > ?
                                            ORDER BY commit_number LIMIT ?)
            """, arguments: [Int64(partition), mark, max(1, limit)])
    }

    /// The current read models of every contract of `partition` changed by a commit after
    /// `sink`'s mark there (whole commits, about `limit` contracts), and the commit they reach;
    /// nil when the sink is up to date in that partition. A retired contract comes without a
    /// catalog entry (a tombstone).
    public func unpublishedChanges(sink: String, partition: Int32, limit: Int) async throws -> (changes: [ChangelogEntry], through: Int64)? {
        try await pool.read { db in
            let mark = try Self.publicationMark(sink: sink, partition: partition, db: db)
            guard let through = try Self.publicationCut("contract_changes", partition: partition, after: mark, limit: limit, db: db) else {
                return nil
            }
            let rows = try Row.fetchAll(db, sql: """
                SELECT dp.entry, dp.contract_id, dp.status, dp.freshness_sla, dp.freshness_seconds,
                       COALESCE(cq.total_checks, 0) AS total_checks, COALESCE(cq.passed_checks, 0) AS passed_checks,
                       COALESCE(cq.on_time_checks, 0) AS on_time, cq.last_checked_at
                FROM contract_changes cc
                JOIN data_product_contracts dp ON dp.contract_id = cc.contract_id
                LEFT JOIN contract_quality cq ON cq.contract_id = cc.contract_id
                WHERE cc.partition = ? AND cc.commit_number > ? AND cc.commit_number <= ?
                ORDER BY dp.contract_id
                """, arguments: [Int64(partition), mark, through])
            let decoder = JSONDecoder()
            let changes = try rows.map { row in
                ReadModelRows.changelogEntry(try Self.catalogEntry(row, decoder: decoder), status: row["status"],
                                             totalChecks: row["total_checks"], passedChecks: row["passed_checks"], onTimeChecks: row["on_time"],
                                             lastChecked: row["last_checked_at"], freshnessSla: row["freshness_sla"],
                                             freshnessSeconds: row["freshness_seconds"])
            }
            return (changes, through)
        }
    }

    /// Records that `sink` published every change of `partition` up to commit `through`.
    public func markChangesPublished(sink: String, partition: Int32, through commit: Int64) async throws {
        try await movePublicationMark(sink: sink, partition: partition, to: commit)
    }

    /// The notifications of `partition` made by commits after `sink`'s mark there, in log order
    /// (whole commits, about `limit` notifications), and the commit they reach; nil when the sink
    /// has had them all.
    public func undeliveredNotifications(sink: String, partition: Int32, limit: Int)
        async throws -> (notifications: [GovernanceNotification], through: Int64)? {
        try await pool.read { db in
            let mark = try Self.publicationMark(sink: sink, partition: partition, db: db)
            guard let through = try Self.publicationCut("notifications", partition: partition, after: mark, limit: limit, db: db) else {
                return nil
            }
            let notifications = try ReadModelStore.notifications(db, sql: """
                SELECT * FROM notifications WHERE partition = ? AND commit_number > ? AND commit_number <= ?
                ORDER BY commit_number, position
                """, arguments: [Int64(partition), mark, through])
            return (notifications, through)
        }
    }

    /// Records that `sink` acknowledged every notification of `partition` up to commit `through`.
    public func markNotificationsDelivered(sink: String, partition: Int32, through commit: Int64) async throws {
        try await movePublicationMark(sink: sink, partition: partition, to: commit)
    }

    /// A mark never moves back: a slower publisher of the partition (one that lost it in a
    /// rebalance) cannot undo a newer one's progress.
    private func movePublicationMark(sink: String, partition: Int32, to commit: Int64) async throws {
        try await pool.write { db in
            try db.execute(sql: """
                INSERT INTO publication_marks (sink, partition, through_commit) VALUES (?, ?, ?)
                ON CONFLICT (sink, partition) DO UPDATE SET through_commit = max(through_commit, excluded.through_commit)
                """, arguments: [sink, Int64(partition), commit])
        }
    }
}
