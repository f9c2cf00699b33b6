import DCLDomain
import DCLEventLog
import Foundation
import GRDB

extension ReadModelStore {
    /// The heads the projector folded for `streams` and the cursor it stands at, from one read
    /// transaction (the projector commits both together; see `ReadModelStoring`, "Stream heads
    /// for writers"). Quality streams' heads live with the contract's quality row, every other
    /// stream's in `fold_streams`. A stream whose head was
    /// stored without its hash (a store written before hashes were kept) is left out, so the
    /// writer reads it from its partition's beginning rather than trust half a head.
    public func streamHeads(of streams: Set<StreamID>) async throws -> StreamHeadsSnapshot {
        guard !streams.isEmpty else { return StreamHeadsSnapshot(cursor: try await checkpointHeader().cursor) }
        let quality = streams.compactMap { $0.kind == .quality ? $0.contractID?.rawValue : nil }
        let others = streams.filter { $0.kind != .quality }.map(\.description)
        return try await pool.read { db in
            var snapshot = StreamHeadsSnapshot()
            for part in try Row.fetchAll(db, sql: "SELECT partition, next FROM log_cursor") {
                snapshot.cursor.next[part["partition"]] = part["next"]
            }
            if !quality.isEmpty {
                let rows = try Row.fetchAll(db, sql: """
                    SELECT contract_id, stream_head, stream_hash FROM contract_quality
                    WHERE contract_id IN (SELECT value FROM json_each(?)) AND stream_head IS NOT NULL AND stream_hash IS NOT NULL
                    """, arguments: [try ReadModelStore.jsonArray(quality)])
                for row in rows {
                    guard let id = ContractID(row["contract_id"]) else { continue }
                    snapshot.heads[.quality(id)] = StreamHead(sequence: row["stream_head"], hash: row["stream_hash"])
                }
            }
            if !others.isEmpty {
                let rows = try Row.fetchAll(db, sql: """
                    SELECT stream, head, hash FROM fold_streams
                    WHERE stream IN (SELECT value FROM json_each(?)) AND hash IS NOT NULL
                    """, arguments: [try ReadModelStore.jsonArray(others)])
                for row in rows {
                    guard let stream = StreamID(row["stream"]) else { continue }
                    snapshot.heads[stream] = StreamHead(sequence: row["head"], hash: row["hash"])
                }
            }
            return snapshot
        }
    }

    /// A JSON array of strings, for `json_each`.
    static func jsonArray(_ values: [String]) throws -> String {
        String(decoding: try JSONEncoder().encode(values), as: UTF8.self)
    }
}
