import DCLApplication
import DCLDomain
import DCLEventLog
import DCLSQLite
import Foundation
import GRDB
import Testing

@Suite("SQLite event log")
struct SQLiteEventLogTests {
    static func contract(_ version: String) -> DataContract {
        DataContract(id: ContractID("sales.orders")!, domain: DomainName("sales")!, dataProduct: "orders",
                     version: SemanticVersion(version)!, owner: EmailAddress("sales@company.com")!,
                     schema: [RecordSchema(name: "orders", fields: [FieldSchema(name: "id", type: .long)])])
    }

    @Test func batchIsAllOrNothing() async throws {
        let folder = try TemporaryFolder()
        let log = try SQLiteEventLog(path: folder.path("ledger.db"))
        let service = LedgerService(log: log)
        try await service.execute([.publishContract(Self.contract("1.0.0"), document: nil)], actor: "ana")
        let before = try await log.endPosition()
        // Two commands in one batch, the second breaks a rule: nothing of the batch is recorded.
        await #expect(throws: LedgerServiceError.self) {
            try await service.execute([.publishContract(Self.contract("1.1.0"), document: nil),
                                       .publishContract(Self.contract("1.0.5"), document: nil)], actor: "ana")
        }
        #expect(try await log.endPosition() == before)
    }

    @Test func concurrentWritersOfTheSameVersionConflict() async throws {
        let folder = try TemporaryFolder()
        let path = folder.path("ledger.db")
        let first = LedgerService(log: try SQLiteEventLog(path: path))
        try await first.execute([.publishContract(Self.contract("1.0.0"), document: nil)], actor: "ana")
        // Both decide against the same state, then race to append sequence 2 of the stream.
        let snapshot = try await first.snapshot()
        var winner = Self.contract("1.1.0")
        winner.description = "winner"
        var loser = Self.contract("1.1.0")
        loser.description = "loser"
        let proposedWinner = try Ledger.decide(.publishContract(winner, document: nil), state: snapshot.state)
        let proposedLoser = try Ledger.decide(.publishContract(loser, document: nil), state: snapshot.state)
        let log = first.log
        let stamp = Timestamp(millisecondsSinceEpoch: 1_764_000_000_000)
        func envelopes(_ proposed: [ProposedEvent], _ tag: String) -> [EventEnvelope] {
            var hash = snapshot.headHash(of: proposed[0].stream)
            return proposed.enumerated().map { index, event in
                let envelope = EventCodec.envelope(for: event, eventId: "\(tag)-\(index)", occurredAt: stamp, recordedAt: stamp,
                                                   actor: tag, previousHash: hash)
                hash = envelope.hash
                return envelope
            }
        }
        _ = try await log.append(envelopes(proposedWinner, "winner"))
        await #expect(throws: EventLogError.self) { _ = try await log.append(envelopes(proposedLoser, "loser")) }
        let after = try await first.snapshot()
        #expect(after.state.contracts[ContractID("sales.orders")!]?.latest.description == "winner")
        #expect(after.events.allSatisfy { $0.envelope.actor != "loser" })
    }

    @Test func qualityWritersRetryOnTheNextSequence() async throws {
        let folder = try TemporaryFolder()
        let path = folder.path("ledger.db")
        var contract = Self.contract("1.0.0")
        contract.quality = [QualityRule(kind: .notNull, object: "orders", column: "id")]
        try await LedgerService(log: try SQLiteEventLog(path: path)).execute([.publishContract(contract, document: nil)], actor: "ana")
        // Eight concurrent writers, each with its own connection, all start from sequence 1.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<8 {
                group.addTask {
                    let service = LedgerService(log: try SQLiteEventLog(path: path))
                    for check in 0..<5 {
                        try await service.execute([.recordQualityCheck(ContractID("sales.orders")!, rule: "not_null_id",
                                                                       passed: (writer + check) % 4 != 0, value: nil,
                                                                       observedAt: Timestamp(millisecondsSinceEpoch: Int64(check)))],
                                                  actor: "writer\(writer)")
                    }
                }
            }
            try await group.waitForAll()
        }
        let snapshot = try await LedgerService(log: try SQLiteEventLog(path: path)).snapshot()
        let summary = snapshot.state.qualitySummary(for: ContractID("sales.orders")!)
        #expect(summary.totalChecks == 40)
        #expect(snapshot.state.head(of: .quality(ContractID("sales.orders")!)) == 40)
        #expect(snapshot.state.rejected.isEmpty)
        #expect(AuditVerifier.verify(snapshot.events).firstFailure == nil)
    }

    /// Every event of a contract read from the log names it with one string, also across reads:
    /// the fold compares and hashes that id for every event, and equal storage compares at once.
    @Test func readsShareEachContractIdsString() async throws {
        let folder = try TemporaryFolder()
        let log = try SQLiteEventLog(path: folder.path("ledger.db"))
        let service = LedgerService(log: log)
        var contract = Self.contract("1.0.0")
        contract.id = ContractID("sales.revenue_metrics_daily")!
        contract.quality = [QualityRule(kind: .notNull, object: "orders", column: "id")]
        try await service.execute([.publishContract(contract, document: nil)], actor: "ana")
        for check in 0..<3 {
            try await service.execute([.recordQualityCheck(contract.id, rule: "not_null_id", passed: true, value: nil,
                                                           observedAt: Timestamp(millisecondsSinceEpoch: Int64(check)))], actor: "ana")
        }
        func storage(_ text: String?) -> UnsafePointer<UInt8>? {
            guard var text else { return nil }
            return text.withUTF8 { $0.baseAddress }
        }
        let end = try await log.endPosition()
        let firstRead = try await log.read(after: 0, limit: Int(end) - 2)
        let secondRead = try await log.read(after: end - 2, limit: 10)
        // (A first publish may register its domain first: an event of no contract.)
        let events = (firstRead + secondRead).filter { $0.envelope.contractId != nil }
        let ids = events.map(\.envelope.contractId)
        #expect(ids.count == 4 && ids.allSatisfy { $0 == contract.id.rawValue } && !secondRead.isEmpty)
        #expect(Set(ids.map(storage)).count == 1)
        // The stream's subject is that same string.
        #expect(Set(events.map { storage($0.envelope.stream.subject) }) == Set(ids.map(storage)))
        // A publish decoded from the log names its contract with it too.
        guard let publish = events.first(where: { $0.envelope.type == ContractPublished.typeName }),
              case .contractPublished(let published) = try EventCodec.recorded(publish).event else {
            Issue.record("no publish read")
            return
        }
        #expect(storage(published.contract.id.rawValue) == storage(ids[0]))
    }

    @Test func eventsAreAppendOnlyAtTheSQLLevel() async throws {
        let folder = try TemporaryFolder()
        let path = folder.path("ledger.db")
        try await LedgerService(log: try SQLiteEventLog(path: path)).execute([.publishContract(Self.contract("1.0.0"), document: nil)], actor: "ana")
        let queue = try DatabaseQueue(path: path)
        await #expect(throws: DatabaseError.self) { try await queue.write { try $0.execute(sql: "UPDATE events SET actor = 'mallory'") } }
        await #expect(throws: DatabaseError.self) { try await queue.write { try $0.execute(sql: "DELETE FROM events") } }
        let actors = try await queue.read { try String.fetchAll($0, sql: "SELECT actor FROM events") }
        #expect(actors == ["ana", "ana"])
    }

    @Test func chainBreakIsRefusedOnAppend() async throws {
        let folder = try TemporaryFolder()
        let log = try SQLiteEventLog(path: folder.path("ledger.db"))
        let proposed = try Ledger.decide(.publishContract(Self.contract("1.0.0"), document: nil), state: LedgerState())
        let stamp = Timestamp(millisecondsSinceEpoch: 0)
        let first = EventCodec.envelope(for: proposed[0], eventId: "a", occurredAt: stamp, recordedAt: stamp, actor: "x",
                                        previousHash: EventEnvelope.genesisHash)
        let wrongChain = EventCodec.envelope(for: proposed[1], eventId: "b", occurredAt: stamp, recordedAt: stamp, actor: "x",
                                             previousHash: String(repeating: "f", count: 64))
        _ = try await log.append([first])
        do {
            _ = try await log.append([wrongChain])
            Issue.record("a broken chain must be refused")
        } catch let error as EventLogError {
            // proposed[1] is on another stream (lifecycle vs domain), so its head is genesis.
            #expect(error.code == .brokenChain)
        }
    }

    @Test func tamperedEventFailsVerificationNamingIt() async throws {
        let folder = try TemporaryFolder()
        let path = folder.path("ledger.db")
        let service = LedgerService(log: try SQLiteEventLog(path: path))
        try await service.execute([.publishContract(Self.contract("1.0.0"), document: nil)], actor: "ana")
        try await service.execute([.publishContract(Self.contract("1.1.0"), document: nil)], actor: "ana")
        let intact = AuditVerifier.verify(try await service.log.readAll())
        #expect(intact.firstFailure == nil)
        #expect(intact.eventsChecked == 4)
        // Bypass the append-only trigger as an attacker with file access would.
        let queue = try DatabaseQueue(path: path)
        let target = try await queue.write { db -> String in
            try db.execute(sql: "DROP TRIGGER events_are_append_only_update")
            let id = try String.fetchOne(db, sql: "SELECT event_id FROM events WHERE type = 'ContractPublished' ORDER BY position LIMIT 1")!
            try db.execute(sql: "UPDATE events SET payload = replace(payload, 'sales@company.com', 'sales@company.con') WHERE event_id = ?", arguments: [id])
            return id
        }
        let report = AuditVerifier.verify(try await SQLiteEventLog(path: path).readAll())
        #expect(report.firstFailure?.eventId == target)
    }
}
