import DCLDomain
import DCLEventLog
@testable import DCLKafka
import Testing

@Suite("Kafka producer and consumer wrappers")
struct KafkaClientTests {
    @Test("delivery reports carry partition and offset; keys keep their partition")
    func deliveryReports() async throws {
        let bed = try KafkaTestBed()
        let producer = try KafkaProducer(configuration: bed.configuration, logger: KafkaTestBed.logger)
        let topic = bed.configuration.contractsTopic
        let messages = (0..<6).map { index in
            KafkaProducerMessage(topic: topic, key: Array("key-\(index % 2)".utf8), value: Array("value-\(index)".utf8))
        }
        let reports = try await producer.send(messages).map { try $0.get() }
        #expect(reports.count == 6)
        #expect(Set(reports.filter { $0.offset >= 0 }.map(\.topic)) == [topic])
        // Same key, same partition, increasing offsets.
        for parity in 0..<2 {
            let same = reports.enumerated().filter { $0.offset % 2 == parity }.map(\.element)
            #expect(Set(same.map(\.partition)).count == 1)
            #expect(same.map(\.offset) == same.map(\.offset).sorted())
        }
        await producer.shutdown()
        await #expect(throws: KafkaError.self) { try await producer.send(messages[0]) }
    }

    @Test("an unreachable cluster fails a send with a clear error after message.timeout.ms")
    func messageTimeout() async throws {
        let bed = try KafkaTestBed()
        try bed.cluster.setAllBrokersDown()
        var configuration = bed.configuration
        configuration.properties["message.timeout.ms"] = "1000"
        let producer = try KafkaProducer(configuration: configuration, logger: KafkaTestBed.logger)
        let error = await #expect(throws: KafkaError.self) {
            try await producer.send(KafkaProducerMessage(topic: configuration.contractsTopic, key: [1], value: [2]))
        }
        #expect(error?.code == .messageTimedOut)
        #expect(error?.message.contains("message.timeout.ms=1000") == true)
    }

    @Test("the consumer reads assigned partitions to the end and reports watermarks")
    func consumerCatchUp() async throws {
        let bed = try KafkaTestBed(partitions: 1)
        let producer = try KafkaProducer(configuration: bed.configuration, logger: KafkaTestBed.logger)
        let topic = bed.configuration.qualityTopic
        for index in 0..<5 {
            _ = try await producer.send(KafkaProducerMessage(topic: topic, key: [1], value: Array("m\(index)".utf8),
                                                             headers: [KafkaHeader(name: "h", text: "\(index)")]))
        }
        let consumer = try KafkaConsumer(configuration: bed.configuration, logger: KafkaTestBed.logger)
        let partition = KafkaTopicPartition(topic: topic, partition: 0)
        #expect(try await consumer.partitionCount(of: topic, timeout: .seconds(5)) == 1)
        let marks = try await consumer.watermarks(of: partition, timeout: .seconds(5))
        #expect(marks.low == 0 && marks.high == 5)
        let all = try await consumer.readToEnd([partition: KafkaConsumer.beginning])
        #expect(all.map(\.offset) == [0, 1, 2, 3, 4])
        #expect(all.map { $0.header("h") } == (0..<5).map { Array("\($0)".utf8) })
        let tail = try await consumer.readToEnd([partition: 3])
        #expect(tail.map { String(decoding: $0.value ?? [], as: UTF8.self) } == ["m3", "m4"])
        #expect(try await consumer.readToEnd([partition: KafkaConsumer.end]).isEmpty)
        // The streaming form sees every record once, in offset order, and keeps none of them.
        let streamed = try await consumer.readToEnd([partition: 1], into: (offsets: [Int64](), batches: 0)) { seen, batch in
            seen.offsets += batch.map(\.offset)
            seen.batches += 1
        }
        #expect(streamed.offsets == [1, 2, 3, 4])
        #expect(streamed.batches >= 1)

        // Manual assignment and end-of-partition events.
        try await consumer.assign([partition: 4])
        var events: [KafkaConsumerEvent] = []
        // Generous: the loop ends at the end-of-partition event; a busy machine (a parallel test
        // run) can take seconds to deliver it.
        let deadline = ContinuousClock.now.advanced(by: .seconds(60))
        while ContinuousClock.now < deadline {
            guard let event = try await consumer.poll(timeout: .milliseconds(200)) else { continue }
            events.append(event)
            if case .endOfPartition = event { break }
        }
        let offsets = events.compactMap { event -> Int64? in
            if case .message(let message) = event { return message.offset }
            return nil
        }
        #expect(offsets == [4])
        #expect(events.last == .endOfPartition(partition, offset: 5))
    }
}

@Suite("Kafka ledger positions")
struct KafkaPositionTests {
    /// A record as the reader would see it.
    private func message(_ envelope: EventEnvelope, topic: String, partition: Int32, offset: Int64) -> KafkaConsumerMessage {
        KafkaConsumerMessage(topic: topic, partition: partition, offset: offset, key: Array(envelope.stream.subject.utf8),
                             value: Array(envelope.jsonValue.canonicalText.utf8), headers: [], timestamp: nil)
    }

    private func at(_ envelope: EventEnvelope, seconds: Int64) -> EventEnvelope {
        var moved = envelope
        moved.recordedAt = Timestamp(millisecondsSinceEpoch: 1_764_000_000_000 + seconds * 1000)
        return EventHasher.seal(moved)
    }

    @Test("a record is read as an event only on its stream's topic and under its stream's key")
    func recordsOnTheWrongTopicOrKeyAreQuarantined() {
        let envelope = TestEnvelopes("a.a", actor: "ana").lifecycle(count: 1)[0]
        func decode(_ message: KafkaConsumerMessage) -> Result<EventEnvelope, KafkaLedgerRecords.Poison> {
            KafkaLedgerRecords.decode(message, contractsTopic: "c", qualityTopic: "q", maximumRecordBytes: 1 << 20)
        }
        guard case .success(let read) = decode(message(envelope, topic: "c", partition: 0, offset: 0)) else {
            Issue.record("the record on its topic is an event")
            return
        }
        #expect(read == envelope)
        guard case .failure(let wrongTopic) = decode(message(envelope, topic: "q", partition: 0, offset: 0)) else {
            Issue.record("the record on the quality topic is quarantined")
            return
        }
        #expect(wrongTopic.message == "event \(envelope.eventId) of lifecycle/a.a belongs on c, not q")
        var rekeyed = message(envelope, topic: "c", partition: 0, offset: 1)
        rekeyed.key = Array("b.b".utf8)
        guard case .failure(let wrongKey) = decode(rekeyed) else {
            Issue.record("the record under another key is quarantined")
            return
        }
        #expect(wrongKey.message == "event \(envelope.eventId) has key 'b.b', not its stream subject 'a.a'")
    }
}
