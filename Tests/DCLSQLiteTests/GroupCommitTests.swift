import DCLApplication
import DCLDomain
import DCLEventLog
import DCLSQLite
import Foundation
import Testing

/// Concurrent writers share commits of the embedded log, and each is still judged alone.
@Suite("group commit")
struct GroupCommitTests {
    static func contract(_ id: String, _ version: String = "1.0.0", description: String? = nil) -> DataContract {
        DataContract(id: ContractID(id)!, domain: DomainName("sales")!, dataProduct: String(id.split(separator: ".")[1]),
                     version: SemanticVersion(version)!, description: description, owner: EmailAddress("sales@company.com")!,
                     schema: [RecordSchema(name: "orders", fields: [FieldSchema(name: "id", type: .long)])])
    }

    /// The envelopes of a publish decided against `state`, sealed on the stream's head.
    static func envelopes(_ contract: DataContract, state: LedgerSnapshot, tag: String) throws -> [EventEnvelope] {
        let stamp = Timestamp(millisecondsSinceEpoch: 1_764_000_000_000)
        var snapshot = state
        return try Ledger.decide(.publishContract(contract, document: nil), state: state.state).enumerated().map { index, event in
            let envelope = EventCodec.envelope(for: event, eventId: "\(tag)-\(index)", occurredAt: stamp, recordedAt: stamp, actor: tag,
                                               previousHash: snapshot.headHash(of: event.stream))
            snapshot.fold(StoredEvent(position: snapshot.state.position + 1, envelope: envelope))
            return envelope
        }
    }

    @Test func batchesInOneCommitAreJudgedEachAlone() async throws {
        let folder = try TemporaryFolder()
        let log = try SQLiteEventLog(path: folder.path("ledger.db"))
        let service = LedgerService(log: log)
        try await service.execute([.publishContract(Self.contract("sales.orders"), document: nil)], actor: "ana")
        let state = try await service.snapshot()
        let before = try await log.endPosition()
        // Two writers decided on the same head of sales.orders; a third writes another contract.
        let first = try Self.envelopes(Self.contract("sales.orders", "1.1.0", description: "first"), state: state, tag: "first")
        let second = try Self.envelopes(Self.contract("sales.orders", "1.1.0", description: "second"), state: state, tag: "second")
        let other = try Self.envelopes(Self.contract("sales.refunds"), state: state, tag: "other")
        let results = await log.appendBatches([first, second, other])
        #expect(results.count == 3)
        let recordedFirst = try results[0].get()
        #expect(recordedFirst.map(\.envelope.eventId) == first.map(\.eventId))
        guard case .failure(let error) = results[1] else { Issue.record("the second writer of the same head was recorded"); return }
        #expect((error as? EventLogError)?.code == .conflict)
        let recordedOther = try results[2].get()
        // The refused batch left no gap: positions follow on from the first batch.
        #expect(recordedOther.first?.position == (recordedFirst.last?.position ?? 0) + 1)
        let events = try await log.read(after: before, limit: 100)
        #expect(events.map(\.envelope.actor) == Array(repeating: "first", count: first.count) + Array(repeating: "other", count: other.count))
        #expect(try await service.snapshot().state.contracts[ContractID("sales.orders")!]?.latest.description == "first")
        #expect(AuditVerifier.verify(try await log.readAll()).firstFailure == nil)
    }

    @Test func concurrentPublishesAreAllRecordedAndLosersOfARaceAreRefusedAlone() async throws {
        let folder = try TemporaryFolder()
        let log = try SQLiteEventLog(path: folder.path("ledger.db"))
        let service = LedgerService(log: log)
        try await service.execute([.publishContract(Self.contract("sales.orders"), document: nil)], actor: "ana")
        // 40 new contracts, and 8 writers racing for version 1.1.0 of sales.orders with different content.
        let outcomes = await withTaskGroup(of: (String, Bool).self) { group in
            for index in 0..<40 {
                group.addTask {
                    let recorded = (try? await service.execute([.publishContract(Self.contract("sales.c\(index)"), document: nil)], actor: "w\(index)")) != nil
                    return ("new", recorded)
                }
            }
            for index in 0..<8 {
                group.addTask {
                    let recorded = (try? await service.execute([.publishContract(Self.contract("sales.orders", "1.1.0", description: "racer \(index)"),
                                                                                 document: nil)], actor: "r\(index)")) != nil
                    return ("race", recorded)
                }
            }
            var outcomes: [(String, Bool)] = []
            for await outcome in group { outcomes.append(outcome) }
            return outcomes
        }
        #expect(outcomes.filter { $0.0 == "new" && $0.1 }.count == 40)
        #expect(outcomes.filter { $0.0 == "race" && $0.1 }.count == 1, "one racer wins 1.1.0; the others are refused")
        let state = try await service.snapshot().state
        #expect((0..<40).allSatisfy { state.contracts[ContractID("sales.c\($0)")!] != nil })
        #expect(state.contracts[ContractID("sales.orders")!]?.versions.count == 2)
        #expect(state.rejected.isEmpty)
        #expect(AuditVerifier.verify(try await log.readAll()).firstFailure == nil)
    }
}
