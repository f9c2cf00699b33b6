import Benchmark
import DCLKafka
import Foundation
import KafkaBenchmarkSupport

/// Kafka publish and consume+decode throughput against an in-process 3-broker mock cluster
/// (librdkafka's, over localhost TCP). Each iteration moves 100,000 QualityCheckRecorded events
/// (100 contracts, 32 partitions): events/s = 100,000 / wall clock. The client is created before
/// the measurement (steady state). For the comparison with kcat, run Benchmarks/scripts/kcat-baseline.sh.
let benchmarks: @Sendable () -> Void = {
    let metrics: [BenchmarkMetric] = [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident, .throughput]
    let events = 100_000

    Benchmark("Kafka publish: 100k quality events, awaiting every delivery report",
              configuration: .init(metrics: metrics, maxDuration: .seconds(60), maxIterations: 5)) { benchmark in
        let bed = try await KafkaBench.shared()
        let topic = try bed.freshTopic()
        let messages = KafkaWorkload.messages(bed.records(events), topic: topic)
        try await bed.producer.prepare(topics: [topic], timeout: .seconds(10))
        benchmark.startMeasurement()
        try await KafkaWorkload.publish(messages, with: bed.producer)
        benchmark.stopMeasurement()
    }

    Benchmark("Kafka consume+decode: 100k quality events",
              configuration: .init(metrics: metrics, maxDuration: .seconds(60), maxIterations: 5)) { benchmark in
        let bed = try await KafkaBench.shared()
        let topic = try await bed.filledTopic(events: events)
        let consumer = try KafkaConsumer(configuration: bed.configuration)
        benchmark.startMeasurement()
        let count = try await KafkaWorkload.consumeAndDecode(topic: topic, with: consumer)
        benchmark.stopMeasurement()
        precondition(count == events, "read \(count) of \(events) events")
    }
}

/// One mock cluster and producer for all iterations; a fresh topic per publish iteration keeps
/// each partition under the mock's ~5 MiB cap.
final class KafkaBench: Sendable {
    let cluster: MockKafkaCluster
    let configuration: KafkaConfiguration
    let producer: KafkaProducer
    private let state = Locked<(topics: Int, records: [Int: [(key: [UInt8], value: [UInt8])]], filled: [Int: String])>((0, [:], [:]))

    private static let instance = Locked<KafkaBench?>(nil)

    static func shared() async throws -> KafkaBench {
        if let bench = instance.withLock({ $0 }) { return bench }
        let bench = try KafkaBench()
        // Warm up: connections, metadata, producer id.
        let topic = try bench.freshTopic()
        try await bench.producer.prepare(topics: [topic], timeout: .seconds(10))
        try await KafkaWorkload.publish(KafkaWorkload.messages(bench.records(1000), topic: topic), with: bench.producer)
        return instance.withLock { current in
            if let current { return current }
            current = bench
            return bench
        }
    }

    private init() throws {
        cluster = try MockKafkaCluster(brokers: KafkaWorkload.brokers)
        configuration = KafkaWorkload.configuration(bootstrap: cluster.bootstrapServers)
        producer = try KafkaProducer(configuration: configuration)
    }

    func records(_ count: Int) -> [(key: [UInt8], value: [UInt8])] {
        if let cached = state.withLock({ $0.records[count] }) { return cached }
        let made = KafkaWorkload.records(KafkaWorkload.envelopes(count: count))
        state.withLock { $0.records[count] = made }
        return made
    }

    func freshTopic() throws -> String {
        let number = state.withLock { state in
            state.topics += 1
            return state.topics
        }
        let topic = "dcl.quality.v1.bench-\(number)"
        try cluster.createTopic(topic, partitions: KafkaWorkload.partitions, replicationFactor: KafkaWorkload.brokers)
        return topic
    }

    func filledTopic(events: Int) async throws -> String {
        if let topic = state.withLock({ $0.filled[events] }) { return topic }
        let topic = try freshTopic()
        try await producer.prepare(topics: [topic], timeout: .seconds(10))
        try await KafkaWorkload.publish(KafkaWorkload.messages(records(events), topic: topic), with: producer)
        state.withLock { $0.filled[events] = topic }
        return topic
    }
}

/// A lock-protected value (the benchmark's shared state).
final class Locked<Value>: @unchecked Sendable {
    // @unchecked Sendable: `value` is only read or written inside `withLock`, under `lock`.
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    func withLock<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
