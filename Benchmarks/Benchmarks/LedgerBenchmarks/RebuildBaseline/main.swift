import DCLEventLog
import DCLKafka
import DCLProjections
import DCLSQLite
import Foundation

// RebuildBaseline: rebuild every read model from scratch, from the embedded log and from
// librdkafka's mock Kafka cluster, and time kcat's raw consumption of the same topics.
//
//   RebuildBaseline [--events N (1000000)] [--contracts C (10000)] [--partitions P (512)]
//                   [--log embedded|kafka|both (both)] [--kcat PATH (kcat)]
//
// Each phase runs in its own child process so that the rebuild's peak memory is its own: the
// mock cluster (memory-only, ~5 MiB per partition, hence many partitions for 1M events), the
// writer filling the log, the projector rebuilding the store. kcat runs against the
// same cluster; its time includes its process start, as the projector's includes connecting.

let usage = """
    Usage: RebuildBaseline [--events N (1000000)] [--contracts C (10000)] [--partitions P (512)]
                           [--log embedded|kafka|both (both)] [--kcat PATH (kcat)] [-X key=value ...]
             Fills a fresh log with the workload, rebuilds every read model as `dcl project --rebuild` does
             (its own process, under /usr/bin/time -v when present) and, on Kafka, times kcat -C on the same
             topics (three times each, the median taken): as a user runs it, and with the fetch wait of
             dcl's readers (fetch.wait.max.ms=\(KafkaConfiguration.readerFetchWaitMilliseconds)).
           RebuildBaseline fill (--ledger FILE | --bootstrap SERVERS) [--events N] [--contracts C]
             Writes the workload into an embedded ledger or a Kafka cluster (with ~1% racing duplicates).
           RebuildBaseline mock [--partitions P]
             Starts a 3-broker mock cluster (dcl.contracts.v1: 16 partitions, dcl.quality.v1: P), prints
             bootstrap=SERVERS and serves until standard input closes.
           RebuildBaseline rebuild --store FILE (--ledger FILE | --bootstrap SERVERS) [-X key=value ...]
             Rebuilds STORE as `dcl project --rebuild` does (beside it, then in its place); prints
             "events seconds peak_mib opening_seconds".
    """

/// The run's scratch folder (ledger, stores, timings): named by the process, so that `fail`, which
/// exits without unwinding, can remove it. A 1M-event run leaves ~2 GB there.
let scratchFolder = FileManager.default.temporaryDirectory.appendingPathComponent("dcl-rebuild-\(getpid())")

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("RebuildBaseline: \(message)\n".utf8))
    try? FileManager.default.removeItem(at: scratchFolder)
    exit(1)
}

func value(_ name: String, in arguments: [String]) -> String? {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}

func peakResidentMiB() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return usage.ru_maxrss / 1024
}

/// `name` as given when it names a file (`/usr/bin/kcat`, `./kcat`), otherwise the first executable
/// of that name on `PATH`: `Process` runs a bare name from the current folder, so the default
/// `--kcat kcat` failed with "the file doesn't exist" wherever kcat was installed.
func executablePath(_ name: String) -> String {
    guard !name.contains("/") else { return name }
    let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":")
    return folders.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) } ?? name
}

/// Runs a program to its end and times it. `discardingOutput` sends its standard output to
/// /dev/null instead of reading it back: a peer's time must not include this process reading what
/// it prints (kcat -C prints every record; read through a pipe, that took four times kcat's own
/// time, and moved with this process's allocator).
@discardableResult
func run(_ path: String, _ arguments: [String], stdin: FileHandle? = nil, environment: [String: String] = [:],
         discardingOutput: Bool = false) throws -> (output: String, seconds: Double) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executablePath(path))
    process.arguments = arguments
    if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
    let pipe = discardingOutput ? nil : Pipe()
    process.standardOutput = pipe ?? FileHandle.nullDevice
    if let stdin { process.standardInput = stdin }
    let started = Date()
    do { try process.run() } catch { fail("cannot run \(path): \(error.localizedDescription)") }
    let data = pipe?.fileHandleForReading.readDataToEndOfFile() ?? Data()
    process.waitUntilExit()
    let seconds = Date().timeIntervalSince(started)
    guard process.terminationStatus == 0 else { fail("\(path) \(arguments.joined(separator: " ")) exited \(process.terminationStatus)") }
    return (String(decoding: data, as: UTF8.self), seconds)
}

/// User plus system CPU time of every child process that has ended and been waited for.
func childrenCPUSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_CHILDREN.rawValue, &usage)
    func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1_000_000 }
    return seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

let arguments = CommandLine.arguments
if arguments.contains("--help") || arguments.contains("-h") {
    print(usage)
    exit(0)
}
let me = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
let events = Int(value("--events", in: arguments) ?? "") ?? 1_000_000
let contracts = Int(value("--contracts", in: arguments) ?? "") ?? 10_000
let partitions = Int(value("--partitions", in: arguments) ?? "") ?? 512

switch arguments.dropFirst().first {
case "mock":
    // Serves until standard input closes.
    do {
        let cluster = try MockKafkaCluster(brokers: 3)
        let configuration = KafkaConfiguration(bootstrapServers: cluster.bootstrapServers)
        try cluster.createTopic(configuration.contractsTopic, partitions: 16, replicationFactor: 3)
        try cluster.createTopic(configuration.qualityTopic, partitions: partitions, replicationFactor: 3)
        print("bootstrap=\(cluster.bootstrapServers)")
        fflush(nil)
        _ = FileHandle.standardInput.readDataToEndOfFile()
        withExtendedLifetime(cluster) {}
    } catch { fail("mock: \(error)") }

case "fill":
    // Made and written a chunk at a time: a 10M-event workload does not fit in memory at once.
    var generator = RebuildWorkload.Generator(count: events, contracts: contracts, duplicates: value("--ledger", in: arguments) == nil)
    if let path = value("--ledger", in: arguments) {
        let log = try SQLiteEventLog(path: path)
        while let chunk = generator.next(upTo: 10_000) {
            _ = try await log.append(chunk)
        }
        try log.close()
    } else if let bootstrap = value("--bootstrap", in: arguments) {
        // A queue and chunks large enough that each of thousands of partitions gets batches of tens
        // of records (the ledger's default queue of 10,000 records makes batches of one at 16,384).
        let configuration = KafkaConfiguration(bootstrapServers: bootstrap,
                                               properties: ["log_level": "3", "queue.buffering.max.messages": "1000000",
                                                            "queue.buffering.max.kbytes": "1048576", "linger.ms": "100",
                                                            "message.timeout.ms": "600000"],
                                               requestTimeout: .seconds(300))
        let producer = try KafkaProducer(configuration: configuration)
        try await producer.prepare(topics: configuration.topics, timeout: .seconds(30))
        while let chunk = generator.next(upTo: 500_000) {
            for result in await producer.send(RebuildWorkload.messages(chunk, configuration: configuration)) {
                if case .failure(let error) = result { fail("fill: \(error)") }
            }
        }
        await producer.shutdown()
    } else {
        fail("fill needs --ledger FILE or --bootstrap SERVERS")
    }
    print("filled \(events)")

case "rebuild":
    // The way `dcl project --rebuild` rebuilds a SQLite store: in a new file beside it, put in its
    // place once complete. Timed from opening the log (and connecting) to the store in place.
    let store = try ReadModelStore(rebuilding: value("--store", in: arguments)!)
    let started = Date()
    let log: any EventLog
    if let path = value("--ledger", in: arguments) {
        log = try SQLiteEventLog(path: path)
    } else {
        // `-X key=value` (repeatable): librdkafka properties for the reader, to compare settings.
        var properties = ["log_level": "3"]
        for (index, argument) in arguments.enumerated() where argument == "-X" && index + 1 < arguments.count {
            let pair = arguments[index + 1].split(separator: "=", maxSplits: 1).map(String.init)
            if pair.count == 2 { properties[pair[0]] = pair[1] }
        }
        log = try KafkaEventLog(configuration: KafkaConfiguration(bootstrapServers: value("--bootstrap", in: arguments)!,
                                                                  properties: properties, requestTimeout: .seconds(300)))
    }
    // Connecting and learning the log's end (on Kafka: every partition's high watermark).
    _ = try await log.endCursor()
    let opened = Date().timeIntervalSince(started)
    let report = try await Projector(log: log, store: store).catchUp()
    try store.replaceOriginal()
    let seconds = Date().timeIntervalSince(started)
    if let kafka = log as? KafkaEventLog { await kafka.shutdown() }
    print("\(report.events) \(seconds) \(peakResidentMiB()) \(opened)")

default:
    let kcat = value("--kcat", in: arguments) ?? "kcat"
    let which = value("--log", in: arguments) ?? "both"
    // Checked before the minutes of filling and rebuilding that come before kcat's turn.
    if which != "embedded" && !FileManager.default.isExecutableFile(atPath: executablePath(kcat)) {
        fail("kcat not found: \(kcat) (install it, or name it with --kcat PATH)")
    }
    let folder = scratchFolder
    // A folder left by an earlier process with the same id (killed before it could clean up) is not this run's.
    try? FileManager.default.removeItem(at: folder)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    print("workload: \(events) events (\(min(contracts, events)) contract publishes, the rest quality results over \(contracts) products, ~1% racing duplicates on Kafka)")

    func rebuild(_ source: [String], name: String) throws -> Double {
        let store = folder.appendingPathComponent("readmodels-\(name).db").path
        // Under GNU time when there is one: its "Maximum resident set size" is the whole process's peak.
        let time = "/usr/bin/time"
        let timed = FileManager.default.isExecutableFile(atPath: time)
        let report = folder.appendingPathComponent("time-\(name.count).txt").path
        // With the two malloc arenas `dcl` limits itself to before `main` (`CProcessTuning`):
        // glibc's default, eight per core, keeps memory one thread freed from the others, and the
        // rebuild's threads (fold, commit, reader, librdkafka's) would measure that instead.
        let arenas = ["MALLOC_ARENA_MAX": "2"]
        let result = timed ? try run(time, ["-v", "-o", report, me, "rebuild", "--store", store] + source, environment: arenas)
                           : try run(me, ["rebuild", "--store", store] + source, environment: arenas)
        let fields = result.output.split(separator: " ")
        guard fields.count == 4, let folded = Int(fields[0]), let seconds = Double(fields[1]),
              let opened = Double(fields[3].trimmingCharacters(in: .whitespacesAndNewlines)) else { fail("rebuild printed \(fields)") }
        guard folded == events else { fail("the projector folded \(folded) of \(events) events") }
        var peak = "\(fields[2]) MiB (getrusage)"
        if timed, let text = try? String(contentsOfFile: report, encoding: .utf8),
           let line = text.split(separator: "\n").first(where: { $0.contains("Maximum resident set size") }),
           let kilobytes = Int(line.split(separator: ":").last?.trimmingCharacters(in: .whitespaces) ?? "") {
            peak = "\(kilobytes / 1024) MiB (/usr/bin/time -v)"
        }
        let rate = Double(events) / seconds
        print(String(format: "rebuild from %@: %.0f events/s (%.1f s, of which %.1f s opening the log), peak RSS %@",
                     name, rate, seconds, opened, peak))
        return rate
    }

    if which == "embedded" || which == "both" {
        let ledger = folder.appendingPathComponent("ledger.db").path
        try run(me, ["fill", "--ledger", ledger, "--events", "\(events)", "--contracts", "\(contracts)"])
        _ = try rebuild(["--ledger", ledger], name: "the embedded log")
    }
    if which == "kafka" || which == "both" {
        let mock = Process()
        mock.executableURL = URL(fileURLWithPath: me)
        mock.arguments = ["mock", "--partitions", "\(partitions)"]
        let input = Pipe(), output = Pipe()
        mock.standardInput = input
        mock.standardOutput = output
        try mock.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { fail("the mock cluster did not start") }
            line.append(chunk)
        }
        let bootstrap = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "bootstrap=", with: "")
        defer { try? input.fileHandleForWriting.close(); mock.waitUntilExit() }
        print("mock cluster: 3 brokers at \(bootstrap); dcl.quality.v1 with \(partitions) partitions, dcl.contracts.v1 with 16")
        try run(me, ["fill", "--bootstrap", bootstrap, "--events", "\(events)", "--contracts", "\(contracts)"])
        // `-X key=value` given to the benchmark goes on to the Kafka rebuild's reader.
        let readerSettings = arguments.indices.filter { arguments[$0] == "-X" && $0 + 1 < arguments.count }.flatMap { ["-X", arguments[$0 + 1]] }
        let rate = try rebuild(["--bootstrap", bootstrap] + readerSettings, name: "the mock Kafka cluster")
        // kcat as a user runs it, and with the fetch wait dcl's reader uses (librdkafka's default
        // of 500 ms spends most of kcat's time waiting at partition ends), the ratio to each printed.
        // kcat's time moves a lot from one run to the next (up to 2.5× with either setting, on a
        // shared two-core machine, the mock brokers in another process): each setting is timed
        // three times and its median is the peer's time, printed with the range and kcat's CPU time.
        var medians: [Double] = []
        for settings in [[], ["-X", "fetch.wait.max.ms=\(KafkaConfiguration.readerFetchWaitMilliseconds)"]] {
            var runs: [(seconds: Double, cpu: Double)] = []
            for _ in 0..<3 {
                let cpuBefore = childrenCPUSeconds()
                var seconds = 0.0
                for topic in ["dcl.contracts.v1", "dcl.quality.v1"] {
                    seconds += try run(kcat, ["-C", "-b", bootstrap, "-t", topic, "-e", "-q", "-o", "beginning"] + settings,
                                       stdin: FileHandle.nullDevice, discardingOutput: true).seconds
                }
                runs.append((seconds, childrenCPUSeconds() - cpuBefore))
            }
            runs.sort { $0.seconds < $1.seconds }
            let median = runs[runs.count / 2]
            medians.append(median.seconds)
            print(String(format: "kcat -C %@(both topics): %.0f events/s (median of %d: %.2f s, range %.2f–%.2f s; %.2f s CPU)",
                         settings.isEmpty ? "" : settings.joined(separator: " ") + " ", Double(events) / median.seconds, runs.count,
                         median.seconds, runs[0].seconds, runs[runs.count - 1].seconds, median.cpu))
        }
        print(String(format: "rebuild / kcat -C = %.2f× as a user runs it, %.2f× with dcl's fetch wait (issue #10's goal ≥ 0.25×)",
                     rate * medians[0] / Double(events), rate * medians[1] / Double(events)))
    }
}
