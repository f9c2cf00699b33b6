import DCLDomain
import DCLEventLog
import Foundation
import GRDB

extension ReadModelStore {
    /// The position, record time and global part of the fold state (domains, compatibility
    /// settings, counts), without any contract or stream head: what a catch-up starts from.
    public func checkpointHeader() async throws -> ProjectionCheckpoint {
        try await pool.read { db in try ReadModelStore.checkpointHeader(db) }
    }

    /// On a partitioned log the position, record time and accepted count are aggregated over the
    /// partition rows (highest, latest, sum; see `writePartitionCheckpoint`); on the embedded log
    /// those columns are empty and the checkpoint row alone answers.
    static func checkpointHeader(_ db: Database) throws -> ProjectionCheckpoint {
        var header = ProjectionCheckpoint(position: 0, lastRecordedAt: nil, state: LedgerState())
        if let row = try Row.fetchOne(db, sql: "SELECT position, last_recorded_at, state FROM fold_checkpoint WHERE id = 1") {
            let stateText: String = row["state"]
            header.state = try JSONDecoder().decode(LedgerState.self, from: Data(stateText.utf8))
            header.position = row["position"]
            header.lastRecordedAt = (row["last_recorded_at"] as String?).flatMap { Timestamp(iso8601: $0) }
        }
        for part in try Row.fetchAll(db, sql: "SELECT partition, next, position, last_recorded_at, accepted FROM log_cursor") {
            header.cursor.next[part["partition"]] = part["next"]
            if let position: Int64 = part["position"] { header.position = max(header.position, position) }
            if let recorded = (part["last_recorded_at"] as String?).flatMap({ Timestamp(iso8601: $0) }),
               header.lastRecordedAt.map({ recorded > $0 }) ?? true {
                header.lastRecordedAt = recorded
            }
            header.state.acceptedCount += part["accepted"] as Int
        }
        return header
    }

    /// Adds to `state` the stored parts named by `parts` (see the `v2-incremental-fold-state`
    /// migration for where each part lives). Parts the store does not have are left out.
    public func loadParts(_ parts: FoldParts, into checkpoint: inout ProjectionCheckpoint) async throws {
        guard !parts.isEmpty else { return }
        let contractIDs = String(decoding: try JSONEncoder().encode(parts.contracts.map(\.rawValue)), as: UTF8.self)
        let streamNames = String(decoding: try JSONEncoder().encode(
            parts.contracts.map { StreamID.lifecycle($0).description } + parts.streams.map(\.description)), as: UTF8.self)
        let loaded = try await pool.read { db in
            try ReadModelStore.parts(db, contractIDs: contractIDs, streamNames: streamNames)
        }
        for (id, contract) in loaded.state.contracts { checkpoint.state.contracts[id] = contract }
        for (id, summary) in loaded.state.quality { checkpoint.state.quality[id] = summary }
        for (stream, head) in loaded.state.heads { checkpoint.state.heads[stream] = head }
        for (id, count) in loaded.onTimeChecks { checkpoint.onTimeChecks[id] = count }
    }

    /// The parts of the contracts and streams named by two JSON arrays of ids and stream names.
    static func parts(_ db: Database, contractIDs: String, streamNames: String) throws -> (state: LedgerState, onTimeChecks: [ContractID: Int64]) {
        let decoder = JSONDecoder()
        var state = LedgerState()
        var onTimeChecks: [ContractID: Int64] = [:]
        let contractFilter = " WHERE contract_id IN (SELECT value FROM json_each(?))"
        let streamFilter = " WHERE stream IN (SELECT value FROM json_each(?))"
        let contractArguments: StatementArguments = [contractIDs]
        for part in try Row.fetchAll(db, sql: "SELECT contract_id, state FROM fold_contracts" + contractFilter, arguments: contractArguments) {
            guard let id = ContractID(part["contract_id"]) else { continue }
            state.contracts[id] = try decoder.decode(ContractState.self, from: Data((part["state"] as String).utf8))
        }
        for part in try Row.fetchAll(db, sql: "SELECT contract_id, summary, stream_head, stream_hash, on_time_checks FROM contract_quality" + contractFilter,
                                     arguments: contractArguments) {
            guard let id = ContractID(part["contract_id"]) else { continue }
            state.quality[id] = try decoder.decode(QualitySummary.self, from: Data((part["summary"] as String).utf8))
            if let head: Int64 = part["stream_head"] { state.heads[.quality(id)] = AcceptedHead(sequence: head, hash: part["stream_hash"]) }
            onTimeChecks[id] = part["on_time_checks"]
        }
        for part in try Row.fetchAll(db, sql: "SELECT stream, head, hash FROM fold_streams" + streamFilter,
                                     arguments: [streamNames]) {
            guard let stream = StreamID(part["stream"]) else { continue }
            state.heads[stream] = AcceptedHead(sequence: part["head"], hash: part["hash"])
        }
        return (state, onTimeChecks)
    }
}
