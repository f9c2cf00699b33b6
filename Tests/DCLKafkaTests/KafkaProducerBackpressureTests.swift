@testable import DCLKafka
import Foundation
import Testing

@Suite("Kafka producer: full queue, large batches, topic metadata up front")
struct KafkaProducerBackpressureTests {
    @Test("a batch 20× larger than the queue is delivered completely, reports in order")
    func fullQueue() async throws {
        // Room for a busy machine: the sender waits for space until the message timeout.
        let bed = try KafkaTestBed(partitions: 6, messageTimeout: .seconds(120))
        var configuration = bed.configuration
        configuration.properties["queue.buffering.max.messages"] = "1000"
        let producer = try KafkaProducer(configuration: configuration, logger: KafkaTestBed.logger)
        let topic = configuration.qualityTopic
        try await producer.prepare(topics: [topic], timeout: .seconds(10))
        let messages = (0..<20_000).map { index in
            KafkaProducerMessage(topic: topic, key: Array("contract-\(index % 50)".utf8), value: Array("event-\(index)".utf8))
        }
        let reports = try await producer.send(messages).map { try $0.get() }
        #expect(reports.count == messages.count)
        // Per key (one partition each), offsets rise in the order of the batch.
        var last: [Int32: Int64] = [:]
        var ordered = true
        for report in reports {
            if let previous = last[report.partition], previous >= report.offset { ordered = false }
            last[report.partition] = report.offset
        }
        #expect(ordered)
        await producer.shutdown()
    }

    @Test("prepare learns a topic's partitions up front and names a missing topic")
    func prepare() async throws {
        let bed = try KafkaTestBed()
        let producer = try KafkaProducer(configuration: bed.configuration, logger: KafkaTestBed.logger)
        try await producer.prepare(topics: bed.configuration.topics, timeout: .seconds(10))
        // The mock creates any topic a client asks about, so a missing one is simulated.
        bed.cluster.setTopicError(bed.configuration.qualityTopic, .unknownTopicOrPartition)
        let fresh = try KafkaProducer(configuration: bed.configuration, logger: KafkaTestBed.logger)
        let missing = await #expect(throws: KafkaError.self) {
            try await fresh.prepare(topics: bed.configuration.topics, timeout: .seconds(5))
        }
        #expect(missing?.code == .topicMissing)
        #expect(missing?.message == "topic \(bed.configuration.qualityTopic) does not exist")
        await fresh.shutdown()
        await producer.shutdown()
    }

    @Test("the progress signal wakes waiters of an earlier round and never blocks after closing")
    func progressSignal() async {
        let signal = ProgressSignal()
        let round = signal.generation
        signal.signal()
        await signal.wait(after: round)               // a round ended since: returns at once
        let next = signal.generation
        async let woken: Void = signal.wait(after: next)
        try? await Task.sleep(for: .milliseconds(20))
        signal.signal()
        await woken
        signal.signal(close: true)
        #expect(signal.isClosed)
        await signal.wait(after: signal.generation)   // closed: returns at once
    }
}
