import DCLDomain
import DCLEventLog
import DCLProjections

/// What a writer on a partitioned log reads from a store (`StreamHeadsSource`): heads that hold
/// at the cursor read with them, whichever members have committed.
extension ReadModelConformance {
    static func streamHeadsForWriters(_ open: @escaping Factory) async throws {
        let events = try await referenceEvents()
        let streams = Set(events.map(\.envelope.stream))
        let folded = ProjectionFold.fold(events, from: LedgerState(), position: 0, lastRecordedAt: nil).state
        // Every stream's head after the whole ledger: a stream's events all lie in one partition,
        // so a partition folded to its end holds these heads for its streams.
        var expected: [StreamID: StreamHead] = [:]
        for stream in streams where folded.head(of: stream) > 0 {
            guard let hash = folded.heads[stream]?.hash else { continue }
            expected[stream] = StreamHead(sequence: folded.head(of: stream), hash: hash)
        }
        try expect(!expected.isEmpty, "the reference ledger has stream heads")
        let log = PartitionedMemoryLog(events, partitions: 4)
        let (first, second) = try halves(of: log)
        let shared = try await open("heads")
        let global = try await open("heads-global")
        try await closing(shared, global) {
            let empty = try await shared.streamHeads(of: streams)
            try expect(empty.heads.isEmpty && empty.cursor.next.values.allSatisfy { $0 == 0 }, "an empty store holds no heads")

            // One member folds its partitions: heads of its streams only, at a cursor that names its partitions.
            var one = try await PartitionMember(store: shared, log: log.owning(first))
            while let batch = try await one.fold(limit: 3) { try await shared.commit(batch, rate: 1) }
            let ownKeys = Set(log.owning(first).keys)
            let half = try await shared.streamHeads(of: streams)
            try expect(half.cursor == (try await shared.checkpointHeader()).cursor, "the heads' cursor is the store's")
            try expect(Set(half.cursor.next.keys).isSubset(of: ownKeys), "the cursor names only the partitions folded: \(half.cursor.next.keys.sorted())")
            let ownExpected = expected.filter { ownKeys.contains(PartitionedMemoryLog.key(of: $0.key, partitions: 4)) }
            try expect(half.heads == ownExpected,
                       "after one member, the heads of its partitions' streams and no other (\(half.heads.count) of \(ownExpected.count))")

            // The other member folds the rest: every head, at the log's end.
            var two = try await PartitionMember(store: shared, log: log.owning(second))
            while let batch = try await two.fold(limit: 4) { try await shared.commit(batch, rate: 1) }
            let whole = try await shared.streamHeads(of: streams)
            try expect(whole.heads == expected, "after both members, every stream's head (\(whole.heads.count) of \(expected.count))")
            try expect(whole.cursor.remaining(to: try await log.endCursor()) == 0, "after both members, the heads hold at the log's end")
            let some = Set(streams.sorted { $0.description < $1.description }.prefix(2))
            try expect(try await shared.streamHeads(of: some).heads == expected.filter { some.contains($0.key) }, "only the streams asked for")

            // One global order (no cursor): the heads as the fold leaves them.
            try await Projector(log: try await memoryLog(events), store: global).catchUp()
            try expect(try await global.streamHeads(of: streams).heads == expected, "one global order: every stream's head")
        }
    }
}
