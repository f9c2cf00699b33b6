import DCLDomain
import DCLEventLog

/// The checks every `EventLog` adapter must pass (pyeventsourcing style: one suite, every
/// adapter). A test target runs each check against its adapter:
///
/// ```swift
/// @Test(arguments: EventLogConformance.checks)
/// func sqlite(_ check: EventLogConformance.Check) async throws {
///     try await check.run { try SQLiteEventLog(path: freshFile) }   // same file on each call
/// }
/// ```
///
/// `open` must return a log over the same underlying storage every time it is called (a
/// second call is how durability across reopen is checked) and empty storage the first time.
public enum EventLogConformance {
    public typealias Opener = @Sendable () async throws -> any EventLog

    public struct Check: Sendable, CustomStringConvertible {
        public let name: String
        let body: @Sendable (Opener) async throws -> Void
        public var description: String { name }
        public func run(_ open: Opener) async throws { try await body(open) }
    }

    public struct Failure: Error, CustomStringConvertible {
        public let check: String
        public let message: String
        public var description: String { "\(check): \(message)" }
    }

    public static let checks: [Check] = [
        Check(name: "append then read back in order", body: appendThenRead),
        Check(name: "read from a cursor, up to a cursor", body: readFromCursor),
        Check(name: "read one stream and one contract", body: readStreamAndContract),
        Check(name: "read several streams at once", body: readSeveralStreams),
        Check(name: "conflict on a taken sequence", body: conflictOnTakenSequence),
        Check(name: "durable across reopen", body: durableAcrossReopen),
        Check(name: "hash chains verify", body: hashChainsVerify),
        Check(name: "stream heads and single events by position", body: headsAndPositions),
        Check(name: "identity is stable across reopen", body: stableIdentity),
        Check(name: "batches appended together are judged each alone", body: batchesJudgedAlone),
    ]

    // MARK: - Checks

    static func appendThenRead(_ open: Opener) async throws {
        let log = try await open()
        let factory = EnvelopeFactory(contract: "conf-a")
        let envelopes = factory.lifecycle(count: 3)
        let stored = try await log.append(envelopes)
        try expect(stored.map(\.envelope) == envelopes, "append returns the envelopes it stored")
        let all = try await log.readAll()
        try expect(all.map(\.envelope) == envelopes, "read returns exactly the appended envelopes, in order")
        try expect(zip(all, all.dropFirst()).allSatisfy { $0.position < $1.position }, "positions increase")
        // A log with one global order places each event on append; a partitioned one (Kafka)
        // has no global place to report to a writer, which reads only its streams' partitions.
        if try await log.read(from: .start, limit: 1).hasGlobalPositions {
            try expect(all.map(\.position) == stored.map(\.position), "positions reported by append match those read")
        }
        let end = try await log.endCursor()
        try expect(LogCursor.start.remaining(to: end) == Int64(all.count), "the end cursor is past every event: \(end)")
        if let ordered = log as? any OrderedEventLog {
            try expect(try await ordered.endPosition() == all.last?.position, "endPosition is the last event's position")
        }
    }

    static func readFromCursor(_ open: Opener) async throws {
        let log = try await open()
        let envelopes = EnvelopeFactory(contract: "conf-b").lifecycle(count: 7)
        for envelope in envelopes.prefix(5) { _ = try await log.append([envelope]) }
        let first = try await log.read(from: .start, limit: 2)
        try expect(first.events.map(\.envelope) == Array(envelopes[0..<2]), "read honours its limit")
        let rest = try await log.read(from: first.after, limit: 100)
        try expect(rest.events.map(\.envelope) == Array(envelopes[2..<5]), "a read from the cursor after a batch goes on after it")
        let none = try await log.read(from: rest.after, limit: 10)
        try expect(none.events.isEmpty, "nothing after the end")
        // A cursor taken now bounds a later read to what was there, whatever is appended since.
        let end = try await log.endCursor()
        _ = try await log.append(Array(envelopes[5...]))
        let bounded = try await log.read(from: .start, until: end, limit: 100)
        try expect(bounded.events.map(\.envelope) == Array(envelopes[0..<5]), "a read until a cursor stops there")
        let page = try await log.read(from: first.after, until: end, limit: 2)
        try expect(page.events.map(\.envelope) == Array(envelopes[2..<4]), "a read until a cursor honours its limit and start")
        let past = try await log.read(from: bounded.after, until: end, limit: 100)
        try expect(past.events.isEmpty, "nothing is read at or past the cursor it is bounded by")
        let later = try await log.read(from: bounded.after, limit: 100)
        try expect(later.events.map(\.envelope) == Array(envelopes[5...]), "without the bound the rest is read")
        guard let ordered = log as? any OrderedEventLog else { return }
        let all = try await ordered.read(after: 0, limit: 100)
        try expect(all.count == 7, "seven events stored, found \(all.count)")
        let tail = try await ordered.read(after: all[1].position, limit: 100)
        try expect(tail.map(\.envelope) == Array(envelopes[2...]), "read(after:) excludes the given position")
        let two = try await ordered.read(after: 0, limit: 2)
        try expect(two.map(\.envelope) == Array(envelopes[0..<2]), "read(after:) honours its limit")
        try expect(try await ordered.read(after: all[6].position, limit: 10).isEmpty, "nothing after the end")
    }

    static func readStreamAndContract(_ open: Opener) async throws {
        let log = try await open()
        let first = EnvelopeFactory(contract: "conf-c1")
        let second = EnvelopeFactory(contract: "conf-c2")
        let firstLifecycle = first.lifecycle(count: 2)
        let secondLifecycle = second.lifecycle(count: 2)
        let firstQuality = first.quality(count: 2)
        _ = try await log.append([firstLifecycle[0]])
        _ = try await log.append([secondLifecycle[0]])
        _ = try await log.append([firstQuality[0]])
        _ = try await log.append([firstLifecycle[1]])
        _ = try await log.append([secondLifecycle[1]])
        _ = try await log.append([firstQuality[1]])
        let stream = try await log.readStream(.lifecycle(ContractID("conf-c1")!))
        try expect(stream.map(\.envelope) == firstLifecycle, "readStream returns only that stream, in sequence order")
        let quality = try await log.readStream(.quality(ContractID("conf-c1")!))
        try expect(quality.map(\.envelope) == firstQuality, "readStream reads a quality stream apart from its contract's lifecycle")
        guard let ordered = log as? any OrderedEventLog else { return }
        let contract = try await ordered.readContract(ContractID("conf-c1")!)
        try expect(contract.map(\.envelope) == [firstLifecycle[0], firstQuality[0], firstLifecycle[1], firstQuality[1]],
                   "readContract returns both streams of the contract in log order")
        let other = try await ordered.readContract(ContractID("conf-c2")!)
        try expect(other.map(\.envelope) == secondLifecycle, "readContract does not mix contracts")
    }

    static func readSeveralStreams(_ open: Opener) async throws {
        let log = try await open()
        let first = EnvelopeFactory(contract: "conf-s1")
        let second = EnvelopeFactory(contract: "conf-s2")
        let third = EnvelopeFactory(contract: "conf-s3")
        let firstLifecycle = first.lifecycle(count: 2)
        let secondLifecycle = second.lifecycle(count: 2)
        let firstQuality = first.quality(count: 1)
        _ = try await log.append([firstLifecycle[0]])
        _ = try await log.append([secondLifecycle[0]])
        _ = try await log.append([firstQuality[0]])
        _ = try await log.append(third.lifecycle(count: 1))
        _ = try await log.append([secondLifecycle[1]])
        _ = try await log.append([firstLifecycle[1]])
        let streams: Set<StreamID> = [.lifecycle(ContractID("conf-s1")!), .lifecycle(ContractID("conf-s2")!), .lifecycle(ContractID("conf-none")!)]
        let read = try await log.readStreams(streams)
        try expect(Set(read.map(\.envelope)) == Set(firstLifecycle + secondLifecycle),
                   "readStreams returns every event of the named streams and no other")
        for (stream, expected) in [(firstLifecycle[0].stream, firstLifecycle), (secondLifecycle[0].stream, secondLifecycle)] {
            try expect(read.filter { $0.envelope.stream == stream }.map(\.envelope) == expected, "readStreams keeps \(stream) in sequence order")
        }
        // In position order (on a partitioned log positions order each partition, not the log).
        if try await log.read(from: .start, limit: 1).hasGlobalPositions {
            try expect(read.map(\.envelope) == [firstLifecycle[0], secondLifecycle[0], secondLifecycle[1], firstLifecycle[1]],
                       "readStreams returns the events in log order")
        }
        let none = try await log.readStreams([])
        try expect(none.isEmpty, "no streams, no events")
    }

    static func conflictOnTakenSequence(_ open: Opener) async throws {
        let log = try await open()
        let factory = EnvelopeFactory(contract: "conf-d")
        let winner = factory.lifecycle(count: 1)[0]
        _ = try await log.append([winner])
        let loser = EnvelopeFactory(contract: "conf-d", actor: "second-writer").lifecycle(count: 1)[0]
        do {
            _ = try await log.append([loser])
            throw Failure(check: "conflict", message: "appending a taken sequence must throw a conflict")
        } catch let error as EventLogError {
            try expect(error.code == .conflict, "expected a conflict, got \(error.code): \(error.message)")
        }
        // Whatever the store kept, every fold agrees the first event won.
        let events = try await log.readAll().map { try EventCodec.recorded($0) }
        let state = Ledger.fold(events)
        try expect(state.head(of: winner.stream) == 1, "the stream's head is sequence 1")
        try expect(state.contracts[ContractID("conf-d")!]?.versions.first?.actor == winner.actor, "the first writer's event took effect")
        try expect(!events.contains { $0.eventId == loser.eventId } || state.rejected.contains { $0.eventId == loser.eventId },
                   "the losing event is absent or rejected by the fold")
    }

    static func batchesJudgedAlone(_ open: Opener) async throws {
        let log = try await open()
        let winner = EnvelopeFactory(contract: "conf-g").lifecycle(count: 1)
        let loser = EnvelopeFactory(contract: "conf-g", actor: "second-writer").lifecycle(count: 1)
        let other = EnvelopeFactory(contract: "conf-h").lifecycle(count: 2)
        let results = await log.appendBatches([winner, loser, other])
        try expect(results.count == 3, "one result per batch, got \(results.count)")
        let storedWinner = try results[0].get()
        try expect(storedWinner.map(\.envelope) == winner, "the first batch is recorded")
        guard case .failure(let error) = results[1] else {
            throw Failure(check: "batches", message: "a batch on a taken sequence must fail with a conflict")
        }
        try expect((error as? EventLogError)?.code == .conflict, "the taken sequence is a conflict, got \(error)")
        let storedOther = try results[2].get()
        try expect(storedOther.map(\.envelope) == other, "a batch after a refused one is still recorded")
        let events = try await log.readAll().map { try EventCodec.recorded($0) }
        let state = Ledger.fold(events)
        try expect(state.contracts[ContractID("conf-g")!]?.versions.first?.actor == winner[0].actor, "the first writer's event took effect")
        try expect(state.head(of: other[1].stream) == 2, "both events of the third batch took effect")
    }

    static func durableAcrossReopen(_ open: Opener) async throws {
        let envelopes = EnvelopeFactory(contract: "conf-e").lifecycle(count: 2)
        do {
            let log = try await open()
            _ = try await log.append(envelopes)
        }
        let reopened = try await open()
        let all = try await reopened.readAll()
        try expect(all.map(\.envelope) == envelopes, "events survive closing and reopening the log")
    }

    static func hashChainsVerify(_ open: Opener) async throws {
        let log = try await open()
        let factory = EnvelopeFactory(contract: "conf-f")
        _ = try await log.append(factory.lifecycle(count: 3))
        _ = try await log.append(factory.quality(count: 2))
        let report = AuditVerifier.verify(try await log.readAll())
        try expect(report.firstFailure == nil, "an untouched log verifies: \(report.firstFailure?.description ?? "")")
        try expect(report.eventsChecked == 5 && report.streamsChecked == 2, "all events and streams were checked")
        // Read in batches, with fewer sequences kept per stream than the stream holds: the same report.
        _ = try await log.append(Array(factory.quality(count: 14).dropFirst(2)))
        let inMemory = AuditVerifier.verify(try await log.readAll())
        try expect(inMemory.firstFailure == nil && inMemory.eventsChecked == 17, "the longer log verifies in memory")
        let streamed = try await AuditVerifier.verify(log, batchSize: 3)
        try expect(streamed == inMemory, "the log read in batches verifies as in memory: \(streamed) vs \(inMemory)")
        var visited: [String] = []
        let prefix = try await AuditVerifier.verify(log, batchSize: 4, include: { $0.position <= 6 }) { stored, _ in
            visited.append(stored.envelope.eventId)
        }
        try expect(prefix.eventsChecked == visited.count && visited.count == 6, "an audit of a prefix checks and visits its events only (\(visited.count))")
        try checkChainWindow(factory)
    }

    /// The chain check's window on its own: a link to a sequence it dropped is asked for, a gap is a finding.
    static func checkChainWindow(_ factory: EnvelopeFactory) throws {
        let results = factory.quality(count: 10)
        let stored = results.enumerated().map { StoredEvent(position: Int64($0.offset + 1), envelope: $0.element) }
        var chain = AuditVerifier.Chain(window: 2)
        for event in stored.prefix(8) {
            try expect(chain.check(event) == .checked, "\(event.envelope.eventId) checks")
        }
        // A writer that lost the race for #4 long ago: its record chains to #3, which the window dropped.
        let fork = StoredEvent(position: 9, envelope: factory.qualityFork(sequence: 4, previousHash: results[2].hash))
        guard case .needsEarlier(let stream, let sequence) = chain.check(fork), stream == fork.envelope.stream, sequence == 3 else {
            throw Failure(check: "hash chains verify", message: "a link to a dropped sequence asks for it")
        }
        try expect(chain.check(fork, earlier: [results[2].hash]) == .checked, "the fork chains to #3 once its hash is given")
        var gap = chain
        guard case .failed(let finding) = gap.check(StoredEvent(position: 10, envelope: results[9])) else {
            throw Failure(check: "hash chains verify", message: "an event after a gap fails")
        }
        try expect(finding.problem.contains("no earlier event at sequence 9"), "the gap is named: \(finding.problem)")
        var unknown = AuditVerifier.Chain(window: 2)
        for event in stored.prefix(8) { _ = unknown.check(event) }
        guard case .failed(let missing) = unknown.check(fork, earlier: []) else {
            throw Failure(check: "hash chains verify", message: "a fork whose predecessor the log lacks fails")
        }
        try expect(missing.problem.contains("no earlier event at sequence 3"), "the missing predecessor is named: \(missing.problem)")
        try expect(AuditVerifier.verify(stored.prefix(8) + [fork]).firstFailure == nil, "in memory the fork verifies too")
    }

    /// Stream heads on every log; on a log with one global order, single events by position.
    static func headsAndPositions(_ open: Opener) async throws {
        let log = try await open()
        let factory = EnvelopeFactory(contract: "conf-g")
        let quality = ContractID("conf-g").map(StreamID.quality)!
        try expect(try await log.head(of: quality) == nil, "a stream with no events has no head")
        _ = try await log.append(factory.lifecycle(count: 2))
        let results = factory.quality(count: 3)
        _ = try await log.append(results)
        let head = try await log.head(of: quality)
        try expect(head == StreamHead(sequence: 3, hash: results[2].hash), "the head is the stream's last sequence and hash, got \(String(describing: head))")
        guard let ordered = log as? any OrderedEventLog else { return }
        let all = try await log.readAll()
        for stored in all {
            let found = try await ordered.event(at: stored.position)
            try expect(found == stored, "event(at: \(stored.position)) is the event read at that position")
        }
        let past = try await ordered.event(at: (all.last?.position ?? 0) + 1)
        try expect(past == nil, "no event past the end")
    }

    static func stableIdentity(_ open: Opener) async throws {
        let first: LedgerIdentity
        do {
            let log = try await open()
            _ = try await log.append(EnvelopeFactory(contract: "conf-h").lifecycle(count: 1))
            first = try await log.identity()
        }
        let again = try await open().identity()
        try expect(first == again, "the identity survives reopening: \(first) then \(again)")
        try expect(!first.rawValue.isEmpty, "the identity is not empty")
    }

    static func expect(_ condition: Bool, _ message: @autoclosure () -> String) throws {
        if !condition { throw Failure(check: "conformance", message: message()) }
    }
}
