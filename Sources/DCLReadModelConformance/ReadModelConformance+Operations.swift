import DCLApplication
import DCLDomain
import DCLEventLog
import DCLProjections

/// Checks of what the CLI and the server ask of a store besides queries: the ledger it belongs
/// to, the replay cutoff and the bulk-load indexes.
extension ReadModelConformance {
    static func storeKnowsItsLedger(_ open: @escaping Factory) async throws {
        let events = try await referenceEvents()
        let log = try await memoryLog(events)
        let store = try await open("bound")
        try await closing(store) {
            try expect(try await store.ledgerIdentity() == nil, "a new store knows no ledger")
            try expect(try await store.position() == 0, "a new store is at position 0")
            try await Projector(log: log, store: store).catchUp()
            try expect(try await store.ledgerIdentity() == log.identity(), "the store records its ledger's identity")
            try expect(try await store.position() == Int64(events.count), "the store is at the log's end")
            try await store.checkBelongs(to: log)
            let other = MemoryEventLog(identity: LedgerIdentity("another-ledger"))
            _ = try await other.append(events.map(\.envelope))
            try await expectThrows(.foreignLedger, "another ledger's store") { try await store.checkBelongs(to: other) }
            let shorter = MemoryEventLog()
            _ = try await shorter.append(events.dropLast(2).map(\.envelope))
            try await expectThrows(.foreignLedger, "a copy of the ledger without events the store folded") {
                try await store.checkBelongs(to: shorter)
            }
        }
    }

    static func cutoffAndIndexes(_ open: @escaping Factory) async throws {
        let events = try await referenceEvents()
        let log = try await memoryLog(events)
        let store = try await open("cutoff")
        try await closing(store) {
            try await store.dropBulkLoadIndexes()
            try await Projector(log: log, store: store).catchUp()
            try await store.createBulkLoadIndexes()
            try await store.createBulkLoadIndexes()
            try await expectAnswers(of: store, equalAFoldOf: events, samePositions: true)

            try expect(try await store.replayCutoff() == nil, "a live store has no cutoff")
            let cutoff = ReplayCutoff(asOf: Timestamp(millisecondsSinceEpoch: ReferenceLedger.start), toPosition: 5, position: 5)
            try await store.freeze(at: cutoff)
            try expect(try await store.replayCutoff() == cutoff, "the cutoff reads back")
            try await expectThrows(.frozen, "catching up a frozen store") { try await Projector(log: log, store: store).catchUp() }
        }
    }
}
