import DCLApplication
import DCLDomain
import DCLProjections
import Foundation
import PostgresNIO

/// What sinks publish (the changelog topics, notifications), per contract partition: see
/// `ReadModelStoring`, "Publishing". As the SQLite store does it.
extension PostgresReadModelStore {
    /// Takes a commit number and records, under it, the contracts with events in the batch (each
    /// in its partition). Called inside the commit after its guards: a partition's commits are one
    /// after the other, so a later one takes its number after the earlier one committed, and the
    /// numbers increase in commit order within the partition without members waiting for one
    /// another (a sequence is never rolled back or handed out twice).
    func recordPublication(of batch: ProjectionBatch, contracts: [String], on connection: PostgresConnection) async throws -> Int64 {
        guard let commit = try await rows("SELECT nextval('commit_numbers') AS commit", on: connection).first else {
            throw ProjectionError(.unavailable, "read-model store '\(location)': the commit_numbers sequence returned nothing")
        }
        let number = try commit.int64("commit")
        guard !contracts.isEmpty else { return number }
        var statement = PostgresStatement("INSERT INTO contract_changes (contract_id, partition, commit_number) SELECT *, ")
        statement.sql += statement.bind(number) + " FROM unnest("
        statement.sql += statement.bind(NullableArray(contracts)) + ", "
        statement.sql += statement.bind(NullableArray(contracts.map { Int64(batch.contractPartitions.partition($0)) }))
        statement.sql += ") ON CONFLICT (contract_id) DO UPDATE SET partition = excluded.partition, commit_number = excluded.commit_number"
        try await execute(statement, on: connection)
        return number
    }

    /// `sink`'s mark in `partition` (0: nothing published there).
    private func publicationMark(sink: String, partition: Int32, on connection: PostgresConnection) async throws -> Int64 {
        var statement = PostgresStatement("SELECT through_commit FROM publication_marks WHERE sink = ")
        statement.sql += statement.bind(sink) + " AND partition = " + statement.bind(Int64(partition))
        return try await rows(statement, on: connection).first?.int64("through_commit") ?? 0
    }

    /// The last commit of a run of whole commits after `mark` holding about `limit` rows of
    /// `table` in `partition` (at least the first commit's), nil when none is left.
    private func publicationCut(_ table: String, partition: Int32, after mark: Int64, limit: Int,
                                on connection: PostgresConnection) async throws -> Int64? {
        var statement = PostgresStatement("SELECT max(commit_number) AS cut FROM (SELECT commit_number FROM \(table) WHERE partition = ")
        statement.sql += statement.bind(Int64(partition)) + " AND commit_number > " + statement.bind(mark)
        statement.sql += " ORDER BY commit_number LIMIT " + statement.bind(Int64(max(1, limit))) + ") AS run"
        return try await rows(statement, on: connection).first?.int64OrNil("cut")
    }

    /// The current read models of every contract of `partition` changed by a commit after
    /// `sink`'s mark there (whole commits, about `limit` contracts), and the commit they reach;
    /// nil when up to date. A retired contract comes without a catalog entry (a tombstone).
    public func unpublishedChanges(sink: String, partition: Int32, limit: Int) async throws -> (changes: [ChangelogEntry], through: Int64)? {
        try await read { connection -> (changes: [ChangelogEntry], through: Int64)? in
            let mark = try await publicationMark(sink: sink, partition: partition, on: connection)
            guard let through = try await publicationCut("contract_changes", partition: partition, after: mark, limit: limit,
                                                         on: connection) else { return nil }
            var statement = PostgresStatement("""
                SELECT dp.entry, dp.contract_id, dp.status, dp.freshness_sla, dp.freshness_seconds,
                       COALESCE(cq.total_checks, 0) AS total_checks, COALESCE(cq.passed_checks, 0) AS passed_checks,
                       COALESCE(cq.on_time_checks, 0) AS on_time, cq.last_checked_at
                FROM contract_changes cc
                JOIN data_product_contracts dp ON dp.contract_id = cc.contract_id
                LEFT JOIN contract_quality cq ON cq.contract_id = cc.contract_id
                WHERE cc.partition =
                """)
            statement.sql += " " + statement.bind(Int64(partition)) + " AND cc.commit_number > " + statement.bind(mark)
            statement.sql += " AND cc.commit_number <= " + statement.bind(through) + " ORDER BY dp.contract_id"
            let decoder = JSONDecoder()
            let changes = try await rows(statement, on: connection).map { row in
                let total = try row.int64("total_checks")
                let lastChecked = try row.textOrNil("last_checked_at")
                let entry = try Self.catalogEntry(entry: row.text("entry"), total: total, passed: row.int64("passed_checks"),
                                                  lastChecked: lastChecked, decoder: decoder)
                return ReadModelRows.changelogEntry(entry, status: try row.text("status"), totalChecks: Int(total),
                                                    passedChecks: try row.int("passed_checks"), onTimeChecks: try row.int("on_time"),
                                                    lastChecked: lastChecked, freshnessSla: try row.text("freshness_sla"),
                                                    freshnessSeconds: try row.int64("freshness_seconds"))
            }
            return (changes, through)
        }
    }

    /// Records that `sink` published every change of `partition` up to commit `through`.
    public func markChangesPublished(sink: String, partition: Int32, through commit: Int64) async throws {
        try await movePublicationMark(sink: sink, partition: partition, to: commit)
    }

    /// The notifications of `partition` made by commits after `sink`'s mark there, in log order
    /// (whole commits, about `limit`), and the commit they reach; nil when the sink has them all.
    public func undeliveredNotifications(sink: String, partition: Int32, limit: Int)
        async throws -> (notifications: [GovernanceNotification], through: Int64)? {
        try await read { connection -> (notifications: [GovernanceNotification], through: Int64)? in
            let mark = try await publicationMark(sink: sink, partition: partition, on: connection)
            guard let through = try await publicationCut("notifications", partition: partition, after: mark, limit: limit,
                                                         on: connection) else { return nil }
            var statement = PostgresStatement("SELECT * FROM notifications WHERE partition = ")
            statement.sql += statement.bind(Int64(partition)) + " AND commit_number > " + statement.bind(mark)
            statement.sql += " AND commit_number <= " + statement.bind(through) + " ORDER BY commit_number, position"
            return (try await notifications(statement, on: connection), through)
        }
    }

    /// Records that `sink` acknowledged every notification of `partition` up to commit `through`.
    public func markNotificationsDelivered(sink: String, partition: Int32, through commit: Int64) async throws {
        try await movePublicationMark(sink: sink, partition: partition, to: commit)
    }

    /// A mark never moves back: a slower publisher of the partition (one that lost it in a
    /// rebalance) cannot undo a newer one's progress.
    private func movePublicationMark(sink: String, partition: Int32, to commit: Int64) async throws {
        try await transaction { connection in
            var statement = PostgresStatement("INSERT INTO publication_marks (sink, partition, through_commit) VALUES (")
            statement.sql += statement.bind(sink) + ", " + statement.bind(Int64(partition)) + ", " + statement.bind(commit)
            statement.sql += """
                ) ON CONFLICT (sink, partition) DO UPDATE
                SET through_commit = GREATEST(publication_marks.through_commit, excluded.through_commit)
                """
            try await execute(statement, on: connection)
        }
    }
}
