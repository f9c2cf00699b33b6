import DCLEventLog
import DCLKafka
import DCLProjections
import Foundation
import KafkaBenchmarkSupport

// KafkaBaseline: dcl's Kafka clients against kcat, in one run, on the same in-process mock cluster
// and the same payloads. Run it through Benchmarks/scripts/kcat-baseline.sh.
//
//   KafkaBaseline [--events N] [--runs R] [--kcat PATH]
//
// Each side starts a fresh client per run, as a kcat process does: the Swift publish is timed from
// creating the KafkaProducer to the last delivery report, kcat from process start to exit.

struct Options {
    var events = 100_000
    var runs = 3
    var kcat = "kcat"

    init(arguments: [String]) throws {
        var iterator = arguments.dropFirst().makeIterator()
        while let argument = iterator.next() {
            switch argument {
            case "--events": events = Int(iterator.next() ?? "") ?? 0
            case "--runs": runs = Int(iterator.next() ?? "") ?? 0
            case "--kcat": kcat = iterator.next() ?? ""
            case "-h", "--help":
                print("usage: KafkaBaseline [--events N (100000)] [--runs R (3)] [--kcat PATH (kcat)]")
                exit(0)
            default: throw KafkaWorkload.Failure(description: "unknown argument \(argument) (see --help)")
            }
        }
        guard events > 0, runs > 0, !kcat.isEmpty else { throw KafkaWorkload.Failure(description: "--events and --runs must be positive") }
    }
}

/// Runs kcat with stdin from a file (or nothing) and stdout to /dev/null; returns the wall time.
func runKcat(_ path: String, _ arguments: [String], stdin: URL?) async throws -> Duration {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    process.standardInput = try stdin.map { try FileHandle(forReadingFrom: $0) } ?? FileHandle.nullDevice
    process.standardOutput = FileHandle.nullDevice
    let errors = FileManager.default.temporaryDirectory.appendingPathComponent("kcat-\(UUID().uuidString).err")
    _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
    defer { try? FileManager.default.removeItem(at: errors) }
    process.standardError = try FileHandle(forWritingTo: errors)
    let clock = ContinuousClock()
    let started = clock.now
    let status: Int32 = try await withCheckedThrowingContinuation { continuation in
        process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
        do { try process.run() } catch { continuation.resume(throwing: error) }
    }
    let elapsed = started.duration(to: clock.now)
    guard status == 0 else {
        let text = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
        throw KafkaWorkload.Failure(description: "kcat \(arguments.joined(separator: " ")) exited \(status): \(text)")
    }
    return elapsed
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

func format(_ rate: Double) -> String {
    let text = String(Int(rate.rounded()))
    var grouped = ""
    for (index, character) in text.reversed().enumerated() {
        if index > 0, index % 3 == 0 { grouped.append(",") }
        grouped.append(character)
    }
    return String(grouped.reversed())
}

// `KafkaBaseline --decode-cost N`: decoding alone, in memory, on one core and on all cores.
if CommandLine.arguments.dropFirst().first == "--decode-cost" {
    let count = Int(CommandLine.arguments.dropFirst(2).first ?? "") ?? 100_000
    let messages = KafkaWorkload.records(KafkaWorkload.envelopes(count: count)).enumerated().map { index, record in
        KafkaConsumerMessage(topic: "t", partition: 0, offset: Int64(index), key: record.key, value: record.value, headers: [], timestamp: nil)
    }
    let clock = ContinuousClock()
    for round in 1...3 {
        var started = clock.now
        var serial = 0
        for message in messages {
            let envelope = try EventEnvelope(jsonBytes: message.value ?? [])
            if case .qualityCheckRecorded = try EventCodec.recorded(StoredEvent(position: message.offset + 1, envelope: envelope)).event { serial += 1 }
        }
        let one = seconds(started.duration(to: clock.now))
        started = clock.now
        let parallel = try KafkaWorkload.decode(messages)
        let all = seconds(started.duration(to: clock.now))
        precondition(serial == count && parallel == count)
        print(String(format: "round %d: one core %.2f µs/event (%@ events/s); all cores %@ events/s", round, one / Double(count) * 1e6,
                     format(Double(count) / one), format(Double(count) / all)))
    }
    exit(0)
}

let options: Options
do { options = try Options(arguments: CommandLine.arguments) } catch {
    FileHandle.standardError.write(Data("KafkaBaseline: \(error)\n".utf8))
    exit(2)
}

do {
    let clock = ContinuousClock()
    let cluster = try MockKafkaCluster(brokers: KafkaWorkload.brokers)
    let bootstrap = cluster.bootstrapServers
    let configuration = KafkaWorkload.configuration(bootstrap: bootstrap)
    var topicNumber = 0
    func freshTopic(_ kind: String) throws -> String {
        topicNumber += 1
        let topic = "dcl.quality.v1.\(kind)-\(topicNumber)"
        try cluster.createTopic(topic, partitions: KafkaWorkload.partitions, replicationFactor: KafkaWorkload.brokers)
        return topic
    }
    let records = KafkaWorkload.records(KafkaWorkload.envelopes(count: options.events))
    let valueBytes = records.reduce(0) { $0 + $1.value.count }
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dcl-kcat-baseline-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let payload = folder.appendingPathComponent("payload.tsv")
    try KafkaWorkload.tabSeparatedLines(records).write(to: payload)
    let single = folder.appendingPathComponent("one.tsv")
    try KafkaWorkload.tabSeparatedLines(Array(records.prefix(1))).write(to: single)

    // The ledger's producer settings, for kcat too; the same two headers on every record.
    let kcatProduce = ["-P", "-b", bootstrap, "-K", "\\t", "-q",
                       "-X", "partitioner=murmur2_random", "-X", "linger.ms=5", "-X", "enable.idempotence=true", "-X", "acks=all",
                       "-X", "queue.buffering.max.messages=10000",
                       "-H", "\(KafkaEventLog.eventTypeHeader)=QualityCheckRecorded",
                       "-H", "\(KafkaEventLog.envelopeVersionHeader)=\(KafkaEventLog.envelopeVersion)"]
    // The dcl reader's fetch.wait.max.ms (100; librdkafka's default of 500 would make kcat wait longer
    // for the end of each partition and look slower than it is).
    func kcatConsume(_ topic: String) -> [String] {
        ["-C", "-b", bootstrap, "-t", topic, "-e", "-q", "-o", "beginning", "-X", "fetch.wait.max.ms=100"]
    }

    print("mock cluster: \(KafkaWorkload.brokers) brokers at \(bootstrap); \(KafkaWorkload.partitions) partitions per topic, replication factor \(KafkaWorkload.brokers)")
    print("payload: \(format(Double(options.events))) QualityCheckRecorded envelopes over \(KafkaWorkload.contracts) contracts, "
          + "\(valueBytes / options.events) B average value, ~\(String(format: "%.1f", Double(valueBytes) / Double(KafkaWorkload.partitions) / 1_048_576)) MiB per partition (mock cap ~5 MiB)")
    fflush(nil)  // the header before the per-run lines on standard error

    // Warm-up: connections, code paths, page cache for kcat.
    let warm = try freshTopic("warmup")
    do {
        let producer = try KafkaProducer(configuration: configuration)
        try await producer.prepare(topics: [warm], timeout: .seconds(30))
        try await KafkaWorkload.publish(KafkaWorkload.messages(Array(records.prefix(1000)), topic: warm), with: producer)
        await producer.shutdown()
        _ = try await runKcat(options.kcat, kcatProduce + ["-t", warm], stdin: single)
        _ = try await runKcat(options.kcat, kcatConsume(warm), stdin: nil)
    }
    // kcat's fixed cost (start, connect, metadata, flush, exit) from 1-event produce runs.
    var kcatFixedProduce: [Double] = []
    for _ in 0..<3 {
        let topic = try freshTopic("kcat-one")
        kcatFixedProduce.append(seconds(try await runKcat(options.kcat, kcatProduce + ["-t", topic], stdin: single)))
    }

    let checker = try KafkaConsumer(configuration: configuration)
    func count(_ topic: String) async throws -> Int64 {
        var total: Int64 = 0
        for partition in 0..<Int32(KafkaWorkload.partitions) {
            let marks = try await checker.watermarks(of: KafkaTopicPartition(topic: topic, partition: partition), timeout: .seconds(30))
            total += marks.high - marks.low
        }
        return total
    }

    var swiftPublish: [Double] = [], kcatPublish: [Double] = []
    var swiftConsumeDecode: [Double] = [], swiftConsumeOnly: [Double] = [], swiftDecodeOnly: [Double] = [], kcatConsumeTimes: [Double] = []
    for run in 1...options.runs {
        let swiftTopic = try freshTopic("swift")
        let messages = KafkaWorkload.messages(records, topic: swiftTopic)
        var started = clock.now
        let producer = try KafkaProducer(configuration: configuration)
        // As kcat does at startup: learn the topic's partitions before producing.
        try await producer.prepare(topics: [swiftTopic], timeout: .seconds(30))
        try await KafkaWorkload.publish(messages, with: producer)
        swiftPublish.append(seconds(started.duration(to: clock.now)))
        await producer.shutdown()

        let kcatTopic = try freshTopic("kcat")
        kcatPublish.append(seconds(try await runKcat(options.kcat, kcatProduce + ["-t", kcatTopic], stdin: payload)))

        for topic in [swiftTopic, kcatTopic] {
            let stored = try await count(topic)
            guard stored == Int64(options.events) else {
                throw KafkaWorkload.Failure(description: "\(topic) holds \(stored) records, expected \(options.events)")
            }
        }

        started = clock.now
        let decoded = try await KafkaWorkload.consumeAndDecode(topic: swiftTopic, with: try KafkaConsumer(configuration: configuration))
        swiftConsumeDecode.append(seconds(started.duration(to: clock.now)))
        guard decoded == options.events else { throw KafkaWorkload.Failure(description: "decoded \(decoded) of \(options.events)") }

        started = clock.now
        let read = try await KafkaWorkload.consumeAndDecode(topic: swiftTopic, with: try KafkaConsumer(configuration: configuration), decode: false)
        swiftConsumeOnly.append(seconds(started.duration(to: clock.now)))
        guard read == options.events else { throw KafkaWorkload.Failure(description: "read \(read) of \(options.events)") }

        let messagesRead = try await KafkaConsumer(configuration: configuration).readToEnd(
            Dictionary(uniqueKeysWithValues: (0..<Int32(KafkaWorkload.partitions)).map { (KafkaTopicPartition(topic: swiftTopic, partition: $0), KafkaConsumer.beginning) }),
            timeout: .seconds(120))
        started = clock.now
        try KafkaWorkload.decode(messagesRead)
        swiftDecodeOnly.append(seconds(started.duration(to: clock.now)))

        kcatConsumeTimes.append(seconds(try await runKcat(options.kcat, kcatConsume(kcatTopic), stdin: nil)))
        FileHandle.standardError.write(Data(String(format: "run %d/%d: publish swift %.3fs kcat %.3fs; consume+decode swift %.3fs (consume only %.3fs, decode only %.3fs) kcat %.3fs\n",
                                                   run, options.runs, swiftPublish.last!, kcatPublish.last!, swiftConsumeDecode.last!,
                                                   swiftConsumeOnly.last!, swiftDecodeOnly.last!, kcatConsumeTimes.last!).utf8))
    }

    let n = Double(options.events)
    let rows: [(String, Double, Double, Double)] = [
        ("publish (all delivery reports)", n / median(swiftPublish), n / median(kcatPublish), 0.7),
        ("consume + decode", n / median(swiftConsumeDecode), n / median(kcatConsumeTimes), 0.5),
    ]
    print("")
    print("median of \(options.runs) runs, events/s (each side starts a fresh client per run)")
    print("step                            dcl (Swift)     kcat            ratio   goal    ")
    for (name, swift, kcat, goal) in rows {
        let ratio = swift / kcat
        print(name.padding(toLength: 32, withPad: " ", startingAt: 0)
              + format(swift).padding(toLength: 16, withPad: " ", startingAt: 0)
              + format(kcat).padding(toLength: 16, withPad: " ", startingAt: 0)
              + String(format: "%.2f×", ratio).padding(toLength: 8, withPad: " ", startingAt: 0)
              + String(format: "≥ %.1f× %@", goal, ratio >= goal ? "met" : "NOT met"))
    }
    print("dcl consume only (no decode)    " + format(n / median(swiftConsumeOnly))
          + String(format: "  (%.2f× kcat)", (n / median(swiftConsumeOnly)) / (n / median(kcatConsumeTimes))))
    print("dcl decode only (in memory)     " + format(n / median(swiftDecodeOnly)) + "  (EventEnvelope(jsonBytes:) → EventCodec.recorded)")
    let fixedProduce = median(kcatFixedProduce)
    print(String(format: "kcat process start+connect+exit (1-event produce): %.0f ms; kcat publish without it: ", fixedProduce * 1000)
          + format(n / max(median(kcatPublish) - fixedProduce, 1e-6)) + " events/s")

    // Rebuild: the projector folding the same events from the ledger's quality topic into every read
    // model (one SQLite transaction per batch), against kcat's raw consumption of that topic.
    try cluster.createLedgerTopics(for: configuration, partitions: KafkaWorkload.partitions)
    do {
        let producer = try KafkaProducer(configuration: configuration)
        try await producer.prepare(topics: configuration.topics, timeout: .seconds(30))
        try await KafkaWorkload.publish(KafkaWorkload.messages(records, topic: configuration.qualityTopic), with: producer)
        await producer.shutdown()
    }
    let log = try KafkaEventLog(configuration: configuration)
    let store = try ReadModelStore(path: folder.appendingPathComponent("readmodels.db").path)
    var usage = rusage()
    let started = clock.now
    let report = try await Projector(log: log, store: store).catchUp()
    let rebuildSeconds = seconds(started.duration(to: clock.now))
    getrusage(RUSAGE_SELF.rawValue, &usage)
    await log.shutdown()
    guard report.events == options.events else {
        throw KafkaWorkload.Failure(description: "the projector folded \(report.events) of \(options.events) events")
    }
    let kcatRaw = seconds(try await runKcat(options.kcat, kcatConsume(configuration.qualityTopic), stdin: nil))
    print(String(format: "rebuild all read models from Kafka: %@ events/s (%.1f s); kcat -C raw: %@ events/s; ratio %.2f× (goal ≥ 0.5×); peak RSS %ld MiB",
                 format(n / rebuildSeconds), rebuildSeconds, format(n / kcatRaw), (n / rebuildSeconds) / (n / kcatRaw), usage.ru_maxrss / 1024))
} catch {
    FileHandle.standardError.write(Data("KafkaBaseline failed: \(error)\n".utf8))
    exit(1)
}
