import DCLApplication
import DCLDomain
import DCLEventLog
import DCLProjections
import Foundation
import PostgresNIO

extension PostgresReadModelStore {
    /// Writes one batch atomically, with one statement per table (its rows as unnested arrays).
    /// Throws `.staleCheckpoint`, writing nothing, when the store has moved past the batch's start.
    ///
    /// - On a log with one global order (`fromCursor == nil`): the `fold_checkpoint` row is locked
    ///   and its position must be `fromPosition`; the batch's global fold state replaces the stored one.
    /// - On a partitioned log: only the batch's partitions' `log_cursor` rows are locked, and each
    ///   must still be where the batch was folded from (absent counts as 0). The global fold state
    ///   is merged (`Ledger.applyAccepted` on the stored one, under `FOR UPDATE`) only when the batch
    ///   has global events; position, record time and counts go to the row of the first partition
    ///   the batch moved, and are added up on read. Members owning other partitions never wait for this commit.
    public func commit(_ batch: ProjectionBatch, rate: Double) async throws {
        let encoder = ReadModelRows.encoder()
        var global = batch.state
        global.contracts = [:]
        global.quality = [:]
        global.heads = [:]
        global.rejected = []
        let stateText = String(decoding: try encoder.encode(global), as: UTF8.self)
        let rows = try BatchRows(batch)
        try await transaction { connection in
            if let fromCursor = batch.fromCursor {
                try await guardPartitions(batch, from: fromCursor, on: connection)
                if !batch.acceptedGlobal.isEmpty { try await mergeGlobalState(batch.acceptedGlobal, on: connection) }
            } else {
                try await guardPosition(batch.fromPosition, on: connection)
                var statement = PostgresStatement("UPDATE fold_checkpoint SET position = ")
                statement.sql += statement.bind(batch.toPosition) + ", last_recorded_at = " + statement.bind(batch.lastRecordedAt?.iso8601)
                statement.sql += ", state = " + statement.bind(stateText) + ", last_hash = " + statement.bind(batch.lastHash) + " WHERE id = 1"
                try await execute(statement, on: connection)
            }
            try await writeContracts(rows, on: connection)
            try await writeQuality(rows, batch: batch, on: connection)
            try await writeTimeline(rows, on: connection)
            try await writeQualityRuns(batch.checks, on: connection)
            try await writeHistory(rows, on: connection)
            let published = batch.publishedContracts.map { $0.map(\.rawValue).sorted() } ?? rows.contractsWithEvents
            let commit = try await recordPublication(of: batch, contracts: published, on: connection)
            try await writeGovernance(batch, commit: commit, on: connection)
            try await writeProgress(batch, rate: rate, on: connection)
        }
    }

    /// The global-order guard: the checkpoint row (created empty the first time, so two first
    /// commits serialise on it) must be at `fromPosition`.
    private func guardPosition(_ fromPosition: Int64, on connection: PostgresConnection) async throws {
        try await connection.query("""
            INSERT INTO fold_checkpoint (id, position, state) VALUES (1, 0, \(Self.emptyStateText)) ON CONFLICT (id) DO NOTHING
            """, logger: logger)
        let current = try await rows("SELECT position FROM fold_checkpoint WHERE id = 1 FOR UPDATE", on: connection)
            .first.map { try $0["position"].decode(Int64.self) } ?? 0
        guard current == fromPosition else {
            throw ProjectionError(.staleCheckpoint, "the store is at position \(current), not \(fromPosition)")
        }
    }

    /// The per-partition guard: every partition the batch reads to must still be where the batch
    /// was folded from. Missing rows are created at 0 first, so a member creating a partition's
    /// row and another one checking it serialise on that row like on any other.
    private func guardPartitions(_ batch: ProjectionBatch, from fromCursor: LogCursor, on connection: PostgresConnection) async throws {
        let partitions = try Self.partitions(of: batch)
        var insert = PostgresStatement("INSERT INTO log_cursor (partition, next) SELECT p, 0 FROM unnest(")
        insert.sql += insert.bind(NullableArray(partitions)) + ") AS u(p) ON CONFLICT (partition) DO NOTHING"
        try await execute(insert, on: connection)
        var select = PostgresStatement("SELECT partition, next FROM log_cursor WHERE partition = ANY(")
        select.sql += select.bind(NullableArray(partitions)) + ") ORDER BY partition FOR UPDATE"
        for row in try await rows(select, on: connection) {
            let partition = try row["partition"].decode(String.self)
            let stored = try row["next"].decode(Int64.self)
            let expected = fromCursor.next[partition] ?? 0
            guard stored == expected else {
                throw ProjectionError(.staleCheckpoint, "partition \(partition) of the store is at \(stored), not \(expected)")
            }
        }
    }

    /// The partitions a partitioned batch reads to, sorted.
    static func partitions(of batch: ProjectionBatch) throws -> [String] {
        let partitions = (batch.cursor ?? batch.fromCursor ?? LogCursor()).next.keys.sorted()
        guard !partitions.isEmpty else {
            throw ProjectionError(.invalidArgument, "a batch of a partitioned log names none of its partitions")
        }
        return partitions
    }

    /// Applies the batch's accepted global events to the stored global fold state, under the
    /// row's lock: what other members merged meanwhile is kept (each rule reads only its own
    /// stream's part, so the order of merges does not matter, see `Ledger.applyAccepted`).
    private func mergeGlobalState(_ events: [RecordedEvent], on connection: PostgresConnection) async throws {
        var state = try await storedGlobalState(forShare: false, on: connection)
        for event in events { Ledger.applyAccepted(event, to: &state) }
        let merged = String(decoding: try ReadModelRows.encoder().encode(state), as: UTF8.self)
        try await connection.query("UPDATE fold_checkpoint SET state = \(merged) WHERE id = 1", logger: logger)
    }

    /// The stored global fold state, its row locked `FOR UPDATE` (to change it) or `FOR SHARE` (to
    /// judge by it). The row is created empty the first time, so even then two members serialise on it.
    func storedGlobalState(forShare: Bool, on connection: PostgresConnection) async throws -> LedgerState {
        try await connection.query("""
            INSERT INTO fold_checkpoint (id, position, state) VALUES (1, 0, \(Self.emptyStateText)) ON CONFLICT (id) DO NOTHING
            """, logger: logger)
        let lock = forShare ? "FOR SHARE" : "FOR UPDATE"
        guard let text = try await rows(PostgresStatement("SELECT state FROM fold_checkpoint WHERE id = 1 \(lock)"), on: connection).first?
            .text("state") else { return LedgerState() }
        return try JSONDecoder().decode(LedgerState.self, from: Data(text.utf8))
    }

    /// An empty fold state as the store keeps it.
    static var emptyStateText: String {
        String(decoding: (try? ReadModelRows.encoder().encode(LedgerState())) ?? Data("{}".utf8), as: UTF8.self)
    }

    /// Fold state, catalog rows, field index and versions of every contract whose lifecycle changed.
    private func writeContracts(_ rows: BatchRows, on connection: PostgresConnection) async throws {
        let texts = rows.contracts
        guard !texts.isEmpty else { return }
        var ids = NullableArray<String>(), states = NullableArray<String>()
        var domains = NullableArray<String>(), products = NullableArray<String>(), names = NullableArray<String>()
        var versions = NullableArray<String>(), owners = NullableArray<String>(), slaHours = NullableArray<Int64>()
        var freshness = NullableArray<String>(), freshnessSeconds = NullableArray<Int64>(), thresholds = NullableArray<String>()
        var schemaVersions = NullableArray<String>(), statuses = NullableArray<String>(), active = NullableArray<Bool>()
        var descriptions = NullableArray<String>(), tags = NullableArray<String>(), created = NullableArray<String>()
        var updated = NullableArray<String>(), entries = NullableArray<String>()
        var fieldIds = NullableArray<String>(), fieldPaths = NullableArray<String>(), fieldNames = NullableArray<String>()
        var versionIds = NullableArray<String>(), versionNames = NullableArray<String>(), majors = NullableArray<Int64>()
        var ordinals = NullableArray<Int64>(), sequences = NullableArray<Int64>(), recorded = NullableArray<String>()
        var actors = NullableArray<String>(), versionStatuses = NullableArray<String>(), bumps = NullableArray<String>()
        var versionEntries = NullableArray<String>()
        for text in texts {
            let entry = text.entry
            ids.append(entry.contractId)
            states.append(text.stateText)
            domains.append(entry.domain)
            products.append(entry.product)
            names.append(entry.name)
            versions.append(entry.version)
            owners.append(entry.owner)
            slaHours.append(Int64(entry.slaHours))
            freshness.append(entry.freshnessSla)
            freshnessSeconds.append(text.contract.latest.serviceLevel.freshness.seconds)
            thresholds.append(entry.qualityThreshold)
            schemaVersions.append(entry.schemaVersion)
            statuses.append(entry.status)
            active.append(entry.isActive)
            descriptions.append(entry.description)
            tags.append(text.tagsText)
            created.append(entry.createdAt)
            updated.append(entry.updatedAt)
            entries.append(text.entryText)
            for path in entry.fields {
                fieldIds.append(entry.contractId)
                fieldPaths.append(path)
                fieldNames.append(path.split(separator: ".").last.map(String.init) ?? path)
            }
            for (ordinal, (version, versionText)) in text.versions.enumerated() {
                versionIds.append(version.contractId)
                versionNames.append(version.version)
                majors.append(Int64(version.major))
                ordinals.append(Int64(ordinal))
                sequences.append(version.sequence)
                recorded.append(version.recordedAt)
                actors.append(version.actor)
                versionStatuses.append(version.status)
                bumps.append(version.bump)
                versionEntries.append(versionText)
            }
        }
        var state = PostgresStatement("INSERT INTO fold_contracts (contract_id, state) SELECT * FROM unnest(")
        state.sql += [state.bind(ids), state.bind(states)].joined(separator: ", ")
        state.sql += ") ON CONFLICT (contract_id) DO UPDATE SET state = excluded.state"
        try await execute(state, on: connection)

        var catalog = PostgresStatement("""
            INSERT INTO data_product_contracts (contract_id, domain, product_name, name, version, owner_email, sla_hours, freshness_sla,
                freshness_seconds, quality_threshold, schema_version, status, is_active, description, tags, created_at, updated_at, entry)
            SELECT * FROM unnest(
            """)
        catalog.sql += [catalog.bind(ids), catalog.bind(domains), catalog.bind(products), catalog.bind(names), catalog.bind(versions),
                        catalog.bind(owners), catalog.bind(slaHours), catalog.bind(freshness), catalog.bind(freshnessSeconds),
                        catalog.bind(thresholds), catalog.bind(schemaVersions), catalog.bind(statuses), catalog.bind(active),
                        catalog.bind(descriptions), catalog.bind(tags), catalog.bind(created), catalog.bind(updated),
                        catalog.bind(entries)].joined(separator: ", ")
        catalog.sql += """
            ) ON CONFLICT (contract_id) DO UPDATE SET domain = excluded.domain, product_name = excluded.product_name, name = excluded.name,
                version = excluded.version, owner_email = excluded.owner_email, sla_hours = excluded.sla_hours,
                freshness_sla = excluded.freshness_sla, freshness_seconds = excluded.freshness_seconds,
                quality_threshold = excluded.quality_threshold, schema_version = excluded.schema_version, status = excluded.status,
                is_active = excluded.is_active, description = excluded.description, tags = excluded.tags,
                created_at = excluded.created_at, updated_at = excluded.updated_at, entry = excluded.entry
            """
        try await execute(catalog, on: connection)

        var deleteFields = PostgresStatement("DELETE FROM contract_fields WHERE contract_id = ANY(")
        deleteFields.sql += deleteFields.bind(ids) + ")"
        try await execute(deleteFields, on: connection)
        if fieldIds.count > 0 {
            var fields = PostgresStatement("INSERT INTO contract_fields (contract_id, path, name) SELECT * FROM unnest(")
            fields.sql += [fields.bind(fieldIds), fields.bind(fieldPaths), fields.bind(fieldNames)].joined(separator: ", ") + ")"
            try await execute(fields, on: connection)
        }
        var deleteVersions = PostgresStatement("DELETE FROM contract_versions WHERE contract_id = ANY(")
        deleteVersions.sql += deleteVersions.bind(ids) + ")"
        try await execute(deleteVersions, on: connection)
        if versionIds.count > 0 {
            var insert = PostgresStatement("""
                INSERT INTO contract_versions (contract_id, version, major, ordinal, sequence, recorded_at, actor, status, bump, entry)
                SELECT * FROM unnest(
                """)
            insert.sql += [insert.bind(versionIds), insert.bind(versionNames), insert.bind(majors), insert.bind(ordinals),
                           insert.bind(sequences), insert.bind(recorded), insert.bind(actors), insert.bind(versionStatuses),
                           insert.bind(bumps), insert.bind(versionEntries)].joined(separator: ", ") + ")"
            try await execute(insert, on: connection)
        }
    }

    /// One quality row per contract with new results, and every other stream head that moved.
    private func writeQuality(_ rows: BatchRows, batch: ProjectionBatch, on connection: PostgresConnection) async throws {
        if rows.qualityIds.count > 0 {
            var quality = PostgresStatement("""
                INSERT INTO contract_quality (contract_id, total_checks, passed_checks, last_checked_at, summary, stream_head, stream_hash,
                    on_time_checks)
                SELECT * FROM unnest(
                """)
            quality.sql += [quality.bind(rows.qualityIds), quality.bind(rows.qualityTotals), quality.bind(rows.qualityPassed),
                            quality.bind(rows.qualityLastChecked), quality.bind(rows.qualitySummaries), quality.bind(rows.qualityHeads),
                            quality.bind(rows.qualityHashes), quality.bind(rows.qualityOnTime)].joined(separator: ", ")
            quality.sql += """
                ) ON CONFLICT (contract_id) DO UPDATE SET total_checks = excluded.total_checks, passed_checks = excluded.passed_checks,
                    last_checked_at = excluded.last_checked_at, summary = excluded.summary, stream_head = excluded.stream_head,
                    stream_hash = excluded.stream_hash, on_time_checks = excluded.on_time_checks
                """
            try await execute(quality, on: connection)
        }
        // Lifecycle, domain and governance streams (a quality stream's head went with its row above).
        let streams = batch.changedStreams.filter { $0.kind != .quality }.sorted { $0.description < $1.description }
        guard !streams.isEmpty else { return }
        var statement = PostgresStatement("INSERT INTO fold_streams (stream, head, hash) SELECT * FROM unnest(")
        statement.sql += [statement.bind(NullableArray(streams.map(\.description))),
                          statement.bind(NullableArray(streams.map { batch.state.head(of: $0) })),
                          statement.bind(NullableArray(streams.map { batch.state.heads[$0]?.hash }))].joined(separator: ", ")
        statement.sql += ") ON CONFLICT (stream) DO UPDATE SET head = excluded.head, hash = excluded.hash"
        try await execute(statement, on: connection)
    }

    /// One `audit_timeline` row per event, and the quarantined ones.
    private func writeTimeline(_ rows: BatchRows, on connection: PostgresConnection) async throws {
        let timeline = rows.timeline
        if timeline.positions.count > 0 {
            var statement = PostgresStatement("""
                INSERT INTO audit_timeline (position, event_id, contract_id, stream, sequence, type, schema_version, version, actor,
                    occurred_at, recorded_at, summary, changes, outcome, reason, hash,
                    rule, passed, value, checked_at, checked_at_ms, lag_ms,
                    total_so_far, passed_so_far, on_time_so_far, last_checked_ms_so_far)
                SELECT * FROM unnest(
                """)
            statement.sql += [
                statement.bind(timeline.positions), statement.bind(timeline.eventIds), statement.bind(timeline.contractIds),
                statement.bind(timeline.streams), statement.bind(timeline.sequences), statement.bind(timeline.types),
                statement.bind(timeline.schemaVersions), statement.bind(timeline.versions), statement.bind(timeline.actors),
                statement.bind(timeline.occurredAt), statement.bind(timeline.recordedAt), statement.bind(timeline.summaries),
                statement.bind(timeline.changes), statement.bind(timeline.outcomes), statement.bind(timeline.reasons),
                statement.bind(timeline.hashes), statement.bind(timeline.rules), statement.bind(timeline.passed),
                statement.bind(timeline.values), statement.bind(timeline.checkedAt), statement.bind(timeline.checkedAtMs),
                statement.bind(timeline.lagMs), statement.bind(timeline.totalSoFar), statement.bind(timeline.passedSoFar),
                statement.bind(timeline.onTimeSoFar), statement.bind(timeline.lastCheckedSoFar),
            ].joined(separator: ", ") + ")"
            try await execute(statement, on: connection)
        }
        if rows.quarantine.positions.count > 0 {
            var statement = PostgresStatement("INSERT INTO quarantine (position, event_id, type, reason) SELECT * FROM unnest(")
            statement.sql += [statement.bind(rows.quarantine.positions), statement.bind(rows.quarantine.eventIds),
                              statement.bind(rows.quarantine.types), statement.bind(rows.quarantine.reasons)].joined(separator: ", ") + ")"
            try await execute(statement, on: connection)
        }
    }

    /// Each lifecycle change closes its contract's current history row and opens the next: the
    /// stored current rows are closed at the batch's first change of their contract, and each
    /// new row is closed by the batch's next change of the same contract, if any.
    private func writeHistory(_ rows: BatchRows, on connection: PostgresConnection) async throws {
        let history = rows.history
        guard history.contractIds.count > 0 else { return }
        var close = PostgresStatement("""
            UPDATE catalog_history h SET valid_to = u.position FROM unnest(
            """)
        close.sql += close.bind(history.firstIds) + ", " + close.bind(history.firstPositions)
        close.sql += ") AS u(contract_id, position) WHERE h.contract_id = u.contract_id AND h.valid_to IS NULL"
        try await execute(close, on: connection)
        var open = PostgresStatement("""
            INSERT INTO catalog_history (contract_id, valid_from, valid_to, domain, owner_email, status, is_active, entry, state)
            SELECT * FROM unnest(
            """)
        open.sql += [open.bind(history.contractIds), open.bind(history.validFrom), open.bind(history.validTo), open.bind(history.domains),
                     open.bind(history.owners), open.bind(history.statuses), open.bind(history.active), open.bind(history.entries),
                     open.bind(history.states)].joined(separator: ", ") + ")"
        try await execute(open, on: connection)
    }

    /// Where the log is read up to, and the batch's position, record time and counts: in the
    /// checkpoint and projector rows on a log with one global order, in the batch's own
    /// partitions' rows on a partitioned log.
    private func writeProgress(_ batch: ProjectionBatch, rate: Double, on connection: PostgresConnection) async throws {
        if let cursor = batch.cursor, !cursor.next.isEmpty {
            let partitions = cursor.next.keys.sorted()
            var statement = PostgresStatement("INSERT INTO log_cursor (partition, next) SELECT * FROM unnest(")
            statement.sql += statement.bind(NullableArray(partitions)) + ", " + statement.bind(NullableArray(partitions.map { cursor.next[$0] ?? 0 }))
            statement.sql += ") ON CONFLICT (partition) DO UPDATE SET next = excluded.next"
            try await execute(statement, on: connection)
        }
        if let from = batch.fromCursor {
            // The first partition the batch moved (its events came from those), else its first.
            let partitions = try Self.partitions(of: batch)
            let anchor = partitions.first { batch.cursor?.next[$0] != (from.next[$0] ?? 0) } ?? partitions[0]
            var statement = PostgresStatement("UPDATE log_cursor SET position = GREATEST(position, ")
            statement.sql += statement.bind(batch.toPosition) + "), last_recorded_at = COALESCE("
            statement.sql += statement.bind(batch.lastRecordedAt?.iso8601) + ", last_recorded_at), events = events + "
            statement.sql += statement.bind(Int64(batch.eventCount)) + ", quarantined = quarantined + "
            statement.sql += statement.bind(Int64(batch.quarantined.count)) + ", accepted = accepted + "
            statement.sql += statement.bind(Int64(batch.acceptedCount)) + ", rate = " + statement.bind(rate)
            statement.sql += " WHERE partition = " + statement.bind(anchor)
            try await execute(statement, on: connection)
            return
        }
        var statement = PostgresStatement("""
            INSERT INTO projector_positions (projector, position, events, quarantined, rate)
            SELECT p, $1, $2, $3, $4 FROM unnest($5::text[]) AS u(p)
            ON CONFLICT (projector) DO UPDATE SET position = excluded.position, events = projector_positions.events + excluded.events,
                quarantined = projector_positions.quarantined + excluded.quarantined, rate = excluded.rate
            """)
        _ = statement.bind(batch.toPosition)
        _ = statement.bind(Int64(batch.eventCount))
        _ = statement.bind(Int64(batch.quarantined.count))
        _ = statement.bind(rate)
        _ = statement.bind(NullableArray(ReadModelStore.projectors))
        try await execute(statement, on: connection)
    }
}
