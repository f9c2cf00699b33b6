import DCLEventLog
import Foundation
import Logging

/// Reads the ledger topics partition by partition from a cursor, a bounded batch at a time, and
/// keeps nothing it has handed out: what a projector folds (`KafkaEventLog.read(from:limit:)`).
///
/// Its consumer stays assigned between calls, so a projector that reads batch after batch (each
/// from the cursor the previous one returned) streams the topics. A call from any other cursor
/// re-assigns every partition at that cursor's offsets. Records that are not readable events are
/// skipped (the cursor moves past them) and logged; `KafkaEventLog.quarantinedByCursorReads()` lists them.
///
/// Read-ahead is bounded here, not by librdkafka's queue limits: each poll moves everything
/// librdkafka has fetched into `pending` (taking records is cheap, decoding them is not), and
/// when `pending` holds `readAheadBytes` the assigned partitions are paused, to be resumed once
/// it is down to half. Between calls every partition is paused, so nothing is fetched while the
/// projector folds. librdkafka (2.0) applies `queued.min.messages` and `queued.max.messages.kbytes`
/// to the consumer queue all partitions share, and once that queue is over either it drops every
/// partition from its broker's fetch list until the broker thread's next wake-up, up to a second
/// later, whereas resuming here wakes it at once (`RDKafkaConsumerHandle.resume`). So its limits
/// are set above this bound (`KafkaConfiguration.streamingConsumerProperties`) and only act if
/// pausing lags.
///
/// Memory: up to `readAheadBytes` of records in `pending` (plus one poll), what librdkafka fetched
/// since the last poll, and the batch handed out.
///
/// A read may be limited to the partitions a member of a projector group owns (`owned`, see
/// `KafkaEventLog.readOnly(partitions:)`): only those are assigned, fetched and asked for their
/// watermarks, and a partition that stops being owned is unassigned before anything else is read.
///
/// Pausing races with assigning. librdkafka starts a partition's fetcher on its main thread, and
/// after an assignment that let others go it does so later, once those have stopped; each
/// pause, resume, seek and start is stamped with a version when it is made, and one served after
/// a newer one is dropped. A resume made while the start of that partition is on its way could
/// be dropped (the partition stays paused) or make the start be dropped (it is never fetched):
/// a read then waited to its deadline. So a partition is paused or resumed only before it is
/// assigned (a pause outlives the assignment; one carried into a new assignment is lifted
/// first) or once a record or the partition's end has come from it since (`unstarted`).
// @unchecked Sendable: `partitions`, `delivered`, `assigned`, `paused`, `unstarted`, `pending`,
// `pendingBytes`, `unfinishedRead` and `resumedAt` are read and written only in the bodies passed to
// `consumer.withHandle`, which run on the consumer's serial dispatch queue, one at a time.
final class KafkaPartitionStream: @unchecked Sendable {
    private let consumer: KafkaConsumer
    private let configuration: KafkaConfiguration
    private let logger: Logger
    private let readAheadBytes: Int
    private var partitions: [KafkaTopicPartition] = []
    /// Per assigned partition, the next offset the consumer delivers after `pending`; nil when
    /// nothing is assigned.
    private var delivered: [KafkaTopicPartition: Int64]?
    /// The partitions assigned now.
    private var assigned = Set<KafkaTopicPartition>()
    /// The partitions paused now (assigned or not: librdkafka keeps a pause across assignments).
    private var paused = Set<KafkaTopicPartition>()
    /// The partitions assigned by the last assignment that nothing has come from yet: librdkafka
    /// may not have started fetching them, so they are neither paused nor resumed.
    private var unstarted = Set<KafkaTopicPartition>()
    /// Records and partition ends polled but not handed out yet, oldest first from `pendingStart`.
    private var pending: [KafkaConsumerEvent] = []
    private var pendingStart = 0
    /// The approximate memory of the records in `pending` (`KafkaConsumerMessage.footprint`).
    private var pendingBytes = 0
    /// The watermarks the last read stopped short of (it reached its limit first), and the cursor it
    /// handed out: a read that continues from that cursor reads on to the same ends instead of asking
    /// every partition again. Querying a watermark is a round trip per partition (hundreds on a ledger
    /// with many partitions), which made each batch of a catch-up wait far longer than its fold.
    /// Kept with the owned partitions it was read for: after a rebalance the ends are asked again.
    private var unfinishedRead: (owned: Set<Int32>?, marks: [KafkaTopicPartition: (low: Int64, high: Int64)],
                                 next: [KafkaTopicPartition: Int64])?
    /// For tracing: when each partition was last resumed, until its first record arrives.
    private var resumedAt: [KafkaTopicPartition: ContinuousClock.Instant] = [:]

    /// The read-ahead bound: with ~1 KiB per record in memory, about one batch of the projector's
    /// largest size (8,192 events), enough for the next read to start from while the partitions it
    /// resumes fetch again.
    static let defaultReadAheadBytes = 8 << 20

    init(configuration: KafkaConfiguration, logger: Logger, readAheadBytes: Int = KafkaPartitionStream.defaultReadAheadBytes) throws(KafkaError) {
        self.configuration = configuration
        self.logger = logger
        self.readAheadBytes = max(1, readAheadBytes)
        consumer = try KafkaConsumer(properties: configuration.streamingConsumerProperties(), logger: logger)
    }

    /// Partitions of the quality topic read at once, each to its end before the window moves on.
    /// A fetch round brings up to `max.partition.fetch.bytes` per fetching partition (512 KiB),
    /// and what is in flight when the reader pauses arrives anyway: the window bounds it at 8 MiB
    /// however many partitions the topic has.
    static let window = 16

    /// What one read hands out.
    struct Batch: Sendable {
        var events: [StoredEvent]
        /// Per partition read, the offset after the last record taken (quarantined ones included).
        var next: [KafkaTopicPartition: Int64]
        /// Every partition the read covered (those `owned` stands for), read to its end or not.
        var partitions: [KafkaTopicPartition]
        /// The records passed over because they are not readable events.
        var quarantined: [KafkaQuarantinedMessage] = []
    }

    /// The partitions of `all` that `owned` (contracts-topic partition numbers; nil: all) stands
    /// for: those of the contracts topic, and every quality partition q with q mod (contracts
    /// partitions) in `owned`, where the quality streams of those contracts are when the quality
    /// topic has a multiple of the contracts topic's partitions (a key's partition is its hash
    /// modulo the count).
    static func readable(_ all: [KafkaTopicPartition], owned: Set<Int32>?, contractsTopic: String) -> [KafkaTopicPartition] {
        guard let owned else { return all }
        let count = Int32(all.filter { $0.topic == contractsTopic }.count)
        return all.filter { partition in
            partition.topic == contractsTopic ? owned.contains(partition.partition) : count > 0 && owned.contains(partition.partition % count)
        }
    }

    /// How many partitions each ledger topic has, from the cluster's metadata (nothing is read).
    func partitionCounts() async throws(EventLogError) -> (contracts: Int, quality: Int) {
        let configuration = self.configuration
        return try await withConsumer { _, _ throws(KafkaError) in
            (self.partitions.filter { $0.topic == configuration.contractsTopic }.count,
             self.partitions.filter { $0.topic == configuration.qualityTopic }.count)
        }
    }

    /// The high watermark of every partition `owned` stands for (nil: of both topics): where the
    /// ledger, or that member's part of it, ends now.
    func ends(owned: Set<Int32>? = nil) async throws(EventLogError) -> [KafkaTopicPartition: Int64] {
        try await withConsumer { handle, deadline throws(KafkaError) in
            let partitions = KafkaPartitionStream.readable(self.partitions, owned: owned, contractsTopic: self.configuration.contractsTopic)
            return try self.watermarks(handle, of: partitions, deadline: deadline).mapValues(\.high)
        }
    }

    /// Up to `limit` events at or after `start` (a partition not named starts at its first
    /// record) in the partitions `owned` stands for (nil: all), reading each partition only up to
    /// its high watermark at the time of the call, and with `until` only below the offset it names
    /// (nothing of a partition it does not name).
    func read(from start: [KafkaTopicPartition: Int64], until: [KafkaTopicPartition: Int64]? = nil, limit: Int,
              owned: Set<Int32>? = nil) async throws(EventLogError) -> Batch {
        try await withConsumer { handle, deadline throws(KafkaError) in
            try self.read(handle, from: start, until: until, limit: limit, owned: owned, deadline: deadline)
        }
    }

    private func withConsumer<T: Sendable>(_ body: @escaping @Sendable (RDKafkaConsumerHandle, ContinuousClock.Instant) throws(KafkaError) -> T)
        async throws(EventLogError) -> T {
        let deadline = ContinuousClock.now.advanced(by: configuration.requestTimeout)
        do {
            return try await consumer.withHandle { handle throws(KafkaError) in
                if self.partitions.isEmpty {
                    self.partitions = try KafkaLedgerMetadata.ledgerPartitions(handle, configuration: self.configuration, logger: self.logger,
                                                                             deadline: deadline)
                }
                return try body(handle, deadline)
            }
        } catch {
            throw KafkaEventLog.unavailable(error, configuration: configuration)
        }
    }

    private func watermarks(_ handle: RDKafkaConsumerHandle, of partitions: [KafkaTopicPartition], deadline: ContinuousClock.Instant)
        throws(KafkaError) -> [KafkaTopicPartition: (low: Int64, high: Int64)] {
        guard !partitions.isEmpty else { return [:] }
        return try KafkaLedgerMetadata.retrying(deadline, "query the watermarks of \(partitions.count) partitions",
                                              configuration: configuration, logger: logger) { milliseconds throws(KafkaError) in
            try handle.watermarks(of: partitions, timeoutMilliseconds: milliseconds)
        }
    }

    // MARK: - Reading (runs on the consumer's queue)

    /// `DCL_STREAM_TRACE=1`: one line per read on standard error (where its time went).
    static let tracing = ProcessInfo.processInfo.environment["DCL_STREAM_TRACE"] == "1"
    private static func trace(_ line: @autoclosure () -> String) {
        guard tracing else { return }
        FileHandle.standardError.write(Data("[stream \(String(format: "%.3f", Date().timeIntervalSince1970))] \(line())\n".utf8))
    }
    private static func ms(_ duration: Duration) -> String {
        String(format: "%.1f", Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15)
    }

    /// What one read did, for the trace line.
    private struct ReadStatistics {
        var polls = 0, emptyPolls = 0, assigns = 0, polledRecords = 0, polledEnds = 0, pauses = 0, resumes = 0
        var pollWait = Duration.zero, marksTime = Duration.zero, pauseTime = Duration.zero, decodeTime = Duration.zero
        /// The longest time from resuming a partition to its first record.
        var slowestResume = Duration.zero
        var lastError: KafkaError?
    }

    private func read(_ handle: RDKafkaConsumerHandle, from requested: [KafkaTopicPartition: Int64], until: [KafkaTopicPartition: Int64]?,
                      limit: Int, owned: Set<Int32>?, deadline: ContinuousClock.Instant) throws(KafkaError) -> Batch {
        let readStart = ContinuousClock.now
        var statistics = ReadStatistics()
        defer {
            KafkaPartitionStream.trace("read limit \(limit): \(KafkaPartitionStream.ms(ContinuousClock.now - readStart)) ms, "
                + "watermarks \(KafkaPartitionStream.ms(statistics.marksTime)) ms, \(statistics.polls) polls (\(statistics.emptyPolls) empty, "
                + "\(KafkaPartitionStream.ms(statistics.pollWait)) ms in poll), \(statistics.polledRecords) records + \(statistics.polledEnds) ends polled, "
                + "\(statistics.assigns) assigns, \(statistics.pauses) paused, \(statistics.resumes) resumed "
                + "(first record after \(KafkaPartitionStream.ms(statistics.slowestResume)) ms at most; \(KafkaPartitionStream.ms(statistics.pauseTime)) ms pausing and resuming), "
                + "\(KafkaPartitionStream.ms(statistics.decodeTime)) ms decoding, "
                + "\(pending.count - pendingStart) held (\(pendingBytes / 1024) KiB)")
        }
        let partitions = KafkaPartitionStream.readable(self.partitions, owned: owned, contractsTopic: configuration.contractsTopic)
        let readable = Set(partitions)
        if !assigned.isSubset(of: readable) {
            // Partitions this reader no longer owns (another member of the group folds them now):
            // let them go at once, with whatever was fetched of them, rather than keep them
            // assigned, even paused, until the next window is assigned.
            handle.unassign()
            KafkaPartitionStream.trace("unassign \(assigned.subtracting(readable).count) partitions no longer owned")
            dropPending()
            assigned = []
            unstarted = []
            delivered = nil
        }
        let marks: [KafkaTopicPartition: (low: Int64, high: Int64)]
        if let unfinishedRead, unfinishedRead.owned == owned, unfinishedRead.next.allSatisfy({ requested[$0.key] == $0.value }) {
            // Records written since are read once these ends are reached: the read that finds
            // nothing left below them asks for the watermarks again.
            marks = unfinishedRead.marks
        } else {
            let started = ContinuousClock.now
            marks = try watermarks(handle, of: partitions, deadline: deadline)
            statistics.marksTime = ContinuousClock.now - started
        }
        unfinishedRead = nil
        var next: [KafkaTopicPartition: Int64] = [:]
        var target: [KafkaTopicPartition: Int64] = [:]
        for partition in partitions {
            guard let mark = marks[partition] else { continue }
            // Records below the low watermark are gone (retention); the cursor moves past them.
            next[partition] = max(requested[partition] ?? 0, mark.low)
            target[partition] = until.map { min(mark.high, $0[partition] ?? 0) } ?? mark.high
        }
        var unfinished = Set(partitions.filter { (next[$0] ?? 0) < (target[$0] ?? 0) })
        guard limit > 0, !unfinished.isEmpty else { return Batch(events: [], next: next, partitions: partitions) }
        var events: [StoredEvent] = []
        var quarantined: [KafkaQuarantinedMessage] = []
        let contractsTopic = configuration.contractsTopic, qualityTopic = configuration.qualityTopic
        let maximumRecordBytes = configuration.maximumRecordBytes
        var firstRound = true
        while events.count < limit && !unfinished.isEmpty {
            // The contracts topic up to its end first: the fold counts a quality result as on time
            // against the service level of its contract, so the contract's lifecycle events must
            // come first (they are written first; this keeps them first on reading too).
            let contractsLeft = unfinished.contains { $0.topic == configuration.contractsTopic }
            let wanted: Set<KafkaTopicPartition>
            if contractsLeft {
                // One contracts partition at a time, in partition order, as a rebuild always read
                // them: a few folds still look across the topic's streams (the consumers a breaking
                // change notifies are those subscribed when it is folded), so this order is kept.
                wanted = [unfinished.filter { $0.topic == configuration.contractsTopic }.min()!]
            } else if !assigned.isDisjoint(with: unfinished) && assigned.allSatisfy({ $0.topic != configuration.contractsTopic }) {
                wanted = assigned
            } else {
                // A window of partitions at a time, each read to its end before the next window.
                wanted = Set(unfinished.sorted().prefix(KafkaPartitionStream.window))
            }
            // (Within a call the consumer delivers what `next` asks for by construction: only a
            // call's first round can find it elsewhere.)
            if wanted != assigned || (firstRound && !continues(from: next.filter { wanted.contains($0.key) })) {
                dropPending()
                let offsets = next.filter { wanted.contains($0.key) }
                // A pause carried into the assignment is lifted before it (the assignment sets
                // where fetching starts); afterwards it would race with the fetcher's start.
                let carried = wanted.intersection(paused)
                if !carried.isEmpty {
                    try handle.resume(Array(carried))
                    paused.subtract(carried)
                    statistics.resumes += carried.count
                }
                try handle.assign(offsets)
                unstarted = wanted
                statistics.assigns += 1
                KafkaPartitionStream.trace("assign \(offsets.count): \(offsets.keys.sorted().map(\.description).joined(separator: " "))")
                delivered = offsets
                assigned = wanted
            }
            firstRound = false
            try adjustFetching(handle, unfinished: unfinished, statistics: &statistics)
            if pendingStart == pending.count {
                guard ContinuousClock.now < deadline else {
                    let behind = unfinished.min().map { "\($0) up to offset \(target[$0] ?? 0) (at \(next[$0] ?? 0))" } ?? ""
                    throw KafkaError(.timedOut, "could not read \(behind) within \(configuration.requestTimeout)"
                                     + (statistics.lastError.map { "; last error: \($0.message)" } ?? ""))
                }
            }
            // Wait only when there is nothing to hand out.
            fill(handle, waitMilliseconds: pendingStart == pending.count ? remainingMilliseconds(until: deadline, cap: 100) : 0,
                 statistics: &statistics)
            try adjustFetching(handle, unfinished: unfinished, statistics: &statistics)
            // Take records in order until the limit, a poll's worth at a time so that the next fill
            // comes soon after; the rest stays held for the next round or call.
            var taken: [KafkaConsumerMessage] = []
            let room = min(limit - events.count, KafkaPartitionStream.pollSize)
            // Records come in runs of one partition: the run's `next` and `target` are kept here
            // and written back when it ends, instead of looked up by topic name for every record.
            var run: KafkaTopicPartition?
            var runNext: Int64 = 0, runTarget: Int64 = 0
            while pendingStart < pending.count && taken.count < room {
                // Moved out (a placeholder left in its slot), not copied: nothing reads a record
                // held before `pendingStart`.
                var event = KafkaPartitionStream.takenSlot
                swap(&event, &pending[pendingStart])
                pendingStart += 1
                switch consume event {
                case .message(let message):
                    pendingBytes -= message.footprint
                    if run?.partition != message.partition || run?.topic != message.topic {
                        if let run { next[run] = runNext }
                        let partition = message.topicPartition
                        run = partition
                        runNext = next[partition] ?? 0
                        runTarget = target[partition] ?? 0
                    }
                    // Only up to the watermark read at the start (a record beyond it waits for
                    // the next call, which re-assigns: the consumer has moved past the cursor).
                    if message.offset >= runNext && message.offset < runTarget {
                        taken.append(message)
                        runNext = message.offset + 1
                        if runNext >= runTarget, let run { unfinished.remove(run) }
                    }
                case .endOfPartition(let partition, let offset):
                    if let ended = run {
                        next[ended] = runNext
                        run = nil
                    }
                    // Only ever forward: past quarantined records at a partition's end too.
                    if offset > (next[partition] ?? 0) && offset <= (target[partition] ?? 0) { next[partition] = offset }
                    if (next[partition] ?? 0) >= (target[partition] ?? 0) { unfinished.remove(partition) }
                case .error:
                    break
                }
            }
            if let run { next[run] = runNext }
            if pendingStart == pending.count || (!assigned.isEmpty && assigned.isDisjoint(with: unfinished)) {
                // Everything held was handed out, or the partitions assigned are read (the next
                // round assigns others).
                dropPending()
            } else if pendingStart >= KafkaPartitionStream.pollSize && pendingStart * 2 >= pending.count {
                pending.removeFirst(pendingStart)
                pendingStart = 0
            }
            let decodeStart = ContinuousClock.now
            // Lent in place: passed on as a borrowed value, each record was copied first.
            var decoded = ParallelMap.map(inPlace: &taken) { (message: inout KafkaConsumerMessage) in
                KafkaLedgerRecords.decode(message, contractsTopic: contractsTopic, qualityTopic: qualityTopic, maximumRecordBytes: maximumRecordBytes)
            }
            statistics.decodeTime += ContinuousClock.now - decodeStart
            // Each result is moved out in order (a placeholder left in its slot): pairing the
            // records with their results, or reversing the results to pop them, copied every
            // envelope (`swapAt` copies through the array's subscript).
            events.reserveCapacity(events.count + decoded.count)
            for index in decoded.indices {
                var result = KafkaPartitionStream.decodedSlot
                swap(&result, &decoded[index])
                switch consume result {
                case .success(let envelope):
                    events.append(StoredEvent(position: 0, envelope: envelope))
                case .failure(let poison):
                    let message = taken[index]
                    logger.warning("quarantined a Kafka record that is not a readable event: \(message.topic)[\(message.partition)]@\(message.offset): \(poison.message)")
                    quarantined.append(KafkaQuarantinedMessage(
                        location: KafkaRecordLocation(topic: message.topic, partition: message.partition, offset: message.offset),
                        key: message.key.map { String(decoding: $0, as: UTF8.self) }, reason: poison.message))
                }
            }
        }
        if !unfinished.isEmpty { unfinishedRead = (owned, marks, next) }
        // At rest until the next call: take in what was fetched meanwhile (up to the bound; the
        // pause drops the rest), then fetch nothing while the caller folds.
        fill(handle, waitMilliseconds: 0, statistics: &statistics)
        let fetching = assigned.subtracting(paused).subtracting(unstarted)
        if !fetching.isEmpty { try pause(handle, Array(fetching), statistics: &statistics) }
        return Batch(events: events, next: next, partitions: partitions, quarantined: quarantined)
    }

    /// Records taken from librdkafka per poll (`rd_kafka_consume_batch_queue`).
    static let pollSize = 2000

    /// What is left in a slot whose value was moved out (holds no memory of its own).
    static let emptyMessage = KafkaConsumerMessage(topic: "", partition: 0, offset: 0, key: nil, value: nil)
    static let takenSlot = KafkaConsumerEvent.endOfPartition(KafkaTopicPartition(topic: "", partition: 0), offset: 0)
    static let decodedSlot = Result<EventEnvelope, KafkaLedgerRecords.Poison>.failure(KafkaLedgerRecords.Poison(message: ""))

    /// Moves what librdkafka has fetched into `pending` until it holds `readAheadBytes`, waiting up
    /// to `waitMilliseconds` for the first record when none is there.
    private func fill(_ handle: RDKafkaConsumerHandle, waitMilliseconds: Int32, statistics: inout ReadStatistics) {
        var wait = waitMilliseconds
        while pendingBytes < readAheadBytes {
            let pollStart = ContinuousClock.now
            var batch = handle.poll(upTo: KafkaPartitionStream.pollSize, timeoutMilliseconds: wait)
            statistics.pollWait += ContinuousClock.now - pollStart
            statistics.polls += 1
            wait = 0
            if batch.isEmpty {
                statistics.emptyPolls += 1
                handle.client.logs.drain()
                return
            }
            for error in batch.errors {
                statistics.lastError = error
                logger.debug("\(error.message)")
            }
            statistics.polledRecords += batch.messages.count
            statistics.polledEnds += batch.ends.count
            pending.reserveCapacity(pending.count + batch.messages.count + batch.ends.count)
            // Each record moved from the poll's array (iterating it copied each one). `delivered`
            // moves once per run of records of one partition, not per record.
            var run: KafkaTopicPartition?
            var runEnd: Int64 = 0
            for index in batch.messages.indices {
                var message = KafkaPartitionStream.emptyMessage
                swap(&message, &batch.messages[index])
                if run?.partition != message.partition || run?.topic != message.topic {
                    if let run { advanceDelivered(run, to: runEnd) }
                    let partition = message.topicPartition
                    run = partition
                    runEnd = 0
                    if !unstarted.isEmpty { unstarted.remove(partition) }
                    if KafkaPartitionStream.tracing, let resumed = resumedAt.removeValue(forKey: partition) {
                        statistics.slowestResume = max(statistics.slowestResume, ContinuousClock.now - resumed)
                    }
                }
                runEnd = max(runEnd, message.offset + 1)
                pendingBytes += message.footprint
                pending.append(.message(consume message))
            }
            if let run { advanceDelivered(run, to: runEnd) }
            for end in batch.ends {
                if !unstarted.isEmpty { unstarted.remove(end.partition) }
                pending.append(.endOfPartition(end.partition, offset: end.offset))
                advanceDelivered(end.partition, to: end.offset)
            }
        }
    }

    /// Pauses the assigned partitions while `pending` holds `readAheadBytes`, and the read ones
    /// (nothing more is wanted from them), and resumes the others once it is down to half; none
    /// that is `unstarted`.
    private func adjustFetching(_ handle: RDKafkaConsumerHandle, unfinished: Set<KafkaTopicPartition>,
                                statistics: inout ReadStatistics) throws(KafkaError) {
        var toPause: [KafkaTopicPartition] = []
        var toResume: [KafkaTopicPartition] = []
        let full = pendingBytes >= readAheadBytes
        let low = pendingBytes < readAheadBytes / 2
        for partition in assigned where !unstarted.contains(partition) {
            let isPaused = paused.contains(partition)
            if !unfinished.contains(partition) || full {
                if !isPaused { toPause.append(partition) }
            } else if low && isPaused {
                toResume.append(partition)
            }
        }
        if !toPause.isEmpty { try pause(handle, toPause, statistics: &statistics) }
        // Resumed from the next record not polled yet (librdkafka dropped what it had fetched
        // past it when pausing). Every assigned partition has that position.
        var positions: [KafkaTopicPartition: Int64] = [:]
        for partition in toResume { positions[partition] = delivered?[partition] }
        if !positions.isEmpty {
            let started = ContinuousClock.now
            defer { statistics.pauseTime += ContinuousClock.now - started }
            try handle.resume(positions)
            paused.subtract(positions.keys)
            statistics.resumes += positions.count
            if KafkaPartitionStream.tracing {
                let now = ContinuousClock.now
                for partition in positions.keys { resumedAt[partition] = now }
            }
        }
    }

    private func pause(_ handle: RDKafkaConsumerHandle, _ partitions: [KafkaTopicPartition], statistics: inout ReadStatistics) throws(KafkaError) {
        let started = ContinuousClock.now
        defer { statistics.pauseTime += ContinuousClock.now - started }
        try handle.pause(partitions)
        paused.formUnion(partitions)
        statistics.pauses += partitions.count
        for partition in partitions { resumedAt[partition] = nil }
    }

    /// Moves a partition's `delivered` offset forward, never back.
    private func advanceDelivered(_ partition: KafkaTopicPartition, to offset: Int64) {
        let reached = delivered?[partition] ?? 0
        if offset > reached { delivered?[partition] = offset }
    }

    private func dropPending() {
        pending = []
        pendingStart = 0
        pendingBytes = 0
    }

    /// Whether the consumer, as assigned, delivers next exactly what `next` asks for in every
    /// partition with records left to read (held-back records first).
    private func continues(from next: [KafkaTopicPartition: Int64]) -> Bool {
        guard let delivered else { return false }
        var firstPending: [KafkaTopicPartition: Int64] = [:]
        // By index, each record's place read where it lies (binding each message copied it).
        for index in pendingStart..<pending.count {
            guard let place = pending[index].messagePlace, firstPending[place.partition] == nil else { continue }
            firstPending[place.partition] = place.offset
        }
        for (partition, offset) in next {
            guard let position = firstPending[partition] ?? delivered[partition] else { return false }
            if position != offset { return false }
        }
        return true
    }
}
