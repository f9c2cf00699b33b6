import DCLDomain
import DCLEventLog
import DCLProjections
import Foundation
import PostgresNIO

extension PostgresReadModelStore {
    /// The position, record time and global part of the fold state, without any contract or
    /// stream head: what a catch-up starts from. On a partitioned log the position is the
    /// highest any partition reached, the record time the latest, and the accepted count the
    /// stored one plus every partition's (see `commit(_:rate:)`); the cursor holds every partition.
    public func checkpointHeader() async throws -> ProjectionCheckpoint {
        try await read { connection in try await checkpointHeader(on: connection) }
    }

    func checkpointHeader(on connection: PostgresConnection) async throws -> ProjectionCheckpoint {
        var header = ProjectionCheckpoint(position: 0, lastRecordedAt: nil, state: LedgerState())
        if let row = try await rows("SELECT position, last_recorded_at, state FROM fold_checkpoint WHERE id = 1", on: connection).first {
            header.position = try row.int64("position")
            header.lastRecordedAt = try row.textOrNil("last_recorded_at").flatMap { Timestamp(iso8601: $0) }
            header.state = try JSONDecoder().decode(LedgerState.self, from: Data(try row.text("state").utf8))
        }
        var accepted: Int64 = 0
        for row in try await rows("SELECT partition, next, position, last_recorded_at, accepted FROM log_cursor", on: connection) {
            header.cursor.next[try row.text("partition")] = try row.int64("next")
            header.position = max(header.position, try row.int64("position"))
            if let recorded = try row.textOrNil("last_recorded_at").flatMap({ Timestamp(iso8601: $0) }),
               header.lastRecordedAt.map({ recorded > $0 }) ?? true {
                header.lastRecordedAt = recorded
            }
            accepted += try row.int64("accepted")
        }
        header.state.acceptedCount += Int(accepted)
        header.state.position = max(header.state.position, header.position)
        return header
    }

    /// The position and record time the read models stand at (on a partitioned log the highest
    /// and latest over the partitions), without decoding the fold state: the dashboard's "now".
    func standing(on connection: PostgresConnection) async throws -> (position: Int64, lastRecordedAt: Timestamp?) {
        var position: Int64 = 0
        var latest: Timestamp?
        for row in try await rows("""
            SELECT position, last_recorded_at FROM fold_checkpoint WHERE id = 1
            UNION ALL SELECT position, last_recorded_at FROM log_cursor WHERE events > 0
            """, on: connection) {
            position = max(position, try row.int64("position"))
            if let recorded = try row.textOrNil("last_recorded_at").flatMap({ Timestamp(iso8601: $0) }), latest.map({ recorded > $0 }) ?? true {
                latest = recorded
            }
        }
        return (position, latest)
    }

    /// Adds to the checkpoint the stored parts named by `parts`: each contract's fold state,
    /// quality totals and quality stream head, and the other streams' heads. Parts the store does
    /// not have are left out.
    public func loadParts(_ parts: FoldParts, into checkpoint: inout ProjectionCheckpoint) async throws {
        guard !parts.isEmpty else { return }
        let ids = NullableArray(parts.contracts.map(\.rawValue))
        let streams = NullableArray(parts.contracts.map { StreamID.lifecycle($0).description } + parts.streams.map(\.description))
        let loaded = try await read { connection -> (state: LedgerState, onTime: [ContractID: Int64]) in
            let decoder = JSONDecoder()
            var state = LedgerState()
            var onTime: [ContractID: Int64] = [:]
            var contracts = PostgresStatement("SELECT contract_id, state FROM fold_contracts WHERE contract_id = ANY(")
            contracts.sql += contracts.bind(ids) + ")"
            for row in try await rows(contracts, on: connection) {
                guard let id = ContractID(try row.text("contract_id")) else { continue }
                state.contracts[id] = try decoder.decode(ContractState.self, from: Data(try row.text("state").utf8))
            }
            var quality = PostgresStatement("""
                SELECT contract_id, summary, stream_head, stream_hash, on_time_checks FROM contract_quality WHERE contract_id = ANY(
                """)
            quality.sql += quality.bind(ids) + ")"
            for row in try await rows(quality, on: connection) {
                guard let id = ContractID(try row.text("contract_id")) else { continue }
                state.quality[id] = try decoder.decode(QualitySummary.self, from: Data(try row.text("summary").utf8))
                if let head = try row.int64OrNil("stream_head") {
                    state.heads[.quality(id)] = AcceptedHead(sequence: head, hash: try row.textOrNil("stream_hash"))
                }
                onTime[id] = try row.int64("on_time_checks")
            }
            var heads = PostgresStatement("SELECT stream, head, hash FROM fold_streams WHERE stream = ANY(")
            heads.sql += heads.bind(streams) + ")"
            for row in try await rows(heads, on: connection) {
                guard let stream = StreamID(try row.text("stream")) else { continue }
                state.heads[stream] = AcceptedHead(sequence: try row.int64("head"), hash: try row.textOrNil("hash"))
            }
            return (state, onTime)
        }
        for (id, contract) in loaded.state.contracts { checkpoint.state.contracts[id] = contract }
        for (id, summary) in loaded.state.quality { checkpoint.state.quality[id] = summary }
        for (stream, head) in loaded.state.heads { checkpoint.state.heads[stream] = head }
        for (id, count) in loaded.onTime { checkpoint.onTimeChecks[id] = count }
    }

    /// The first of `count` consecutive positions no other caller ever gets (gaps are possible:
    /// a reservation whose batch is never committed leaves one). One short transaction.
    public func reservePositions(_ count: Int) async throws -> Int64 {
        let count = Int64(max(1, count))
        return try await transaction { connection in
            var statement = PostgresStatement("SELECT dcl_reserve_positions(")
            statement.sql += statement.bind(count) + ") AS first"
            guard let first = try await rows(statement, on: connection).first else {
                throw ProjectionError(.unavailable, "read-model store '\(location)': no position was reserved")
            }
            return try first.int64("first")
        }
    }

    /// The position the read models were folded up to (on a partitioned log, the highest any
    /// partition reached): one lookup, no fold state.
    public func position() async throws -> Int64 {
        try await read { connection in
            try await rows("""
                SELECT COALESCE(GREATEST((SELECT position FROM fold_checkpoint WHERE id = 1), (SELECT max(position) FROM log_cursor)), 0)
                    AS position
                """, on: connection).first?.int64("position") ?? 0
        }
    }

    /// No-ops: dropping an index takes a lock on its whole table, which would stop every other
    /// projector writing this store; PostgreSQL keeps the indexes up during a rebuild instead.
    public func dropBulkLoadIndexes() async throws {}

    public func createBulkLoadIndexes() async throws {}
}
