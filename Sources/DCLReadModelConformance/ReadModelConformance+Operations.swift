import DCLApplication
import DCLDomain
import DCLEventLog
import DCLProjections

/// Checks of what the CLI and the server ask of a store besides queries: the ledger it belongs
/// to, the notification and changelog marks, the replay cutoff and the bulk-load indexes.
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

    static func marksCutoffAndIndexes(_ open: @escaping Factory) async throws {
        let events = try await referenceEvents()
        let log = try await memoryLog(events)
        let fold = ProjectionFold.fold(events, from: LedgerState(), position: 0, lastRecordedAt: nil)
        let store = try await open("marks")
        try await closing(store) {
            try await store.dropBulkLoadIndexes()
            try await Projector(log: log, store: store).catchUp()
            try await store.createBulkLoadIndexes()
            try await store.createBulkLoadIndexes()
            try await expectAnswers(of: store, equalAFoldOf: events, samePositions: true)

            let all = try await store.notifications(contract: nil, consumer: nil)
            try expect(all.count >= 2, "the reference ledger has notifications: \(all.count)")
            try expect(try await store.undeliveredNotifications(sink: "sink") == all, "a new sink has every notification to deliver")
            try await store.markNotificationsDelivered(sink: "sink", through: all[0].position)
            try expect(try await store.undeliveredNotifications(sink: "sink") == Array(all.dropFirst()), "delivered ones are not handed again")
            try await store.markNotificationsDelivered(sink: "sink", through: 0)
            try expect(try await store.undeliveredNotifications(sink: "sink") == Array(all.dropFirst()), "a delivery mark never moves back")
            try expect(try await store.undeliveredNotifications(sink: "sink", limit: 1) == Array(all.dropFirst().prefix(1)), "at most `limit`")
            try expect(try await store.undeliveredNotifications(sink: "another") == all, "each sink has its own mark")

            let position = try await store.position()
            guard let pending = try await store.unpublishedChanges(sink: "changelog") else {
                throw Failure(check: #function, message: "a new changelog sink has changes to publish")
            }
            try expect(pending.through == position, "the changes cover the store up to \(position), not \(pending.through)")
            try expect(pending.changes.map(\.contractId) == fold.state.contracts.keys.map(\.rawValue).sorted(), "every contract changed")
            let retired = pending.changes.filter { $0.catalog == nil }.map(\.contractId)
            try expect(retired == fold.state.contracts.values.filter { $0.status == .retired }.map(\.id.rawValue).sorted(),
                       "retired contracts are tombstones: \(retired)")
            try await store.markChangesPublished(sink: "changelog", through: pending.through)
            try expect(try await store.unpublishedChanges(sink: "changelog") == nil, "nothing after the publication mark")
            try expect(try await store.unpublishedChanges(sink: "changelog-2", maxPositions: 3)?.through == 3, "at most `maxPositions` past the mark")

            try expect(try await store.replayCutoff() == nil, "a live store has no cutoff")
            let cutoff = ReplayCutoff(asOf: Timestamp(millisecondsSinceEpoch: ReferenceLedger.start), toPosition: 5, position: 5)
            try await store.freeze(at: cutoff)
            try expect(try await store.replayCutoff() == cutoff, "the cutoff reads back")
            try await expectThrows(.frozen, "catching up a frozen store") { try await Projector(log: log, store: store).catchUp() }
        }
    }
}
