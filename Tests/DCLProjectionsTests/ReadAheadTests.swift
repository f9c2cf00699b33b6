import DCLApplication
import DCLDomain
import DCLEventLog
@testable import DCLProjections
import DCLSQLite
import Foundation
import Testing

/// A projector reads each batch while the one before it is still being decoded (`ReadAhead`):
/// a batch read ahead must be the one asked for, handed over once, and no read may still run
/// when the catch-up returns (its caller may close the log next).
@Suite("reads ahead")
struct ReadAheadTests {
    /// The embedded log, counting the reads in flight. A read waits `delay` first, and does not
    /// stop when its task is cancelled, as a SQLite or Kafka read does not. With `failFrom`, every
    /// read from that position on fails (a log that went away).
    final class WatchedLog: EventLog, @unchecked Sendable {
        // @unchecked: the counters are only read or written while holding `lock`; `base`,
        // `delay` and `failFrom` are constants.
        let base: any EventLog
        let delay: Duration
        let failFrom: Int64?
        private let lock = NSLock()
        private var running = 0
        private var most = 0
        private var count = 0

        init(_ base: any EventLog, delay: Duration = .zero, failFrom: Int64? = nil) {
            self.base = base
            self.delay = delay
            self.failFrom = failFrom
        }

        var inFlight: Int { lock.withLock { running } }
        var mostAtOnce: Int { lock.withLock { most } }
        var reads: Int { lock.withLock { count } }

        func read(from cursor: LogCursor, until end: LogCursor?, limit: Int) async throws -> LogBatch {
            lock.withLock {
                running += 1
                count += 1
                most = max(most, running)
            }
            defer { lock.withLock { running -= 1 } }
            let until = ContinuousClock.now + delay
            while ContinuousClock.now < until { try? await Task.sleep(for: .milliseconds(1)) }
            if let failFrom, cursor.next[LogCursor.globalPartition] ?? 0 >= failFrom {
                throw EventLogError(.unavailable, "the log went away")
            }
            return try await base.read(from: cursor, until: end, limit: limit)
        }

        func append(_ envelopes: [EventEnvelope]) async throws -> [StoredEvent] { try await base.append(envelopes) }
        func appendBatches(_ batches: [[EventEnvelope]]) async -> [Result<[StoredEvent], any Error>] { await base.appendBatches(batches) }
        func readStream(_ stream: StreamID) async throws -> [StoredEvent] { try await base.readStream(stream) }
        func readStreams(_ streams: Set<StreamID>) async throws -> [StoredEvent] { try await base.readStreams(streams) }
        func head(of stream: StreamID) async throws -> StreamHead? { try await base.head(of: stream) }
        func identity() async throws -> LedgerIdentity { try await base.identity() }
        func endCursor() async throws -> LogCursor { try await base.endCursor() }
        func contractPartitions() async throws -> ContractPartitions { try await base.contractPartitions() }
    }

    /// A ledger of one publish and `checks` quality results.
    static func ledger(_ folder: ProjectionTests.Folder, checks: Int) async throws -> LedgerService {
        let ledger = try ProjectionTests.service(folder.path("ledger.db"))
        try await ledger.execute([.publishContract(ProjectionTests.contract("1.0.0"), document: nil)], actor: "ana")
        for minute in 0..<checks { try await ledger.execute([ProjectionTests.check(minute % 5 != 0, at: Int64(minute))], actor: "bot") }
        return ledger
    }

    @Test func aReadBegunAheadIsHandedOverOnceAndOnlyWhereItBegan() async throws {
        let folder = ProjectionTests.Folder()
        let log = try await Self.ledger(folder, checks: 29).log
        let expected = try await log.read(from: .start, limit: 10)
        #expect(expected.events.count == 10)

        let ahead = ReadAhead(log: log, from: .start, limit: 10)
        let taken = try #require(try await ahead.take(from: .start, limit: 10))
        #expect(taken.events.map(\.envelope.eventId) == expected.events.map(\.envelope.eventId))
        #expect(taken.after == expected.after)
        #expect(try await ahead.take(from: .start, limit: 10) == nil, "handed over once")

        // Asked for from another cursor, or for another number of events: not this read's batch.
        #expect(try await ReadAhead(log: log, from: .start, limit: 10).take(from: expected.after, limit: 10) == nil)
        #expect(try await ReadAhead(log: log, from: .start, limit: 10).take(from: .start, limit: 5) == nil)
    }

    @Test func aCatchUpReadsOneBatchAtATimeAndLeavesNoReadRunning() async throws {
        let folder = ProjectionTests.Folder()
        let ledger = try await Self.ledger(folder, checks: 40)
        let watched = WatchedLog(ledger.log, delay: .milliseconds(20))
        let end = try await ledger.orderedLog.endPosition()

        // Stopped after its third read, with the next reads begun.
        let stopped = try ReadModelStore(path: folder.path("stopped.db"))
        var projector = Projector(log: watched, store: stopped, batchSize: 3)
        projector.maxBatchSize = 4
        try await projector.catchUp(shouldStop: { watched.reads >= 3 })
        #expect(watched.inFlight == 0)
        let position = try await stopped.checkpointHeader().position
        #expect(position > 0 && position < end)

        // Resumed to the end: the same read models as one catch-up of the whole log.
        try await projector.catchUp()
        #expect(watched.inFlight == 0)
        #expect(watched.mostAtOnce == 1, "reads of one log never overlap")
        #expect(try await stopped.checkpointHeader().position == end)
        let whole = try ReadModelStore(path: folder.path("whole.db"))
        try await Projector(log: ledger.log, store: whole).catchUp()
        try await ProjectionTests().expectIdentical(stopped, whole)
    }
}
