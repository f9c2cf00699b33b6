import DCLApplication
import DCLDomain
import Foundation
import GRDB

extension ReadModelStore {
    /// Writes the governance read models of one batch inside its commit transaction: the
    /// compliance rows of the contracts whose lifecycle changed (of every contract when the
    /// policies or compatibility settings in force moved, a rare event), and the batch's notifications.
    ///
    /// `governance` gives the policies, compatibility settings and consumers in force (the global
    /// part of a fold state); it is asked only when a compliance row is to be written.
    static func writeGovernance(_ batch: ProjectionBatch, commit: Int64, db: Database, encoder: JSONEncoder,
                                judgedAgainst governance: () throws -> LedgerState) throws {
        // Policies adopted or retired, or a mode set for a domain or the mesh (a policy may allow only
        // some modes): every contract's standing may change. Without policies every contract is
        // compliant, so a new domain alone does not make a batch read every contract.
        let policiesMoved = batch.changedStreams.contains(PolicyAdopted.stream)
        let modesMoved = batch.changedStreams.contains { $0.kind == .domain || $0 == StreamID(kind: .governance, subject: "global") }
        // A contract's own lifecycle stream also carries a mode set for it alone.
        let touched = batch.changedContracts.union(batch.changedStreams.filter { $0.kind == .lifecycle }.compactMap(\.contractID))
        var contracts: [ContractState] = touched.sorted().compactMap { batch.state.contracts[$0] }
        let state = contracts.isEmpty && !policiesMoved && !modesMoved ? LedgerState() : try governance()
        let governanceMoved = policiesMoved || (modesMoved && !state.policies.isEmpty)
        if governanceMoved {
            // Every contract's standing may have changed: read them all from the fold state rows
            // (the batch's own changed contracts are newer than their stored rows, written above).
            let decoder = JSONDecoder()
            let changed = Set(contracts.map(\.id))
            for row in try Row.fetchAll(db, sql: "SELECT contract_id, state FROM fold_contracts") {
                guard let id = ContractID(row["contract_id"]), !changed.contains(id) else { continue }
                contracts.append(try decoder.decode(ContractState.self, from: Data((row["state"] as String).utf8)))
            }
        }
        let writer = try RowWriter(db, sql: """
            INSERT INTO policy_compliance (contract_id, domain, is_active, violation_count, violations) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (contract_id) DO UPDATE SET domain = excluded.domain, is_active = excluded.is_active,
                violation_count = excluded.violation_count, violations = excluded.violations
            """)
        for contract in contracts {
            let row = ComplianceRow(contract, state: state)
            writer.bind(1, row.contractId)
            writer.bind(2, row.domain)
            writer.bind(3, row.isActive)
            writer.bind(4, Int64(row.violations.count))
            writer.bind(5, utf8: Array(try encoder.encode(row.violations)))
            try writer.run()
        }
        let notice = try RowWriter(db, sql: """
            INSERT INTO notifications (position, contract_id, kind, version, message, consumers, recorded_at, event_id, partition,
                commit_number) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for notification in batch.notifications {
            notice.bind(1, notification.position)
            notice.bind(2, notification.contractId)
            notice.bind(3, notification.kind.rawValue)
            notice.bind(4, notification.version)
            notice.bind(5, notification.message)
            notice.bind(6, utf8: Array(try encoder.encode(notification.consumers)))
            notice.bind(7, notification.recordedAt)
            notice.bind(8, notification.eventId)
            notice.bind(9, Int64(batch.contractPartitions.partition(notification.contractId)))
            notice.bind(10, commit)
            try notice.run()
        }
    }
}

extension ReadModelStore: GovernanceQueries {
    public func compliance(domain: String?) async throws -> [ComplianceRow] {
        try await pool.read { db in
            let decoder = JSONDecoder()
            let filter = domain == nil ? "" : " WHERE domain = ?"
            return try Row.fetchAll(db, sql: "SELECT contract_id, domain, is_active, violations FROM policy_compliance\(filter) ORDER BY contract_id",
                                    arguments: StatementArguments(domain.map { [$0] } ?? [])).map { row in
                ComplianceRow(contractId: row["contract_id"], domain: row["domain"], isActive: row["is_active"],
                              violations: try decoder.decode([PolicyViolation].self, from: Data((row["violations"] as String).utf8)))
            }
        }
    }

    public func notifications(contract: ContractID?, consumer: String?) async throws -> [GovernanceNotification] {
        try await pool.read { db in
            var clauses: [String] = []
            var arguments: [any DatabaseValueConvertible] = []
            if let contract { clauses.append("contract_id = ?"); arguments.append(contract.rawValue) }
            if let consumer { clauses.append("EXISTS (SELECT 1 FROM json_each(consumers) WHERE value = ?)"); arguments.append(consumer) }
            let filter = clauses.isEmpty ? "" : " WHERE " + clauses.joined(separator: " AND ")
            return try ReadModelStore.notifications(db, sql: "SELECT * FROM notifications\(filter) ORDER BY position",
                                                    arguments: StatementArguments(arguments))
        }
    }

    static func notifications(_ db: Database, sql: String, arguments: StatementArguments) throws -> [GovernanceNotification] {
        let decoder = JSONDecoder()
        return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
            GovernanceNotification(position: row["position"], contractId: row["contract_id"],
                                   kind: GovernanceNotification.Kind(rawValue: row["kind"]) ?? .breakingChange, version: row["version"],
                                   message: row["message"],
                                   consumers: try decoder.decode([String].self, from: Data((row["consumers"] as String).utf8)),
                                   recordedAt: row["recorded_at"], eventId: row["event_id"])
        }
    }

    /// The whole fold state the store holds (global part, every contract and its quality totals)
    /// with each contract's on-time result count: what the mesh metrics are computed from.
    public func meshState() async throws -> (state: LedgerState, onTimeChecks: [ContractID: Int64]) {
        try await pool.read { db in
            var state = try ReadModelStore.checkpointHeader(db).state
            let decoder = JSONDecoder()
            var onTime: [ContractID: Int64] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT contract_id, state FROM fold_contracts") {
                guard let id = ContractID(row["contract_id"]) else { continue }
                state.contracts[id] = try decoder.decode(ContractState.self, from: Data((row["state"] as String).utf8))
            }
            for row in try Row.fetchAll(db, sql: "SELECT contract_id, summary, on_time_checks FROM contract_quality") {
                guard let id = ContractID(row["contract_id"]) else { continue }
                state.quality[id] = try decoder.decode(QualitySummary.self, from: Data((row["summary"] as String).utf8))
                onTime[id] = row["on_time_checks"]
            }
            return (state, onTime)
        }
    }
}
