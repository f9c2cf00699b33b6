import DCLApplication
import DCLDomain
import DCLEventLog
import Foundation

/// Reads the log from the store's checkpoint, folds with `Ledger.evolve`, and commits each batch
/// (read-model rows and position together).
///
/// ```swift
/// let report = try await Projector(log: log, store: store).catchUp()
/// print(report.position, report.events)
/// ```
public struct Projector: Sendable {
    public let log: any EventLog
    public let store: any ReadModelStoring
    /// Events per transaction while following the log.
    public var batchSize: Int
    public var limit: ProjectionLimit
    /// The largest transaction a long catch-up grows to. A commit rewrites one quality row per
    /// contract it touches, so larger batches write fewer rows per event; the cost is memory
    /// (three batches are in flight: read, folded, committing; on the embedded log a fourth is
    /// read ahead).
    public var maxBatchSize = Projector.defaultMaxBatchSize
    public static let defaultMaxBatchSize = 8_192
    /// A catch-up at least this long, and at least as long as what the store already holds,
    /// loads without the store's bulk-load indexes and builds them once at the end.
    public var bulkLoadThreshold: Int64 = 100_000
    /// How many contracts' fold state a catch-up keeps in memory between batches. Below it,
    /// nothing is dropped, so a contract is read from the store at most once per catch-up
    /// (dropping a contract the next batch needs again costs a decode of its stored state);
    /// above it, everything outside the last two batches is dropped. A contract's fold state is
    /// a few kilobytes, so this bounds that part of memory at tens of megabytes.
    public var maxHeldContracts = Projector.defaultMaxHeldContracts
    public static let defaultMaxHeldContracts = 16_384
    /// A catch-up at least this long, on a log with one global order, into a store that can
    /// group commits (`ReadModelStoring.groupsCommits`) and with no sink to publish to, writes
    /// its batches in transactions of about `commitGroupEvents` events each (see "Commit groups"
    /// in `catchUp`).
    public var commitGroupThreshold: Int64 = 65_536
    /// Events per commit group (whole batches; a group ends at the first batch that reaches it).
    public var commitGroupEvents = 131_072
    /// The longest a commit group stays open (it ends at the first batch past it): the group holds
    /// the store's write lock, and other processes wait for it at most their busy timeout (10 s),
    /// so on a slow or busy machine a group ends by time before it reaches `commitGroupEvents`.
    public var commitGroupDuration: Duration = .seconds(1)
    /// Where committed notifications go next (e.g. a Kafka topic); nil keeps them in the store
    /// only. Each batch's notifications are handed on after its commit, and a catch-up first
    /// hands on any a previous run committed but did not deliver (when some may be left:
    /// `PublicationSweep`).
    public var notificationSink: (any NotificationSink)?
    /// Where the current read models of the contracts each batch changed are published next
    /// (e.g. the compacted Kafka topics `dcl.catalog.v1` and `dcl.quality-summary.v1`); nil
    /// publishes nothing. Like notifications: after the commit, and at the start of a catch-up
    /// whatever a previous run committed but did not publish.
    public var changelogSink: (any ChangelogSink)?
    /// When a catch-up looks for what was committed and not published (shared by copies; a copy
    /// given other sinks looks on its first catch-up, as the sinks are part of what was looked at).
    let publicationSweep = PublicationSweep()

    public init(log: any EventLog, store: any ReadModelStoring, batchSize: Int = 2000, limit: ProjectionLimit = .none) {
        self.log = log
        self.store = store
        self.batchSize = max(1, batchSize)
        self.limit = limit
    }

    /// Events to read next with `remaining` events left to fold, after `batchesRead` batches of
    /// this catch-up: `batchSize` while following, growing with the backlog up to `maxBatchSize`
    /// (never below `batchSize`), and at most doubling from one batch to the next.
    ///
    /// Why it starts small: read, fold and commit overlap only once there is a batch in each, so
    /// a catch-up's first batch passes through them alone. A new ledger's first events are
    /// publishes, the costliest to fold and commit, and a first batch of thousands of them left
    /// both cores waiting on one stage after another.
    func nextBatchSize(remaining: Int64, batchesRead: Int) -> Int {
        let grown = max(batchSize, min(maxBatchSize, Int(clamping: remaining / 8)))
        let (doubled, overflow) = batchSize.multipliedReportingOverflow(by: 1 << min(batchesRead, 32))
        let ramped = overflow ? grown : min(grown, doubled)
        return max(1, min(ramped, Int(clamping: remaining)))
    }

    /// Brings the read models up to the log's end as it is when called (or the limit), then returns.
    ///
    /// Three stages overlap: the next batch is read while the current one is folded, and the
    /// current one is folded while the previous one commits. Commits stay in order (each waits
    /// for the one before), and a batch is folded from the state its predecessor reached, so the
    /// store sees exactly the sequence of transactions a one-batch-at-a-time loop would write.
    /// On the embedded log the read of the batch after next begins as soon as the next one's
    /// read ends (`ReadAhead`); reads never overlap, and none runs past the return. With sinks, a
    /// committed batch is published while the next one folds and commits, one publication at a
    /// time, each covering every commit since the one before, all of them done before the return.
    @discardableResult
    public func catchUp(progress: (@Sendable (ProjectionProgress) -> Void)? = nil,
                        shouldStop: @Sendable () -> Bool = { false }) async throws -> ProjectionReport {
        try await refuseIfFrozen()
        try await store.checkBelongs(to: log)
        // Sinks publish the partitions this projector folds (all of them unless it is in a group;
        // on Kafka asking is a metadata request, made only when there are sinks). What a run
        // before committed and did not publish is looked for only when some may be left
        // (`PublicationSweep`): looking costs two store queries per partition.
        var knownPlaces: ContractPartitions?
        if notificationSink != nil || changelogSink != nil {
            let places = try await log.contractPartitions()
            let sinks = [notificationSink?.name, changelogSink?.name].compactMap { $0 }
            if publicationSweep.isDue(for: places.folded, sinks: sinks) {
                do {
                    try await deliverNotifications(places)
                    try await publishChanges(places)
                } catch {
                    publicationSweep.invalidate()
                    throw error
                }
                publicationSweep.swept(places.folded, sinks: sinks)
            }
            knownPlaces = places
        }
        let endCursor = try await log.endCursor()
        // Only the global part of the fold state: when nothing is new, that is all a read costs.
        var checkpoint = try await store.checkpointHeader()
        let storeWasEmpty = checkpoint.position == 0 && checkpoint.cursor.next.isEmpty
        let globalOrder = endCursor.next.keys.contains(LogCursor.globalPartition)
        if globalOrder && checkpoint.cursor.next.isEmpty { checkpoint.cursor = .after(position: checkpoint.position) }
        // `--to-position` cuts a log with one global order; a partitioned log is read to its end.
        let stopAt = globalOrder ? limit.toPosition : nil
        var remaining = checkpoint.cursor.remaining(to: endCursor)
        if let stopAt { remaining = min(remaining, max(0, stopAt - checkpoint.position)) }
        let end = checkpoint.position + remaining
        if remaining <= 0 {
            return ProjectionReport(position: checkpoint.position, end: checkpoint.position, events: 0, eventsPerSecond: 0)
        }
        let places: ContractPartitions
        if let knownPlaces { places = knownPlaces } else { places = try await log.contractPartitions() }
        // The contracts and streams the state holds: those of the batch being folded and of the
        // one before it, whose commit may still be running (see `FoldParts`).
        var held = FoldParts()
        var previousParts = FoldParts()
        let started = Date()
        var folded = 0
        var prefetched: (from: LogCursor, task: Task<(LogBatch, ProjectionFold.PreparedEvents?, ReadAhead?), any Error>)?
        // The read of the batch after the prefetched one, begun when that one's read ended. Only
        // on a log with one global order (the embedded log), whose read is one thread's work: a
        // partitioned log's read decodes on every core already, and reading further ahead there
        // only held one more batch in memory.
        var readAhead: ReadAhead?
        let readsAhead = globalOrder
        var committing: (task: Task<Void, any Error>, events: Int, toPosition: Int64, notifies: Bool, changed: ContractPartitions,
                         lastHash: String?)?
        // The sinks' work, beside the loop (see `finishCommit`): the publication in flight, and
        // what the commits since it began changed, to publish next.
        var publishing: (task: Task<Void, any Error>, ended: PublicationEnd)?
        var toPublish = (partitions: Set<Int32>(), notifies: false)
        defer { prefetched?.task.cancel() }
        let store = self.store
        let log = self.log
        let bulkLoad = remaining >= max(bulkLoadThreshold, checkpoint.position)
        if bulkLoad { try await store.dropBulkLoadIndexes() }
        // A store no one reads until the end takes each contract's quality row and publication
        // mark once (when its fold state is dropped, and at the end): a batch touches most
        // contracts, so rewriting them per batch cost about one row per event.
        let heldAlone = store.writesContractRowsLast && !limit.isLimited
        // Commit groups: a long catch-up into a shared store writes its batches in transactions
        // of about `commitGroupEvents` events, and each contract's quality row and publication
        // mark once per group, as a store held alone does once per catch-up. Readers see the store
        // as each group leaves it; the fold state is dropped only at a group's end, so what the
        // store gives back for a dropped contract is what the group wrote. Not where sinks
        // publish after each commit, nor on a partitioned log (its batches reserve positions on
        // the writer connection, outside any group).
        let groups = store.groupsCommits && !heldAlone && globalOrder && !limit.isLimited
            && notificationSink == nil && changelogSink == nil && remaining >= commitGroupThreshold
        var eventsInGroup = 0
        var groupOpened = ContinuousClock.now
        let rowsLast = heldAlone || groups
        // Whether a batch changed quality totals since they were last written. Which contracts
        // is not gathered: they are those whose totals the fold state holds (`writeHeldRows`).
        var qualityUnwritten = false
        var unpublished = Set<ContractID>()
        // While every held contract is also unpublished (true until held rows are first written
        // while contracts stay held), a batch's contracts are the held ones plus those it loads,
        // so only those it loads need adding: a batch touches most contracts, and adding them all
        // again hashed each one per batch.
        var unpublishedCoversHeld = true
        // A store held alone that started empty has only what this catch-up wrote, and the fold
        // state holds all of that until something is dropped: until then a part the state lacks
        // is in no row either, so it is not asked for. (A rebuild's store is one connection, so
        // asking would also wait for the commit in flight: on a new ledger, the first batches'
        // publishes.)
        var storeHoldsOnlyHeld = rowsLast && storeWasEmpty
        var lastHash: String?
        var lastRate = 0.0
        var batchesRead = 0
        /// Ends the reads begun ahead and waits for them: none outlives the catch-up (its caller
        /// may close the log next), and one from a cursor the loop left is not taken.
        func stopReading() async {
            if let stale = prefetched {
                prefetched = nil
                stale.task.cancel()
                if let (_, _, ahead) = try? await stale.task.value { await ahead?.abandon() }
            }
            await readAhead?.abandon()
            readAhead = nil
        }
        /// Waits for the commit in flight; false when another projector moved the store first.
        func finishCommit() async throws -> Bool {
            guard let pending = committing else { return true }
            committing = nil
            do {
                try await pending.task.value
            } catch let error as ProjectionError where error.code == .staleCheckpoint {
                return false
            }
            if notificationSink != nil || changelogSink != nil {
                toPublish.partitions.formUnion(pending.changed.folded)
                toPublish.notifies = toPublish.notifies || pending.notifies
                if publishing?.ended.hasEnded ?? true { try await startPublishing() }
            }
            folded += pending.events
            lastHash = pending.lastHash ?? lastHash
            let elapsed = Date().timeIntervalSince(started)
            progress?(ProjectionProgress(position: pending.toPosition, end: end, events: folded,
                                         eventsPerSecond: elapsed > 0 ? Double(folded) / elapsed : 0))
            return true
        }
        /// Publishes what the commits since the last publication changed, beside the loop. Why
        /// beside, and only once the one before has ended: a publication waits for the broker's
        /// acknowledgements and gives each changed contract's current value, so publishing after
        /// every commit, in the loop, held up the next fold and commit, and published a contract
        /// again for every batch that touched it (on Kafka it nearly doubled a long catch-up). A
        /// sink reads what the store holds past its marks, so a publication covers every commit
        /// before it, in their order, and what it skips in between are values a later one
        /// replaces; a failed one ends the catch-up at the next commit.
        func startPublishing() async throws {
            try await finishPublishing()
            guard !toPublish.partitions.isEmpty else { return }
            let changed = ContractPartitions(folded: toPublish.partitions.sorted(), partition: places.partition)
            let notifies = toPublish.notifies
            toPublish = ([], false)
            let projector = self
            let ended = PublicationEnd()
            publishing = (Task {
                defer { ended.mark() }
                if notifies { try await projector.deliverNotifications(changed) }
                try await projector.publishChanges(changed)
            }, ended)
        }
        /// Waits for the publication in flight, if any, and passes on its error.
        func finishPublishing() async throws {
            guard let pending = publishing else { return }
            publishing = nil
            try await pending.task.value
        }
        /// Publishes everything committed so far, and waits for it.
        func publishAll() async throws {
            try await startPublishing()
            try await finishPublishing()
        }
        /// Writes the quality rows and publication marks held back so far (`rowsLast`), as a
        /// commit of no events at the checkpoint reached.
        func writeHeldRows() async throws {
            guard rowsLast, qualityUnwritten || !unpublished.isEmpty else { return }
            // (In a commit group only its first commit can be refused, and `closeCommitGroup`
            // waits for the commit in flight before it comes here.)
            guard try await finishCommit() else { throw Self.storeNotHeldAlone(store) }
            var rows = ProjectionBatch(fromPosition: checkpoint.position, toPosition: checkpoint.position, state: checkpoint.state,
                                       lastRecordedAt: checkpoint.lastRecordedAt)
            rows.joinsCommitGroup = groups
            rows.onTimeChecks = checkpoint.onTimeChecks
            rows.lastHash = lastHash
            rows.cursor = checkpoint.cursor
            rows.fromCursor = globalOrder ? nil : checkpoint.cursor
            // Every contract whose totals the state holds: each was changed by this catch-up, or
            // read from the store and is written back unchanged. Gathering the changed ones batch
            // by batch hashed every contract of every batch a second time.
            rows.changedQuality = qualityUnwritten ? Set(checkpoint.state.quality.keys) : []
            rows.publishedContracts = unpublished
            rows.contractPartitions = places
            try await store.commit(rows, rate: lastRate)
            qualityUnwritten = false
            unpublished = []
            if changelogSink != nil { toPublish.partitions.formUnion(Self.partitions(changedBy: rows, in: places).folded) }
            try await publishAll()
        }
        /// Ends the commit group: its last batch's commit, the rows it held back, then the
        /// transaction. False when that commit was refused (it was the group's first: another
        /// projector moved the store before the group began): nothing of the group is in the
        /// store, and the catch-up goes on from the store's checkpoint (`restartFromStore`).
        func closeCommitGroup() async throws -> Bool {
            guard try await finishCommit() else {
                try await restartFromStore()
                return false
            }
            try await writeHeldRows()
            try await store.endCommitGroup()
            unpublishedCoversHeld = false
            eventsInGroup = 0
            return true
        }
        /// Another projector moved the store first: continue from where it left it. Anything
        /// held back went with the refused commit (a store held alone cannot get here; in a
        /// commit group only its first commit can be refused, and the group rolled back with it).
        func restartFromStore() async throws {
            checkpoint = try await store.checkpointHeader()
            if globalOrder && checkpoint.cursor.next.isEmpty { checkpoint.cursor = .after(position: checkpoint.position) }
            remaining = checkpoint.cursor.remaining(to: endCursor)
            if let stopAt { remaining = min(remaining, max(0, stopAt - checkpoint.position)) }
            held = FoldParts()
            previousParts = FoldParts()
            qualityUnwritten = false
            unpublished = []
            unpublishedCoversHeld = true
            storeHoldsOnlyHeld = false
            eventsInGroup = 0
        }
        do {
            while remaining > 0 && !shouldStop() {
                let batchStart = Date()
                var read: LogBatch
                var prepared: ProjectionFold.PreparedEvents?
                if let ahead = prefetched, ahead.from == checkpoint.cursor {
                    (read, prepared, readAhead) = try await ahead.task.value
                    prefetched = nil
                } else {
                    await stopReading()
                    read = try await log.read(from: checkpoint.cursor, limit: nextBatchSize(remaining: remaining, batchesRead: batchesRead))
                }
                batchesRead += 1
                // Taken out of the batch, not copied from it: on a partitioned log the events get
                // their positions below, and an array still shared with `read` would be copied
                // whole first (every string of every event retained, and released again later).
                var events: [StoredEvent] = []
                swap(&events, &read.events)
                var after = read.after
                if let stopAt, let cut = events.firstIndex(where: { $0.position > stopAt }) {
                    events.removeSubrange(cut...)
                    after = .after(position: stopAt)
                    prepared = nil
                }
                if !read.hasGlobalPositions && !events.isEmpty {
                    // A partitioned log: the events are numbered in the order they are folded, with
                    // positions the store hands out to every projector sharing it (never the same twice).
                    let first = try await store.reservePositions(events.count)
                    for index in events.indices { events[index].position = first + Int64(index) }
                }
                guard let last = events.last else { break }
                remaining -= Int64(events.count)
                if remaining > 0 {
                    let limit = nextBatchSize(remaining: remaining, batchesRead: batchesRead)
                    let from = after
                    // The next batch is read, decoded and checked while this one is folded (an
                    // audit replay's filter applies to the events first, so it prepares its own).
                    // On the embedded log its read was usually begun a batch earlier (`ReadAhead`,
                    // `readsAhead`): the read of the batch after it begins as soon as it ends, so
                    // that reading, one thread's work, overlaps decoding and checking, which take
                    // both cores.
                    let prepares = !self.limit.isLimited
                    let begun = readAhead
                    readAhead = nil
                    let projector = self
                    let left = remaining
                    let batchesThen = batchesRead
                    prefetched = (from, Task {
                        var next: LogBatch
                        if let taken = try await begun?.take(from: from, limit: limit) { next = taken } else {
                            next = try await log.read(from: from, limit: limit)
                        }
                        let rest = left - Int64(next.events.count)
                        // (None once the catch-up has stopped reading: `stopReading` cancels this task.)
                        let following = readsAhead && rest > 0 && !next.events.isEmpty && !Task.isCancelled
                            ? ReadAhead(log: log, from: next.after, limit: projector.nextBatchSize(remaining: rest, batchesRead: batchesThen + 1))
                            : nil
                        let prepared = prepares ? ProjectionFold.prepare(&next.events) : nil
                        return (next, prepared, following)
                    })
                }
                // (Filtering copies every event; an unlimited projection takes them all.)
                let included = limit.isLimited ? events.filter(limit.includes) : events
                // Parts not touched since the batch before last are in the store by now (its
                // commit finished before this fold): when too many are held, drop them. Then
                // load what this batch needs and is not held.
                // (What is missing is found once per batch, and `held` grows in place: building
                // the union of two sets of ~10,000 contracts for every batch cost more than the
                // batch's own lookups.)
                let parts = prepared?.parts ?? FoldParts(included)
                var missing = parts.subtracting(held)
                if held.contracts.count + missing.contracts.count > maxHeldContracts
                    || held.streams.count + missing.streams.count > maxHeldContracts {
                    if groups {
                        guard try await closeCommitGroup() else { continue }
                    } else {
                        try await writeHeldRows()
                    }
                    unpublishedCoversHeld = false
                    let keep = parts.union(previousParts)
                    keep.evictOthers(from: &checkpoint)
                    storeHoldsOnlyHeld = false
                    held = FoldParts(contracts: held.contracts.intersection(keep.contracts), streams: held.streams.intersection(keep.streams))
                    missing = parts.subtracting(held)
                }
                if !storeHoldsOnlyHeld { try await store.loadParts(missing, into: &checkpoint) }
                held.formUnion(missing)
                previousParts = parts
                // The fold takes the state over (see `ProjectionBatch.committedPart`): the checkpoint
                // gets it back from the batch, or from the store when the commit is refused.
                let state = checkpoint.state
                let onTimeChecks = checkpoint.onTimeChecks
                checkpoint.state = LedgerState()
                checkpoint.onTimeChecks = [:]
                var batch = ProjectionFold.fold(included, prepared: limit.isLimited ? nil : prepared.take(), from: consume state,
                                                position: checkpoint.position, lastRecordedAt: checkpoint.lastRecordedAt,
                                                onTimeChecks: consume onTimeChecks, gathersChangedQuality: !rowsLast)
                // A limited projection (an audit replay) stands at the last event it applied, not
                // at the last one it read past.
                let lastIncluded = limit.isLimited ? included.last : last
                batch.toPosition = lastIncluded?.position ?? checkpoint.position
                batch.lastHash = read.hasGlobalPositions ? lastIncluded?.envelope.hash : nil
                batch.cursor = after
                // On a partitioned log the store checks each partition against where the batch read it.
                batch.fromCursor = read.hasGlobalPositions ? nil : checkpoint.cursor
                batch.eventCount = included.count
                batch.contractPartitions = places
                if rowsLast {
                    qualityUnwritten = qualityUnwritten || !batch.checks.isEmpty
                    unpublished.formUnion(unpublishedCoversHeld ? missing.contracts : parts.contracts)
                    batch.publishedContracts = []
                } else {
                    // Every contract with an event in the batch: the parts already name them (left
                    // nil, the store found them again by parsing each timeline row's stream).
                    batch.publishedContracts = parts.contracts
                }
                // Encoded while the previous batch commits, so the commit only writes them.
                try batch.encodeContractRows()
                let committed = try await finishCommit()
                guard committed else {
                    // Rows held back are written from the fold state, which this store no longer matches.
                    if heldAlone { throw Self.storeNotHeldAlone(store) }
                    // Another projector got there first: continue from where it left the store.
                    try await restartFromStore()
                    continue
                }
                let seconds = Date().timeIntervalSince(batchStart)
                let rate = seconds > 0 ? Double(events.count) / seconds : 0
                lastRate = rate
                batch.joinsCommitGroup = groups
                let ready = batch.committedPart()
                committing = (Task { try await store.commit(ready, rate: rate) }, included.count, batch.toPosition, !batch.notifications.isEmpty,
                              Self.partitions(changedBy: batch, in: places), batch.lastHash)
                checkpoint = ProjectionCheckpoint(position: batch.toPosition, lastRecordedAt: batch.lastRecordedAt, state: batch.state,
                                                  onTimeChecks: batch.onTimeChecks, cursor: after)
                if groups {
                    if eventsInGroup == 0 { groupOpened = ContinuousClock.now }
                    eventsInGroup += included.count
                    // (Refused: the loop goes on from the store's checkpoint.)
                    if eventsInGroup >= commitGroupEvents || ContinuousClock.now - groupOpened >= commitGroupDuration {
                        _ = try await closeCommitGroup()
                    }
                }
            }
            await stopReading()
            if try await !finishCommit() {
                if heldAlone { throw Self.storeNotHeldAlone(store) }
                try await restartFromStore()
            }
            try await writeHeldRows()
            if groups { try await store.endCommitGroup() }
            try await publishAll()
        } catch {
            // A commit may have gone through without its publication: the next catch-up looks.
            publicationSweep.invalidate()
            // Never leave a commit, a publication or a read running behind the caller's back (it
            // may close the store or the log next), nor a commit group open: what it wrote is
            // rolled back.
            if let pending = committing { _ = try? await pending.task.value }
            if let pending = publishing { _ = try? await pending.task.value }
            if groups { await store.abandonCommitGroup() }
            await stopReading()
            if bulkLoad { try? await store.createBulkLoadIndexes() }
            throw error
        }
        if bulkLoad { try await store.createBulkLoadIndexes() }
        let elapsed = Date().timeIntervalSince(started)
        return ProjectionReport(position: checkpoint.position, end: end, events: folded,
                                eventsPerSecond: elapsed > 0 ? Double(folded) / elapsed : 0)
    }
}

extension Projector {
    /// A store that writes per-contract rows last (`ReadModelStoring.writesContractRowsLast`) was
    /// committed to by someone else: what it holds back no longer matches it.
    static func storeNotHeldAlone(_ store: any ReadModelStoring) -> ProjectionError {
        ProjectionError(.staleCheckpoint, "another projector wrote to '\(store.location)', which this rebuild must hold alone")
    }

    /// The partitions of `places` holding a contract whose read models or notices `batch`
    /// changed: after its commit only those have something new for the sinks. (A contract with
    /// only rejected events in the batch is recorded for publishing too, unchanged: the value a
    /// consumer already has, published by a later publication of its partition or the next
    /// sweep over every partition, `PublicationSweep`.)
    static func partitions(changedBy batch: ProjectionBatch, in places: ContractPartitions) -> ContractPartitions {
        guard places.folded.count > 1 else { return places }
        var touched = Set<Int32>()
        for id in batch.changedContracts.union(batch.changedQuality) { touched.insert(places.partition(id.rawValue)) }
        for notice in batch.notifications { touched.insert(places.partition(notice.contractId)) }
        return ContractPartitions(folded: places.folded.filter(touched.contains), partition: places.partition)
    }

    /// Hands the sink every committed notification of the partitions `places` folds that it has
    /// not acknowledged (each partition in log order), and moves each partition's mark once the
    /// sink acknowledged its run. A limited projection (an audit replay) delivers nothing.
    func deliverNotifications(_ places: ContractPartitions) async throws {
        guard let sink = notificationSink, !limit.isLimited else { return }
        let store = self.store
        try await Self.publishRounds(places) { partition in
            try await store.undeliveredNotifications(sink: sink.name, partition: partition).map { ($0.notifications, $0.through) }
        } send: { notifications in
            try await sink.deliver(notifications)
        } mark: { partition, through in
            try await store.markNotificationsDelivered(sink: sink.name, partition: partition, through: through)
        }
    }
}

extension Projector {
    /// Publishes to the changelog sink the current read models of every contract of the
    /// partitions `places` folds changed since its mark there, and moves each partition's mark
    /// once the sink acknowledged its run. A limited projection (an audit replay) publishes nothing.
    func publishChanges(_ places: ContractPartitions) async throws {
        guard let sink = changelogSink, !limit.isLimited else { return }
        let store = self.store
        try await Self.publishRounds(places) { partition in
            try await store.unpublishedChanges(sink: sink.name, partition: partition).map { ($0.changes, $0.through) }
        } send: { changes in
            try await sink.publish(changes)
        } mark: { partition, through in
            try await store.markChangesPublished(sink: sink.name, partition: partition, through: through)
        }
    }

    /// Rounds of publishing over `places`' partitions: one run from each partition with something
    /// after its mark (until about `roundSize` items are gathered), sent to the sink together, then
    /// each partition's mark moved. A sink waits for its broker's acknowledgement per call, so
    /// one call per round rather than one per partition (48 on a default ledger) is what keeps
    /// a commit's publishing short; a partition's items stay in their order.
    static func publishRounds<Item: Sendable>(_ places: ContractPartitions, roundSize: Int = 5000,
                                              run: (Int32) async throws -> ([Item], Int64)?,
                                              send: ([Item]) async throws -> Void,
                                              mark: (Int32, Int64) async throws -> Void) async throws {
        var partitions = places.folded[...]
        while !partitions.isEmpty {
            var items: [Item] = []
            var reached: [(partition: Int32, through: Int64)] = []
            var next: [Int32] = []
            for partition in partitions {
                guard items.count < roundSize else {
                    next.append(partition)
                    continue
                }
                guard let (found, through) = try await run(partition) else { continue }
                items += found
                reached.append((partition, through))
                next.append(partition)
            }
            if !items.isEmpty { try await send(items) }
            for (partition, through) in reached { try await mark(partition, through) }
            partitions = next[...]
        }
    }
}

/// Which events a projection folds: all, or those up to a position and/or a record time (audit replay).
public struct ProjectionLimit: Sendable, Hashable {
    public var toPosition: Int64?
    public var asOf: Timestamp?

    public init(toPosition: Int64? = nil, asOf: Timestamp? = nil) {
        self.toPosition = toPosition
        self.asOf = asOf
    }

    public static let none = ProjectionLimit()
    public var isLimited: Bool { toPosition != nil || asOf != nil }

    func includes(_ event: StoredEvent) -> Bool {
        if let toPosition, event.position > toPosition { return false }
        if let asOf, event.envelope.recordedAt > asOf { return false }
        return true
    }
}

/// Progress of a catch-up, for the progress bar.
public struct ProjectionProgress: Sendable {
    public var position: Int64
    public var end: Int64
    public var events: Int
    public var eventsPerSecond: Double
}

/// What a catch-up did.
public struct ProjectionReport: Sendable {
    public var position: Int64
    public var end: Int64
    public var events: Int
    public var eventsPerSecond: Double
}
