import DCLDomain
import DCLEventLog
@testable import DCLKafka
import Foundation
import Testing

@Suite("Kafka event log against a 3-broker mock cluster")
struct KafkaEventLogTests {
    @Test("two concurrent appends of one stream sequence: one wins, the loser is a conflict the fold rejects")
    func concurrentAppendsConflict() async throws {
        let bed = try KafkaTestBed()
        let setup = try bed.openLog()
        let base = TestEnvelopes("race.orders")
        _ = try await setup.append(base.lifecycle(count: 1))

        // Both writers decided against sequence 1; both pass the up-front check before either produces.
        let barrier = Barrier(parties: 2)
        let hooks = KafkaEventLog.Hooks(beforeProduce: { _ in await barrier.arriveAndWait() })
        let first = try bed.openLog(hooks: hooks)
        let second = try bed.openLog(hooks: hooks)
        let head = base.lifecycle(count: 1)[0].hash
        let ana = TestEnvelopes("race.orders", actor: "ana").lifecycle(count: 1, startingAt: 1, previousHash: head)
        let bob = TestEnvelopes("race.orders", actor: "bob").lifecycle(count: 1, startingAt: 1, previousHash: head)
        async let anaResult = Result { try await first.append(ana) }
        async let bobResult = Result { try await second.append(bob) }
        let results = await [anaResult, bobResult]

        let successes = results.filter { if case .success = $0 { true } else { false } }
        let conflicts = results.compactMap { result -> EventLogError? in
            if case .failure(let error as EventLogError) = result, error.code == .conflict { return error }
            return nil
        }
        #expect(successes.count == 1, "exactly one append succeeds: \(results)")
        #expect(conflicts.count == 1, "the other throws .conflict: \(results)")
        let winner = results[0].isSuccess ? ana[0] : bob[0]
        let loser = results[0].isSuccess ? bob[0] : ana[0]

        // Every reader folds to the same answer: the winner took effect, the loser is on the topic and rejected.
        let reader = try bed.openLog()
        let events = try await reader.readAll().map { try EventCodec.recorded($0) }
        #expect(events.contains { $0.eventId == loser.eventId }, "the losing event stays on the topic")
        let state = Ledger.fold(events)
        let stream = StreamID.lifecycle(ContractID("race.orders")!)
        #expect(state.head(of: stream) == 2)
        #expect(state.contracts[ContractID("race.orders")!]?.versions.last?.actor == winner.actor)
        #expect(state.rejected.map(\.eventId) == [loser.eventId])
        #expect(state.rejected.first?.reason.code == .conflict)
        #expect(AuditVerifier.verify(try await reader.readAll()).firstFailure == nil, "the loser verifies against the same predecessor")
    }

    @Test("all brokers down during an append and back after 2 s: no event lost or duplicated")
    func brokersDownDuringAppend() async throws {
        let bed = try KafkaTestBed(messageTimeout: .seconds(20))
        let cluster = bed.cluster
        let warmup = try bed.openLog()
        let factory = TestEnvelopes("outage.orders")
        let envelopes = factory.lifecycle(count: 4)
        _ = try await warmup.append(Array(envelopes[0..<1]))

        let hooks = KafkaEventLog.Hooks(beforeProduce: { _ in
            try? cluster.setAllBrokersDown()
            Task {
                try? await Task.sleep(for: .seconds(2))
                try? cluster.setAllBrokersUp()
            }
        })
        let log = try bed.openLog(hooks: hooks)
        let started = ContinuousClock.now
        let batch = Array(envelopes[1...]) + factory.quality(count: 2)
        do {
            let stored = try await log.append(batch)
            #expect(stored.map(\.envelope) == batch)
            #expect(ContinuousClock.now - started >= .seconds(1.5), "the append waited for the brokers")
        } catch let error as EventLogError {
            // Allowed: a clear timeout. Retrying the same envelopes must not duplicate anything.
            #expect(error.code == .unavailable && error.message.contains("message.timeout.ms"), "\(error)")
            _ = try await log.append(batch)
        }

        let all = try await bed.openLog().readAll()
        let ids = all.map(\.envelope.eventId)
        let expected = (Array(envelopes[0..<1]) + batch).map(\.eventId)
        #expect(Set(ids) == Set(expected), "0 lost")
        #expect(ids.count == expected.count, "0 duplicated")
    }

    @Test("injected produce errors are retried without duplicates")
    func produceErrorsAreRetried() async throws {
        let bed = try KafkaTestBed()
        let log = try bed.openLog()
        let factory = TestEnvelopes("retry.orders")
        _ = try await log.append(factory.lifecycle(count: 1))
        bed.cluster.pushRequestErrors(.produce, [.notLeaderForPartition, .leaderNotAvailable, .notEnoughReplicas, .notEnoughReplicas])
        let rest = factory.lifecycle(count: 3, startingAt: 1, previousHash: factory.lifecycle(count: 1)[0].hash)
        let stored = try await log.append(rest)
        #expect(stored.map(\.envelope) == rest)
        let all = try await bed.openLog().readAll()
        #expect(all.map(\.envelope) == factory.lifecycle(count: 4))
    }

    @Test("a partition leader move is survived by writers and readers")
    func leaderMove() async throws {
        let bed = try KafkaTestBed()
        let log = try bed.openLog()
        let factory = TestEnvelopes("leader.orders")
        let envelopes = factory.lifecycle(count: 4)
        _ = try await log.append(Array(envelopes[0..<2]))
        _ = try await log.readAll()
        for topic in bed.configuration.topics {
            for partition in Int32(0)..<3 {
                // Every partition moves to a different broker than the default placement.
                try bed.cluster.setPartitionLeader(topic: topic, partition: partition, broker: (partition + 1) % 3 + 1)
            }
        }
        _ = try await log.append(Array(envelopes[2...]))
        #expect(try await log.readAll().map(\.envelope) == envelopes)
        #expect(try await bed.openLog().readStream(.lifecycle(ContractID("leader.orders")!)).map(\.envelope) == envelopes)
    }

    @Test("a poison record is quarantined with its offset and does not break reading")
    func poisonMessage() async throws {
        let bed = try KafkaTestBed(partitions: 1)
        let log = try bed.openLog()
        let factory = TestEnvelopes("poison.orders")
        let envelopes = factory.lifecycle(count: 3)
        _ = try await log.append([envelopes[0]])

        let producer = try KafkaProducer(configuration: bed.configuration, logger: KafkaTestBed.logger)
        let topic = bed.configuration.contractsTopic
        let key = Array("poison.orders".utf8)
        let garbage = try await producer.send(KafkaProducerMessage(topic: topic, key: key, value: [0xFF, 0x00, 0x7B, 0x22]))
        let notAnEnvelope = try await producer.send(KafkaProducerMessage(topic: topic, key: key, value: Array(#"{"hello":"world"}"#.utf8)))
        await producer.shutdown()

        _ = try await log.append(Array(envelopes[1...]))
        let all = try await log.readAll()
        #expect(all.map(\.envelope) == envelopes)
        #expect(all.map(\.position) == [1, 2, 3])
        // The read passed over both, in order, and lists them.
        let quarantined = log.quarantinedByCursorReads()
        #expect(quarantined.map(\.offset) == [garbage.offset, notAnEnvelope.offset])
        #expect(quarantined.allSatisfy { $0.topic == topic && $0.partition == 0 })
        #expect(quarantined.first?.reason.hasPrefix("not JSON") == true)
        #expect(quarantined.last?.reason.hasPrefix("not an event envelope") == true)

        // A fresh reader meets the poison in the middle of the partition and still reads everything.
        let fresh = try bed.openLog()
        #expect(try await fresh.readStream(.lifecycle(ContractID("poison.orders")!)).map(\.envelope) == envelopes)
        #expect(try await fresh.readAll().map(\.envelope) == envelopes)
        #expect(fresh.quarantinedByCursorReads().count == 2)
    }

    @Test("records carry the stream subject as key, canonical JSON as value, and the dcl headers")
    func recordFormat() async throws {
        let bed = try KafkaTestBed()
        let log = try bed.openLog()
        let envelope = TestEnvelopes("format.orders").quality(count: 1)[0]
        _ = try await log.append([envelope])
        // A writer gets no global position on Kafka: the record is found in its stream's partition.
        let location = try #require(try await log.location(of: envelope))
        #expect(location.topic == bed.configuration.qualityTopic)
        let consumer = try KafkaConsumer(configuration: bed.configuration, logger: KafkaTestBed.logger)
        let messages = try await consumer.readToEnd([location.topicPartition: 0])
        let message = try #require(messages.first)
        #expect(message.key == Array("format.orders".utf8))
        #expect(message.value == Array(envelope.jsonValue.canonicalText.utf8))
        #expect(message.header("dcl-event-type") == Array("QualityCheckRecorded".utf8))
        #expect(message.header("dcl-envelope-version") == Array("1".utf8))
        let marks = try await consumer.watermarks(of: location.topicPartition, timeout: .seconds(5))
        #expect(marks.low == 0 && marks.high == 1)
    }

    @Test("a contract's place is the contracts-topic partition its records went to; a group member folds only its own")
    func contractPartitionsFollowTheProducer() async throws {
        let bed = try KafkaTestBed()
        let log = try bed.openLog()
        let counts = try await log.partitionCounts()
        try #require(counts.contracts > 1 && counts.quality % counts.contracts == 0, "\(counts)")
        let ids = (0..<16).map { "place.orders_\($0)" }
        var lifecycle: [String: Int32] = [:]
        var quality: [String: Int32] = [:]
        for id in ids {
            let envelopes = TestEnvelopes(id).lifecycle(count: 1) + TestEnvelopes(id).quality(count: 1)
            _ = try await log.append(envelopes)
            // Where the producer put each record, found by reading its stream's partition.
            lifecycle[id] = try #require(try await log.location(of: envelopes[0])).partition
            quality[id] = try #require(try await log.location(of: envelopes[1])).partition
        }
        let places = try await log.contractPartitions()
        #expect(places.folded == Array(0..<Int32(counts.contracts)), "a reader outside a group folds every partition")
        #expect(ids.map { places.partition($0) } == ids.map { lifecycle[$0]! }, "the partition the producer chose")
        #expect(ids.allSatisfy { quality[$0]! % Int32(counts.contracts) == places.partition($0) },
                "the quality partition of a contract stands for its lifecycle partition")
        #expect(Set(ids.map { places.partition($0) }).count > 1, "16 contracts spread over partitions")
        log.readOnly(partitions: [1, 0])
        #expect(try await log.contractPartitions().folded == [0, 1], "a member folds the partitions it owns")
        log.readOnly(partitions: [])
        #expect(try await log.contractPartitions().folded.isEmpty, "a member owning nothing publishes nothing")
    }

    @Test("appending the same envelopes again is recognised, not duplicated")
    func idempotentRetry() async throws {
        let bed = try KafkaTestBed()
        let log = try bed.openLog()
        let envelopes = TestEnvelopes("again.orders").lifecycle(count: 2)
        let first = try await log.append(envelopes)
        let second = try await bed.openLog().append(envelopes)
        #expect(first == second)
        #expect(LogCursor.start.remaining(to: try await log.endCursor()) == 2, "two records on the topics, not four")
    }

    @Test("a log built from a bootstrap string and properties appends, shuts down, then refuses work")
    func convenienceInitAndShutdown() async throws {
        let bed = try KafkaTestBed()
        let log = try KafkaEventLog(bootstrapServers: bed.cluster.bootstrapServers, properties: ["linger.ms": "1"],
                                    topicSuffix: bed.configuration.topicSuffix, logger: KafkaTestBed.logger)
        let envelopes = TestEnvelopes("close.orders").quality(count: 3)
        #expect(try await log.append(envelopes).map(\.envelope) == envelopes)
        await log.shutdown()
        await log.shutdown()
        let error = await #expect(throws: EventLogError.self) { try await log.read(from: .start, limit: 10) }
        #expect(error?.code == .unavailable)
        #expect(try await bed.openLog().readStream(.quality(ContractID("close.orders")!)).map(\.envelope) == envelopes)
    }

    @Test("a missing topic is a clear .unavailable error")
    func missingTopic() async throws {
        let cluster = try MockKafkaCluster(brokers: 1, logger: KafkaTestBed.logger)
        // The mock creates unknown topics on request; make it answer as a real cluster would.
        cluster.setTopicError("dcl.contracts.v1.absent", .unknownTopicOrPartition)
        let log = try KafkaEventLog(configuration: KafkaConfiguration(bootstrapServers: cluster.bootstrapServers, topicSuffix: ".absent",
                                                                      requestTimeout: .seconds(10)),
                                    logger: KafkaTestBed.logger)
        let error = await #expect(throws: EventLogError.self) { try await log.endCursor() }
        #expect(error?.code == .unavailable)
        #expect(error?.message.contains("dcl.contracts.v1.absent") == true)
    }
}

extension Result {
    var isSuccess: Bool { if case .success = self { true } else { false } }
}

extension Result where Failure == any Error {
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
