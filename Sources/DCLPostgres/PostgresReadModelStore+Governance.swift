import DCLApplication
import DCLDomain
import DCLProjections
import Foundation
import PostgresNIO

extension PostgresReadModelStore {
    /// The governance read models of one batch, in its transaction: the compliance rows of the
    /// contracts whose lifecycle changed (of every contract when the policies or compatibility
    /// settings in force moved), and the batch's notifications. As the SQLite store writes them.
    ///
    /// Compliance is judged against the policies and settings in force: the batch's own state on a
    /// log with one global order; on a partitioned log the stored global state (which
    /// `mergeGlobalState` has brought up to date with this batch's global events), read
    /// `FOR SHARE`. That lock is what keeps members apart here: a member adopting a policy holds
    /// the row `FOR UPDATE` and re-judges every stored contract, so a contract another member
    /// publishes meanwhile is judged either after the policy's commit (its share lock waits) or
    /// before it (the policy's commit waits, then finds the contract stored). Members that only
    /// publish share the lock and do not wait for one another.
    func writeGovernance(_ batch: ProjectionBatch, commit: Int64, on connection: PostgresConnection) async throws {
        let encoder = ReadModelRows.encoder()
        let policiesMoved = batch.changedStreams.contains(PolicyAdopted.stream)
        let modesMoved = batch.changedStreams.contains { $0.kind == .domain || $0 == StreamID(kind: .governance, subject: "global") }
        let touched = batch.changedContracts.union(batch.changedStreams.filter { $0.kind == .lifecycle }.compactMap(\.contractID))
        var contracts: [ContractState] = touched.sorted().compactMap { batch.state.contracts[$0] }
        var judged = batch.state
        if batch.fromCursor != nil && (!contracts.isEmpty || policiesMoved || modesMoved) {
            judged = try await storedGlobalState(forShare: true, on: connection)
        }
        let governanceMoved = policiesMoved || (modesMoved && !judged.policies.isEmpty)
        if governanceMoved {
            // Every contract's standing may have changed: the others from their stored fold state.
            let decoder = JSONDecoder()
            let changed = Set(contracts.map(\.id))
            for row in try await rows("SELECT contract_id, state FROM fold_contracts", on: connection) {
                guard let id = ContractID(try row.text("contract_id")), !changed.contains(id) else { continue }
                contracts.append(try decoder.decode(ContractState.self, from: Data(try row.text("state").utf8)))
            }
        }
        if !contracts.isEmpty {
            let compliance = contracts.map { ComplianceRow($0, state: judged) }
            var statement = PostgresStatement("""
                INSERT INTO policy_compliance (contract_id, domain, is_active, violation_count, violations) SELECT * FROM unnest(
                """)
            statement.sql += [
                statement.bind(NullableArray(compliance.map(\.contractId))), statement.bind(NullableArray(compliance.map(\.domain))),
                statement.bind(NullableArray(compliance.map(\.isActive))),
                statement.bind(NullableArray(compliance.map { Int64($0.violations.count) })),
                statement.bind(NullableArray(try compliance.map { String(decoding: try encoder.encode($0.violations), as: UTF8.self) })),
            ].joined(separator: ", ")
            statement.sql += """
                ) ON CONFLICT (contract_id) DO UPDATE SET domain = excluded.domain, is_active = excluded.is_active,
                    violation_count = excluded.violation_count, violations = excluded.violations
                """
            try await execute(statement, on: connection)
        }
        let notices = batch.notifications
        guard !notices.isEmpty else { return }
        var statement = PostgresStatement("""
            INSERT INTO notifications (position, contract_id, kind, version, message, consumers, recorded_at, event_id, partition,
                commit_number) SELECT *,
            """)
        statement.sql += " " + statement.bind(commit) + " FROM unnest("
        statement.sql += [
            statement.bind(NullableArray(notices.map(\.position))), statement.bind(NullableArray(notices.map(\.contractId))),
            statement.bind(NullableArray(notices.map(\.kind.rawValue))), statement.bind(NullableArray(notices.map(\.version))),
            statement.bind(NullableArray(notices.map(\.message))),
            statement.bind(NullableArray(try notices.map { String(decoding: try encoder.encode($0.consumers), as: UTF8.self) })),
            statement.bind(NullableArray(notices.map(\.recordedAt))), statement.bind(NullableArray(notices.map(\.eventId))),
            statement.bind(NullableArray(notices.map { Int64(batch.contractPartitions.partition($0.contractId)) })),
        ].joined(separator: ", ") + ")"
        try await execute(statement, on: connection)
    }

    /// Notifications a query selects, in its order.
    func notifications(_ statement: PostgresStatement, on connection: PostgresConnection) async throws -> [GovernanceNotification] {
        let decoder = JSONDecoder()
        return try await rows(statement, on: connection).map { row in
            GovernanceNotification(position: try row.int64("position"), contractId: try row.text("contract_id"),
                                   kind: GovernanceNotification.Kind(rawValue: try row.text("kind")) ?? .breakingChange,
                                   version: try row.text("version"), message: try row.text("message"),
                                   consumers: try decoder.decode([String].self, from: Data(try row.text("consumers").utf8)),
                                   recordedAt: try row.text("recorded_at"), eventId: try row.textOrNil("event_id"))
        }
    }
}

extension PostgresReadModelStore: GovernanceQueries {
    public func compliance(domain: String?) async throws -> [ComplianceRow] {
        try await read { connection in
            var statement = PostgresStatement("SELECT contract_id, domain, is_active, violations FROM policy_compliance")
            if let domain { statement.sql += " WHERE domain = " + statement.bind(domain) }
            statement.sql += " ORDER BY contract_id"
            let decoder = JSONDecoder()
            return try await rows(statement, on: connection).map { row in
                ComplianceRow(contractId: try row.text("contract_id"), domain: try row.text("domain"), isActive: try row.bool("is_active"),
                              violations: try decoder.decode([PolicyViolation].self, from: Data(try row.text("violations").utf8)))
            }
        }
    }

    public func notifications(contract: ContractID?, consumer: String?) async throws -> [GovernanceNotification] {
        try await read { connection in
            var statement = PostgresStatement("SELECT * FROM notifications")
            var clauses: [String] = []
            if let contract { clauses.append("contract_id = " + statement.bind(contract.rawValue)) }
            if let consumer { clauses.append("consumers::jsonb ? " + statement.bind(consumer)) }
            if !clauses.isEmpty { statement.sql += " WHERE " + clauses.joined(separator: " AND ") }
            statement.sql += " ORDER BY position"
            return try await notifications(statement, on: connection)
        }
    }

    /// The whole fold state the store holds (global part, every contract and its quality totals)
    /// with each contract's on-time result count: what the mesh metrics are computed from.
    public func meshState() async throws -> (state: LedgerState, onTimeChecks: [ContractID: Int64]) {
        try await read { connection in
            var state = try await checkpointHeader(on: connection).state
            let decoder = JSONDecoder()
            var onTime: [ContractID: Int64] = [:]
            for row in try await rows("SELECT contract_id, state FROM fold_contracts", on: connection) {
                guard let id = ContractID(try row.text("contract_id")) else { continue }
                state.contracts[id] = try decoder.decode(ContractState.self, from: Data(try row.text("state").utf8))
            }
            for row in try await rows("SELECT contract_id, summary, on_time_checks FROM contract_quality", on: connection) {
                guard let id = ContractID(try row.text("contract_id")) else { continue }
                state.quality[id] = try decoder.decode(QualitySummary.self, from: Data(try row.text("summary").utf8))
                onTime[id] = try row.int64("on_time_checks")
            }
            return (state, onTime)
        }
    }
}
