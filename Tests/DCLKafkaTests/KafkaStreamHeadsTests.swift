import DCLApplication
import DCLDomain
import DCLEventLog
@testable import DCLKafka
import DCLProjections
import Foundation
import Testing

/// Writers on Kafka find a stream's head from the projector's store and the tail of the
/// stream's partition after the store's cursor; the projector streams each partition from its
/// cursor. Both on the mock cluster over TCP, with a real store file.
@Suite("Kafka stream heads and streaming reads")
struct KafkaStreamHeadsTests {
    static func contract(_ id: String) -> DataContract {
        DataContract(id: ContractID(id)!, domain: DomainName("sales")!, dataProduct: "product",
                     version: SemanticVersion("1.0.0")!, owner: EmailAddress("sales@company.com")!,
                     schema: [RecordSchema(name: "t", fields: [FieldSchema(name: "id", type: .string, primaryKey: true)])],
                     quality: [QualityRule(kind: .notNull, object: "t", column: "id")])
    }

    static func result(_ id: String, passed: Bool) -> LedgerCommand {
        .recordQualityCheck(ContractID(id)!, rule: "not_null_id", passed: passed, value: nil, observedAt: Timestamp(millisecondsSinceEpoch: 1_764_000_000_000))
    }

    static func storePath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("dcl-heads-\(UUID().uuidString).db").path
    }

    @Test("with the projector's store a writer reads only the records after its cursor, and a race's loser never counts")
    func headsFromStoreAndTail() async throws {
        let bed = try KafkaTestBed(partitions: 2)
        let log = try bed.openLog()
        defer { Task { await log.shutdown() } }
        let id = "sales.orders"
        let quality = StreamID.quality(ContractID(id)!)
        let writer = LedgerService(log: log)
        try await writer.execute([.publishContract(Self.contract(id), document: nil)], actor: "a")
        for index in 0..<40 { try await writer.execute([Self.result(id, passed: index % 3 != 0)], actor: "a") }

        let path = Self.storePath()
        // SQLite's write-ahead log and shared-memory index sit beside the file; a run leaves none of them.
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let store = try ReadModelStore(path: path)
        try await Projector(log: log, store: store).catchUp()
        for _ in 0..<3 { try await writer.execute([Self.result(id, passed: true)], actor: "a") }

        // Without a store: the whole partition of the key (every record of the stream).
        let storeless = try await log.scanHeads(of: [quality])
        #expect(storeless.recordsRead >= 43)
        // With it: only what the projector has not folded yet.
        log.useStreamHeads(from: store)
        let tail = try await log.scanHeads(of: [quality])
        #expect(tail.recordsRead == 3)
        #expect(tail.heads[quality] == storeless.heads[quality])
        #expect(tail.heads[quality]?.sequence == 43)

        // A record that loses a race (same sequence, produced behind the checks) stays on the topic and never counts.
        let head = try #require(tail.heads[quality])
        let winner = Self.qualityEnvelope(id, sequence: head.sequence + 1, previousHash: head.hash, actor: "winner")
        let loser = Self.qualityEnvelope(id, sequence: head.sequence + 1, previousHash: head.hash, actor: "loser")
        _ = try await log.append([winner])
        let producer = try KafkaProducer(configuration: bed.configuration, logger: KafkaTestBed.logger)
        _ = try await producer.send(log.record(for: loser))
        await producer.shutdown()
        #expect(try await log.head(of: quality) == StreamHead(sequence: winner.sequence, hash: winner.hash))
        let chainedToLoser = Self.qualityEnvelope(id, sequence: winner.sequence + 1, previousHash: loser.hash, actor: "late")
        await #expect(throws: EventLogError.self) { try await log.append([chainedToLoser]) }

        // The projector agrees: the loser is rejected, and the store's head is the winner.
        try await Projector(log: log, store: store).catchUp()
        let snapshot = try await store.streamHeads(of: [quality])
        #expect(snapshot.heads[quality] == StreamHead(sequence: winner.sequence, hash: winner.hash))
        #expect(try await log.scanHeads(of: [quality]).recordsRead == 0)
        // And a writer deciding through the service records the next result at the next sequence.
        let outcome = try await writer.execute([Self.result(id, passed: false)], actor: "a")
        #expect(outcome.recorded.map(\.envelope.sequence) == [winner.sequence + 1])
    }

    @Test("read(from:limit:) streams: exact limits, a cursor resumes without gaps, re-reading a cursor gives the same events, poison is passed")
    func streamingReads() async throws {
        let bed = try KafkaTestBed(partitions: 3)
        let log = try bed.openLog()
        defer { Task { await log.shutdown() } }
        var written: [EventEnvelope] = []
        for index in 0..<6 {
            let envelopes = TestEnvelopes("stream.c\(index)").lifecycle(count: 4)
            _ = try await log.append(envelopes)
            written += envelopes
        }
        let producer = try KafkaProducer(configuration: bed.configuration, logger: KafkaTestBed.logger)
        _ = try await producer.send(KafkaProducerMessage(topic: bed.configuration.contractsTopic, key: Array("stream.c0".utf8), value: [0xFF]))
        await producer.shutdown()
        let more = TestEnvelopes("stream.c0").lifecycle(count: 2, startingAt: 4, previousHash: written[3].hash)
        _ = try await log.append(more)
        written += more

        let first = try await log.read(from: .start, limit: 7)
        #expect(first.events.count == 7)
        #expect(!first.hasGlobalPositions)
        let second = try await log.read(from: first.after, limit: 100)
        // From the same cursor again (the reader re-assigns its partitions): the same events.
        let again = try await log.read(from: first.after, limit: 100)
        let order: (StoredEvent, StoredEvent) -> Bool = { ($0.envelope.stream, $0.envelope.sequence) < ($1.envelope.stream, $1.envelope.sequence) }
        #expect(again.events.sorted(by: order).map(\.envelope) == second.events.sorted(by: order).map(\.envelope))
        let all = first.events + second.events
        #expect(all.count == written.count)
        #expect(Set(all.map(\.envelope)) == Set(written))
        // Each stream in its order, and the cursor is at the end of every partition (past the poison too).
        for index in 0..<6 {
            let stream = StreamID.lifecycle(ContractID("stream.c\(index)")!)
            #expect(all.filter { $0.envelope.stream == stream }.map(\.envelope.sequence) == Array(1...Int64(index == 0 ? 6 : 4)))
        }
        #expect(second.after == (try await log.endCursor()))
        #expect(try await log.read(from: second.after, limit: 10).events.isEmpty)
    }

    @Test("a read-ahead bound of a few records: partitions paused and resumed over and over, every event read once and in order, at rest and after new appends")
    func boundedReadAhead() async throws {
        let bed = try KafkaTestBed(partitions: 3)
        let log = try bed.openLog()
        defer { Task { await log.shutdown() } }
        var written: [EventEnvelope] = []
        for index in 0..<6 {
            let envelopes = TestEnvelopes("bounded.c\(index)")
            let lifecycle = envelopes.lifecycle(count: 1)
            let quality = envelopes.quality(count: 120)
            _ = try await log.append(lifecycle)
            for start in stride(from: 0, to: quality.count, by: 40) { _ = try await log.append(Array(quality[start..<(start + 40)])) }
            written += lifecycle + quality
        }
        // ~4 records of read-ahead: nearly every poll fills it, so reading pauses and resumes constantly.
        let stream = try KafkaPartitionStream(configuration: bed.configuration, logger: KafkaTestBed.logger, readAheadBytes: 4096)
        func readAll(from start: [KafkaTopicPartition: Int64], limit: Int) async throws -> (events: [EventEnvelope], next: [KafkaTopicPartition: Int64]) {
            var cursor = start
            var events: [EventEnvelope] = []
            while true {
                let batch = try await stream.read(from: cursor, limit: limit)
                #expect(batch.events.count <= limit)
                cursor.merge(batch.next) { $1 }
                if batch.events.isEmpty { return (events, cursor) }
                events += batch.events.map(\.envelope)
            }
        }
        let first = try await readAll(from: [:], limit: 37)
        #expect(first.events.count == written.count)
        #expect(Set(first.events) == Set(written))
        for index in 0..<6 {
            let contract = ContractID("bounded.c\(index)")!
            #expect(first.events.filter { $0.stream == .quality(contract) }.map(\.sequence) == Array(1...120))
        }

        // Everything read is paused at rest; records appended since are read from where it stopped.
        let later = TestEnvelopes("bounded.c2").quality(count: 150).suffix(30)
        _ = try await log.append(Array(later))
        let more = try await readAll(from: first.next, limit: 7)
        #expect(more.events == Array(later))

        // From an earlier cursor again (paused partitions assigned anew): the same events.
        let again = try await readAll(from: [:], limit: 500)
        #expect(again.events.count == written.count + later.count)
        #expect(Set(again.events) == Set(written + later))
    }

    @Test("readOnly(partitions:): a member reads, and ends its cursor at, only its contracts partitions and the quality partitions over them; members never overlap")
    func readsOnlyOwnedPartitions() async throws {
        let bed = try KafkaTestBed(partitions: 3)
        let log = try bed.openLog()
        defer { Task { await log.shutdown() } }
        var written: [EventEnvelope] = []
        for index in 0..<9 {
            let envelopes = TestEnvelopes("owned.c\(index)")
            let both = envelopes.lifecycle(count: 2) + envelopes.quality(count: 5)
            _ = try await log.append(both)
            written += both
        }
        #expect(try await log.partitionCounts() == (contracts: 3, quality: 3))
        let contracts = bed.configuration.contractsTopic, quality = bed.configuration.qualityTopic
        func readAll(_ owned: Set<Int32>?, limit: Int) async throws -> (events: [EventEnvelope], after: LogCursor) {
            log.readOnly(partitions: owned)
            var cursor = LogCursor.start
            var events: [EventEnvelope] = []
            while true {
                let batch = try await log.read(from: cursor, limit: limit)
                cursor = batch.after
                if batch.events.isEmpty { return (events, cursor) }
                events += batch.events.map(\.envelope)
            }
        }
        var seen: [EventEnvelope] = []
        for member in Int32(0)..<3 {
            let read = try await readAll([member], limit: 4)
            let keys = ["\(contracts)/\(member)", "\(quality)/\(member)"]
            #expect(Set(read.after.next.keys).isSubset(of: Set(keys)), "member \(member)'s cursor: \(read.after.next.keys.sorted())")
            let end = try await log.endCursor()
            #expect(Set(end.next.keys) == Set(keys))
            #expect(read.after.remaining(to: end) == 0)
            // A contract's lifecycle and quality streams share its key, so one member reads both, whole.
            for id in Set(read.events.compactMap(\.stream.contractID)) {
                #expect(read.events.filter { $0.stream.contractID == id }.count == 7)
            }
            #expect(Set(seen).isDisjoint(with: Set(read.events)))
            seen += read.events
        }
        #expect(Set(seen) == Set(written))

        // After a rebalance (partitions 0 and 1 read in part, then only 1 owned): only partition 1's events.
        log.readOnly(partitions: [0, 1])
        let partial = try await log.read(from: .start, limit: 3)
        #expect(partial.events.count == 3)
        let onlyOne = try await readAll([1], limit: 5)
        let expectedOne = try await readAll([1], limit: 100)
        #expect(onlyOne.events == expectedOne.events)
        #expect(Set(onlyOne.after.next.keys) == ["\(contracts)/1", "\(quality)/1"])
        // All partitions again, as one projector reads.
        #expect(Set(try await readAll(nil, limit: 50).events) == Set(written))
        #expect(try await log.endCursor().next.count == 6)
    }

    /// Each read below assigns partitions anew (the owned set changes, and each is read from the
    /// start) while others are paused from the read before: the pause or resume of a partition
    /// whose start librdkafka has not served yet could be dropped, or make the start be dropped,
    /// and the read then waited to its deadline. librdkafka's `topic` debug logging, written
    /// between stamping each of those requests and queueing it, widens that window enough for
    /// the old reader to stall within the 150 rounds (in rounds 3, 32 and 84 of three runs).
    @Test("owners alternating, reads of three: assigning, pausing and resuming over and over never leaves a partition unfetched")
    func reassigningNeverStalls() async throws {
        let bed = try KafkaTestBed(partitions: 3)
        let log = try bed.openLog()
        defer { Task { await log.shutdown() } }
        for index in 0..<9 {
            let envelopes = TestEnvelopes("stall.c\(index)")
            _ = try await log.append(envelopes.lifecycle(count: 2) + envelopes.quality(count: 5))
        }
        var configuration = bed.configuration
        configuration.requestTimeout = .seconds(5)
        configuration.properties["debug"] = "topic"
        let stream = try KafkaPartitionStream(configuration: configuration, logger: KafkaTestBed.logger)
        let expected = try await log.read(from: .start, limit: 1000).events.count
        #expect(expected == 63)
        let owners: [Set<Int32>?] = [[0], [1], [0, 1], [2], [1], nil]
        for round in 0..<150 {
            var counts: [Int] = []
            for owned in owners {
                var cursor: [KafkaTopicPartition: Int64] = [:]
                var count = 0
                while true {
                    let batch: KafkaPartitionStream.Batch
                    do {
                        batch = try await stream.read(from: cursor, limit: 3, owned: owned)
                    } catch {
                        Issue.record("round \(round), owned \(owned.map { $0.sorted() } ?? []): \(error)")
                        return
                    }
                    cursor.merge(batch.next) { $1 }
                    if batch.events.isEmpty { break }
                    count += batch.events.count
                }
                counts.append(count)
            }
            // Each member's part whole, the parts adding up to the ledger.
            #expect(counts[0] + counts[1] + counts[3] == expected && counts[2] == counts[0] + counts[1]
                    && counts[4] == counts[1] && counts[5] == expected, "round \(round): \(counts)")
        }
    }

    static func qualityEnvelope(_ id: String, sequence: Int64, previousHash: String, actor: String) -> EventEnvelope {
        let event = LedgerEvent.qualityCheckRecorded(QualityCheckRecorded(contractId: ContractID(id)!, rule: "not_null_id", passed: true,
                                                                          observedAt: Timestamp(millisecondsSinceEpoch: 1_764_000_000_000)))
        let time = Timestamp(millisecondsSinceEpoch: 1_764_000_000_000 + sequence)
        return EventCodec.envelope(for: ProposedEvent(stream: .quality(ContractID(id)!), sequence: sequence, event: event),
                                   eventId: "\(id)-\(actor)-\(sequence)", occurredAt: time, recordedAt: time, actor: actor,
                                   previousHash: previousHash)
    }
}
