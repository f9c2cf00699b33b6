import DCLApplication
import DCLDomain
import DCLEventLog
import DCLProjections

/// Checks of how a store commits: the guard of each kind of log, members of a group owning
/// disjoint partitions of one partitioned log folding into one store (interleaved and
/// concurrently), the merge of the global fold state, and the positions it hands out.
extension ReadModelConformance {
    static func globalOrderGuard(_ open: @escaping Factory) async throws {
        let events = try await referenceEvents()
        let log = try await memoryLog(events)
        let cut = events.count / 2
        let store = try await open("guarded")
        let whole = try await open("whole")
        try await closing(store, whole) {
            try await Projector(log: log, store: store, limit: ProjectionLimit(toPosition: Int64(cut))).catchUp()
            // Folded from the start, as by a projector that missed the commits above.
            var stale = ProjectionFold.fold(Array(events.prefix(3)), from: LedgerState(), position: 0, lastRecordedAt: nil)
            stale.cursor = .after(position: 3)
            stale.eventCount = 3
            let before = try await store.canonicalExport()
            let header = try await store.checkpointHeader()
            try await expectThrows(.staleCheckpoint, "a batch from position 0 on a store at \(cut)") { try await store.commit(stale, rate: 0) }
            try expect(try await store.canonicalExport() == before, "a refused batch writes no read model")
            let after = try await store.checkpointHeader()
            try expect(after.position == header.position && after.cursor == header.cursor, "a refused batch leaves the checkpoint")
            // A batch folded from where the store stands is taken: the store is then what one run makes.
            let rest = Array(events.dropFirst(cut))
            var checkpoint = header
            try await store.loadParts(FoldParts(rest), into: &checkpoint)
            var batch = ProjectionFold.fold(rest, from: checkpoint.state, position: checkpoint.position,
                                            lastRecordedAt: checkpoint.lastRecordedAt, onTimeChecks: checkpoint.onTimeChecks)
            batch.cursor = .after(position: Int64(events.count))
            batch.eventCount = rest.count
            try await store.commit(batch, rate: 0)
            try await Projector(log: log, store: whole).catchUp()
            try await expectSameExport(store, whole, "the store reached the log's end as one run does")
            try await expectThrows(.staleCheckpoint, "the same batch a second time") { try await store.commit(batch, rate: 0) }
        }
    }

    static func partitionGuard(_ open: @escaping Factory) async throws {
        let events = try await referenceEvents()
        let log = PartitionedMemoryLog(events, partitions: 4)
        let numbers = log.usedNumbers.sorted()
        try expect(numbers.count >= 2, "the reference ledger fills at least two partitions: \(numbers)")
        let mine: Set = [numbers[0]]
        let others = Set(numbers.dropFirst())
        let store = try await open("stale")
        let second = try await open("stale")
        try await closing(store, second) {
            var member = try await PartitionMember(store: store, log: log.owning(mine))
            // The same partitions, as held by a member that has lost them in a rebalance.
            var rival = try await PartitionMember(store: second, log: log.owning(mine))
            var neighbour = try await PartitionMember(store: second, log: log.owning(others))
            // (The rival reads fewer events, so its cursor differs from the member's after the batch.)
            guard let taken = try await member.fold(limit: 4), let stale = try await rival.fold(limit: 3),
                  let beside = try await neighbour.fold(limit: 4) else { throw Failure(check: #function, message: "empty partitions") }
            try await store.commit(taken, rate: 0)
            let before = try await store.canonicalExport()
            let header = try await store.checkpointHeader()
            try await expectThrows(.staleCheckpoint, "a batch of partitions another member moved") { try await second.commit(stale, rate: 0) }
            try expect(try await second.canonicalExport() == before, "a refused partition batch writes no read model")
            let after = try await store.checkpointHeader()
            try expect(after.cursor == header.cursor && after.position == header.position && after.lastRecordedAt == header.lastRecordedAt
                       && after.state.acceptedCount == header.state.acceptedCount, "a refused partition batch leaves every partition's checkpoint")
            // Other partitions' batch, folded before that commit, is taken: it is not behind.
            try await second.commit(beside, rate: 0)
            // The rival stays behind; the member goes on from where it stands.
            if let next = try await rival.fold(limit: 3) {
                try await expectThrows(.staleCheckpoint, "the rival's next batch") { try await second.commit(next, rate: 0) }
            }
            if let next = try await member.fold(limit: 4) { try await store.commit(next, rate: 0) }
        }
    }

    static func twoMembersInterleaved(_ open: @escaping Factory) async throws {
        let events = try await referenceEvents()
        let log = PartitionedMemoryLog(events, partitions: 4)
        let (first, second) = try halves(of: log)
        let single = try await open("one-projector")
        let shared = try await open("group")
        let sharedAgain = try await open("group")
        try await closing(single, shared, sharedAgain) {
            var projector = Projector(log: log, store: single, batchSize: 5)
            projector.maxBatchSize = 5
            try await projector.catchUp()
            var one = try await PartitionMember(store: shared, log: log.owning(first))
            var two = try await PartitionMember(store: sharedAgain, log: log.owning(second))
            // Both fold before either commits; they commit in alternating orders.
            var round = 0
            while true {
                let mine = try await one.fold(limit: 3)
                let theirs = try await two.fold(limit: 4)
                if mine == nil && theirs == nil { break }
                if round % 2 == 0 {
                    if let theirs { try await sharedAgain.commit(theirs, rate: 1) }
                    if let mine { try await shared.commit(mine, rate: 1) }
                } else {
                    if let mine { try await shared.commit(mine, rate: 1) }
                    if let theirs { try await sharedAgain.commit(theirs, rate: 1) }
                }
                round += 1
            }
            try await expectSameExport(shared, single, "two members' store exports what one projector's does")
            try await expectAnswers(of: shared, equalAFoldOf: events, samePositions: false)
            try await expectAggregates(of: shared, log: log, events: events)
        }
    }

    static func twoMembersConcurrently(_ open: @escaping Factory) async throws {
        let events = try await referenceEvents()
        let log = PartitionedMemoryLog(events, partitions: 4)
        let (first, second) = try halves(of: log)
        let single = try await open("one-projector")
        let shared = try await open("group")
        let sharedAgain = try await open("group")
        try await closing(single, shared, sharedAgain) {
            try await Projector(log: log, store: single).catchUp()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (store, numbers) in [(shared, first), (sharedAgain, second)] {
                    group.addTask {
                        var member = try await PartitionMember(store: store, log: log.owning(numbers))
                        while let batch = try await member.fold(limit: 2) { try await store.commit(batch, rate: 1) }
                    }
                }
                try await group.waitForAll()
            }
            try await expectSameExport(shared, single, "two members committing concurrently export what one projector does")
            try await expectAggregates(of: shared, log: log, events: events)
        }
    }

    static func globalEventsMerge(_ open: @escaping Factory) async throws {
        let events = try await referenceEvents()
        let log = PartitionedMemoryLog(events, partitions: 4)
        let (first, second) = try halves(of: log)
        let fold = ProjectionFold.fold(events, from: LedgerState(), position: 0, lastRecordedAt: nil)
        func number(_ event: RecordedEvent) -> Int { PartitionedMemoryLog.number(of: PartitionedMemoryLog.key(of: event.stream, partitions: 4))! }
        let firstGlobal = fold.acceptedGlobal.filter { first.contains(number($0)) }
        let secondGlobal = fold.acceptedGlobal.filter { second.contains(number($0)) }
        try expect(!firstGlobal.isEmpty && !secondGlobal.isEmpty,
                   "both members' partitions hold global events (\(firstGlobal.count) and \(secondGlobal.count))")
        let shared = try await open("group")
        let sharedAgain = try await open("group")
        try await closing(shared, sharedAgain) {
            // Both start from the empty store: the second member's fold state never holds what the first folds.
            var one = try await PartitionMember(store: shared, log: log.owning(first))
            var two = try await PartitionMember(store: sharedAgain, log: log.owning(second))
            while let batch = try await one.fold(limit: 5) { try await shared.commit(batch, rate: 0) }
            var firstOnly = LedgerState()
            for event in firstGlobal { Ledger.applyAccepted(event, to: &firstOnly) }
            try expectGlobalParts(try await shared.checkpointHeader().state, equal: firstOnly, "after the first member")
            while let batch = try await two.fold(limit: 5) { try await sharedAgain.commit(batch, rate: 0) }
            try expectGlobalParts(try await shared.checkpointHeader().state, equal: fold.state, "after both members")
            try expectGlobalParts(try await sharedAgain.meshState().state, equal: fold.state, "the mesh state after both members")
            // The compliance rows were judged against the policies both members folded.
            let compliance = fold.state.contracts.values.sorted { $0.id < $1.id }.map { ComplianceRow($0, state: fold.state) }
            try expect(try await shared.compliance(domain: nil) == compliance, "compliance under the merged policies")
        }
    }

    static func positionsAreFresh(_ open: @escaping Factory) async throws {
        let store = try await open("positions")
        var ranges: [Range<Int64>] = []
        try await closing(store) {
            for count in [1, 7, 100, 70_000, 3, 1] {
                let first = try await store.reservePositions(count)
                ranges.append(first ..< first + Int64(count))
            }
        }
        try expect(ranges[0].lowerBound >= 1, "positions start at 1 or later, not \(ranges[0].lowerBound)")
        try expect(zip(ranges, ranges.dropFirst()).allSatisfy { $0.upperBound <= $1.lowerBound },
                   "one caller's positions increase and never repeat: \(ranges)")
        let reopened = try await open("positions")
        try await closing(reopened) {
            let next = try await reopened.reservePositions(5)
            try expect(next >= ranges[ranges.count - 1].upperBound, "a reopened store hands out positions after the old ones, not \(next)")
        }
        // Positions events were numbered with, on either kind of log, are never handed out again.
        let events = try await referenceEvents()
        for (name, log) in [("partitioned", PartitionedMemoryLog(events, partitions: 4) as any EventLog),
                            ("global", try await memoryLog(events) as any EventLog)] {
            let projected = try await open(name)
            try await closing(projected) {
                try await Projector(log: log, store: projected).catchUp()
                let position = try await projected.position()
                let next = try await projected.reservePositions(1)
                try expect(next > position, "a \(name) store at \(position) hands out \(next)")
            }
        }
    }

    static func positionsUnderConcurrency(_ open: @escaping Factory) async throws {
        let one = try await open("counter")
        let two = try await open("counter")
        try await closing(one, two) {
            let perTask = try await withThrowingTaskGroup(of: [Range<Int64>].self) { group in
                for task in 0..<6 {
                    let store = task % 2 == 0 ? one : two
                    group.addTask {
                        var mine: [Range<Int64>] = []
                        for call in 0..<20 {
                            // Mostly small, once more than a whole block, so callers refill side by side.
                            let count = call == 10 ? 70_000 : (task * 31 + call * 17) % 40 + 1
                            let first = try await store.reservePositions(count)
                            mine.append(first ..< first + Int64(count))
                        }
                        return mine
                    }
                }
                var all: [[Range<Int64>]] = []
                for try await ranges in group { all.append(ranges) }
                return all
            }
            for ranges in perTask {
                try expect(zip(ranges, ranges.dropFirst()).allSatisfy { $0.upperBound <= $1.lowerBound }, "each caller's positions increase")
            }
            let sorted = perTask.flatMap { $0 }.sorted { $0.lowerBound < $1.lowerBound }
            let overlaps = zip(sorted, sorted.dropFirst()).filter { $0.upperBound > $1.lowerBound }
            try expect(overlaps.isEmpty, "no position is handed out twice: \(overlaps.prefix(3))")
        }
    }

    // MARK: - Support

    /// The log's partition numbers in two halves (even, odd), each holding events.
    static func halves(of log: PartitionedMemoryLog, check: String = #function) throws -> (Set<Int>, Set<Int>) {
        let numbers = (0..<4)
        let first = Set(numbers.filter { $0 % 2 == 0 })
        let second = Set(numbers.filter { $0 % 2 == 1 })
        try expect(!log.usedNumbers.isDisjoint(with: first) && !log.usedNumbers.isDisjoint(with: second),
                   "both halves of the partitions hold events: \(log.usedNumbers.sorted())", check: check)
        return (first, second)
    }

    /// The store's checkpoint, aggregated over every member's partitions, is where the log ends.
    static func expectAggregates(of store: any ReadModelStoring, log: PartitionedMemoryLog, events: [StoredEvent],
                                 check: String = #function) async throws {
        let header = try await store.checkpointHeader()
        try expect(header.cursor == (try await log.endCursor()), "the stored cursor is the log's end: \(header.cursor)", check: check)
        try expect(header.lastRecordedAt == events.map(\.envelope.recordedAt).max(), "the latest record time over the partitions", check: check)
        let position = try await store.position()
        try expect(header.position >= Int64(events.count) && position == header.position,
                   "the position is the highest handed out: \(header.position), position() \(position)", check: check)
        let accepted = ProjectionFold.fold(events, from: LedgerState(), position: 0, lastRecordedAt: nil).state.acceptedCount
        try expect(header.state.acceptedCount == accepted, "accepted events summed over partitions: \(header.state.acceptedCount), not \(accepted)",
                   check: check)
        let status = try await store.status(logEnd: Int64(events.count))
        try expect(status.allSatisfy { $0.events == Int64(events.count) && $0.position == header.position },
                   "every projector's status sums the partitions: \(status)", check: check)
    }
}
