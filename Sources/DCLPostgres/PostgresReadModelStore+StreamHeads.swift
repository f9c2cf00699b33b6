import DCLDomain
import DCLEventLog
import DCLProjections

extension PostgresReadModelStore {
    /// The heads the projectors folded for `streams` and the cursor they stand at, as
    /// `ReadModelStore.streamHeads(of:)` reads them: quality heads from the contract's quality row,
    /// every other stream's from `fold_streams`, a head stored without its hash left out. One
    /// REPEATABLE READ transaction: a member commits a partition's cursor row with the heads of
    /// that partition's streams, so the snapshot sees each partition's heads and cursor together.
    public func streamHeads(of streams: Set<StreamID>) async throws -> StreamHeadsSnapshot {
        let quality = NullableArray(streams.compactMap { $0.kind == .quality ? $0.contractID?.rawValue : nil })
        let others = NullableArray(streams.filter { $0.kind != .quality }.map(\.description))
        return try await read { connection in
            var snapshot = StreamHeadsSnapshot()
            for row in try await rows("SELECT partition, next FROM log_cursor", on: connection) {
                snapshot.cursor.next[try row.text("partition")] = try row.int64("next")
            }
            guard !streams.isEmpty else { return snapshot }
            var qualityHeads = PostgresStatement("""
                SELECT contract_id, stream_head, stream_hash FROM contract_quality
                WHERE stream_head IS NOT NULL AND stream_hash IS NOT NULL AND contract_id = ANY(
                """)
            qualityHeads.sql += qualityHeads.bind(quality) + ")"
            for row in try await rows(qualityHeads, on: connection) {
                guard let id = ContractID(try row.text("contract_id")), let head = try row.int64OrNil("stream_head"),
                      let hash = try row.textOrNil("stream_hash") else { continue }
                snapshot.heads[.quality(id)] = StreamHead(sequence: head, hash: hash)
            }
            var otherHeads = PostgresStatement("SELECT stream, head, hash FROM fold_streams WHERE hash IS NOT NULL AND stream = ANY(")
            otherHeads.sql += otherHeads.bind(others) + ")"
            for row in try await rows(otherHeads, on: connection) {
                guard let stream = StreamID(try row.text("stream")), let hash = try row.textOrNil("hash") else { continue }
                snapshot.heads[stream] = StreamHead(sequence: try row.int64("head"), hash: hash)
            }
            return snapshot
        }
    }
}
