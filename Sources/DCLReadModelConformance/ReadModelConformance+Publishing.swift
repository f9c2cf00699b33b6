import DCLApplication
import DCLDomain
import DCLEventLog
import DCLProjections

/// Checks of what sinks (changelog topics, notifications) read from a store: runs of whole
/// commits per partition after a sink's mark (see `ReadModelStoring`, "Publishing").
extension ReadModelConformance {
    static func publicationMarks(_ open: @escaping Factory) async throws {
        let events = try await referenceEvents()
        let log = try await memoryLog(events)
        let fold = ProjectionFold.fold(events, from: LedgerState(), position: 0, lastRecordedAt: nil)
        let store = try await open("marks")
        try await closing(store) {
            // Small commits, so that a run can stop at a commit boundary.
            var projector = Projector(log: log, store: store, batchSize: 4)
            projector.maxBatchSize = 4
            try await projector.catchUp()

            let all = try await store.notifications(contract: nil, consumer: nil)
            try expect(all.count >= 2, "the reference ledger has notifications: \(all.count)")
            guard let everything = try await store.undeliveredNotifications(sink: "sink") else {
                throw Failure(check: #function, message: "a new sink has notifications to deliver")
            }
            try expect(everything.notifications == all, "a new sink has every notification to deliver, in log order")
            guard let run = try await store.undeliveredNotifications(sink: "sink", partition: 0, limit: 1) else {
                throw Failure(check: #function, message: "a run of at most one notification")
            }
            try expect(!run.notifications.isEmpty && run.notifications == Array(all.prefix(run.notifications.count)),
                       "a run starts with the first commit's notifications")
            try expect(run.through <= everything.through, "a run reaches commit \(run.through), within \(everything.through)")
            try await store.markNotificationsDelivered(sink: "sink", partition: 0, through: run.through)
            let rest = Array(all.dropFirst(run.notifications.count))
            try expect(try await store.undeliveredNotifications(sink: "sink")?.notifications ?? [] == rest,
                       "delivered ones are not handed again")
            try await store.markNotificationsDelivered(sink: "sink", partition: 0, through: 0)
            try expect(try await store.undeliveredNotifications(sink: "sink")?.notifications ?? [] == rest, "a mark never moves back")
            try expect(try await store.undeliveredNotifications(sink: "another")?.notifications == all, "each sink has its own mark")
            try expect(try await store.undeliveredNotifications(sink: "sink", partition: 1) == nil, "a partition the log does not use is empty")
            try await store.markNotificationsDelivered(sink: "sink", partition: 0, through: everything.through)
            try expect(try await store.undeliveredNotifications(sink: "sink") == nil, "nothing after the last commit's notifications")

            guard let changes = try await store.unpublishedChanges(sink: "changelog") else {
                throw Failure(check: #function, message: "a new changelog sink has changes to publish")
            }
            try expect(changes.changes.map(\.contractId) == fold.state.contracts.keys.map(\.rawValue).sorted(), "every contract changed")
            let retired = changes.changes.filter { $0.catalog == nil }.map(\.contractId)
            try expect(retired == fold.state.contracts.values.filter { $0.status == .retired }.map(\.id.rawValue).sorted(),
                       "retired contracts are tombstones: \(retired)")
            try await store.markChangesPublished(sink: "changelog", partition: 0, through: changes.through)
            try expect(try await store.unpublishedChanges(sink: "changelog") == nil, "nothing after the publication mark")
            // Runs of one commit each: every contract comes, in increasing commits, with its current value.
            var through: Int64 = 0
            var seen: [String: ChangelogEntry] = [:]
            var runs = 0
            while let run = try await store.unpublishedChanges(sink: "changelog-2", partition: 0, limit: 1) {
                try expect(run.through > through && !run.changes.isEmpty, "run \(runs) reaches commit \(run.through) after \(through)")
                for change in run.changes { seen[change.contractId] = change }
                through = run.through
                runs += 1
                try await store.markChangesPublished(sink: "changelog-2", partition: 0, through: run.through)
            }
            try expect(runs > 1 && through == changes.through, "\(runs) runs reach commit \(through), the last one \(changes.through)")
            try expect(seen == Dictionary(uniqueKeysWithValues: changes.changes.map { ($0.contractId, $0) }),
                       "the runs publish every contract's current value")
        }
    }

    static func publishingByPartition(_ open: @escaping Factory) async throws {
        let events = try await referenceEvents()
        let log = PartitionedMemoryLog(events, partitions: 4)
        let (first, second) = try halves(of: log)
        let shared = try await open("publishing")
        let sharedAgain = try await open("publishing")
        try await closing(shared, sharedAgain) {
            var members = [try await PartitionMember(store: shared, log: log.owning(first)),
                           try await PartitionMember(store: sharedAgain, log: log.owning(second))]
            // What a consumer of the topics ends with: the latest value per contract, every notice.
            var latest: [String: ChangelogEntry] = [:]
            var notices: [String] = []
            func publish(_ member: PartitionMember) async throws {
                let places = try await member.log.contractPartitions()
                for partition in places.folded {
                    while let run = try await member.store.unpublishedChanges(sink: "changelog", partition: partition, limit: 2) {
                        for change in run.changes {
                            try expect(places.partition(change.contractId) == partition,
                                       "\(change.contractId) published with partition \(partition)")
                            latest[change.contractId] = change
                        }
                        try await member.store.markChangesPublished(sink: "changelog", partition: partition, through: run.through)
                    }
                    while let run = try await member.store.undeliveredNotifications(sink: "notices", partition: partition, limit: 1) {
                        notices += run.notifications.map { $0.eventId ?? "position \($0.position)" }
                        try await member.store.markNotificationsDelivered(sink: "notices", partition: partition, through: run.through)
                    }
                }
            }
            // Both fold before either commits, and they commit in alternating orders, so positions
            // reach the store out of order; each member publishes after its own commit.
            var round = 0
            while true {
                let batches = [try await members[0].fold(limit: 3), try await members[1].fold(limit: 4)]
                if batches.allSatisfy({ $0 == nil }) { break }
                for index in round % 2 == 0 ? [1, 0] : [0, 1] {
                    guard let batch = batches[index] else { continue }
                    try await members[index].store.commit(batch, rate: 1)
                    try await publish(members[index])
                }
                round += 1
            }
            var current: [String: ChangelogEntry] = [:]
            for partition in Int32(0)..<4 {
                for change in try await shared.unpublishedChanges(sink: "fresh", partition: partition, limit: 100_000)?.changes ?? [] {
                    current[change.contractId] = change
                }
            }
            try expect(!current.isEmpty && latest == current,
                       "the latest published value of each contract is its current one (\(latest.count) published, \(current.count) current)")
            let all = try await shared.notifications(contract: nil, consumer: nil).map { $0.eventId ?? "position \($0.position)" }
            try expect(notices.sorted() == all.sorted(), "every notification delivered exactly once: \(notices.count) of \(all.count)")
        }
    }
}
