import Benchmark
import DCLApplication
import DCLDomain
import DCLEventLog
import DCLProjections
import DCLSQLite
import Foundation

/// Embedded append latency and throughput, and in-memory fold throughput.
/// Wall clock, CPU and malloc metrics only (ARC metrics crash on Swift 6.3).
let benchmarks: @Sendable () -> Void = {
    let metrics: [BenchmarkMetric] = [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident, .throughput]

    Benchmark("Embedded append: one durable event", configuration: .init(metrics: metrics, maxDuration: .seconds(10), maxIterations: 300)) { benchmark in
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dcl-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let log = try SQLiteEventLog(path: folder.appendingPathComponent("ledger.db").path)
        let envelopes = SyntheticLedger.qualityEnvelopes(count: benchmark.scaledIterations.count + 1)
        var next = 0
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            _ = try await log.append([envelopes[next]])
            next += 1
        }
        benchmark.stopMeasurement()
    }

    Benchmark("Embedded append: batches of 1000 events", configuration: .init(metrics: metrics, scalingFactor: .kilo, maxDuration: .seconds(10), maxIterations: 20)) { benchmark in
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dcl-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let log = try SQLiteEventLog(path: folder.appendingPathComponent("ledger.db").path)
        let envelopes = SyntheticLedger.qualityEnvelopes(count: benchmark.scaledIterations.count)
        benchmark.startMeasurement()
        for start in stride(from: 0, to: envelopes.count, by: 1000) {
            _ = try await log.append(Array(envelopes[start..<min(start + 1000, envelopes.count)]))
        }
        benchmark.stopMeasurement()
    }

    Benchmark("Rebuild all read models: 1M events from the embedded log",
              configuration: .init(metrics: metrics, scalingFactor: .mega, maxDuration: .seconds(600), maxIterations: 1)) { benchmark in
        let ledger = try await SyntheticLedger.embeddedLedger(events: benchmark.scaledIterations.count)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dcl-bench-store-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try ReadModelStore(path: folder.appendingPathComponent("readmodels.db").path)
        benchmark.startMeasurement()
        let report = try await Projector(log: ledger, store: store).catchUp()
        benchmark.stopMeasurement()
        blackHole(report.events)
    }

    Benchmark("Compatibility: 100-field schema vs 100 earlier versions (BACKWARD_TRANSITIVE)",
              configuration: .init(metrics: metrics, maxDuration: .seconds(10), maxIterations: 1000)) { benchmark in
        let earlier = (0..<100).map { (version: SemanticVersion(major: 1, minor: $0, patch: 0), schema: WideSchemas.version($0)) }
        let newest = WideSchemas.version(100)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            let verdict = CompatibilityChecker.check(new: newest, against: earlier, mode: .backwardTransitive,
                                                     newVersion: SemanticVersion(major: 1, minor: 100, patch: 0))
            precondition(verdict.isCompatible)
            blackHole(verdict)
        }
        benchmark.stopMeasurement()
    }

    // The same pairs with every version prepared once, outside the measurement, as Avro's Python
    // reference parses its schemas once before checking (compat_reference.py).
    Benchmark("Compatibility: 100-field schema vs 100 prepared earlier versions (BACKWARD_TRANSITIVE)",
              configuration: .init(metrics: metrics, maxDuration: .seconds(10), maxIterations: 5000)) { benchmark in
        let earlier = (0..<100).map { (version: SemanticVersion(major: 1, minor: $0, patch: 0), schema: PreparedSchema(WideSchemas.version($0))) }
        let newest = PreparedSchema(WideSchemas.version(100))
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            let verdict = CompatibilityChecker.check(new: newest, against: earlier, mode: .backwardTransitive,
                                                     newVersion: SemanticVersion(major: 1, minor: 100, patch: 0))
            precondition(verdict.isCompatible)
            blackHole(verdict)
        }
        benchmark.stopMeasurement()
    }

    Benchmark("In-memory fold: 1M synthetic events", configuration: .init(metrics: metrics, scalingFactor: .mega, maxDuration: .seconds(30), maxIterations: 3)) { benchmark in
        let events = SyntheticLedger.recordedEvents(count: benchmark.scaledIterations.count)
        benchmark.startMeasurement()
        let state = Ledger.fold(events)
        benchmark.stopMeasurement()
        blackHole(state.acceptedCount)
    }
}

/// Synthetic but valid histories: 100 contracts, each published then checked many times.
enum SyntheticLedger {
    static let start = Timestamp(millisecondsSinceEpoch: 1_764_000_000_000)

    /// An embedded ledger with `events` events (100 publishes, then quality results across the
    /// 100 contracts), built once per size and kept in the temporary folder between runs.
    static func embeddedLedger(events: Int) async throws -> SQLiteEventLog {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("dcl-bench-ledger-\(events).db").path
        if FileManager.default.fileExists(atPath: path) { return try SQLiteEventLog(path: path) }
        let building = path + ".building"
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: building + suffix) }
        let log = try SQLiteEventLog(path: building)
        var heads: [StreamID: String] = [:]
        var batch: [EventEnvelope] = []
        for record in recordedEvents(count: events, duplicates: false) {
            let envelope = EventCodec.envelope(for: ProposedEvent(stream: record.stream, sequence: record.sequence, event: record.event),
                                               eventId: record.eventId, occurredAt: record.occurredAt, recordedAt: record.recordedAt,
                                               actor: record.actor, previousHash: heads[record.stream] ?? EventEnvelope.genesisHash)
            heads[record.stream] = envelope.hash
            batch.append(envelope)
            if batch.count == 10_000 {
                _ = try await log.append(batch)
                batch.removeAll(keepingCapacity: true)
            }
        }
        if !batch.isEmpty { _ = try await log.append(batch) }
        try log.close()
        try FileManager.default.moveItem(atPath: building, toPath: path)
        return try SQLiteEventLog(path: path)
    }

    static func contract(_ index: Int) -> DataContract {
        DataContract(id: ContractID("bench.product_\(index)")!, domain: DomainName("bench")!, dataProduct: "product_\(index)",
                     version: SemanticVersion("1.0.0")!, owner: EmailAddress("bench@company.com")!,
                     schema: [RecordSchema(name: "t", fields: [FieldSchema(name: "id", type: .long), FieldSchema(name: "v", type: .string.optional, defaultValue: .null)])],
                     quality: [QualityRule(kind: .notNull, object: "t", column: "id")])
    }

    /// Quality results for one contract, chained, as a single writer would append them.
    static func qualityEnvelopes(count: Int) -> [EventEnvelope] {
        var hash = EventEnvelope.genesisHash
        let id = ContractID("bench.product_0")!
        return (0..<count).map { index in
            let time = Timestamp(millisecondsSinceEpoch: start.millisecondsSinceEpoch + Int64(index))
            let event = LedgerEvent.qualityCheckRecorded(QualityCheckRecorded(contractId: id, rule: "not_null_id", passed: index % 7 != 0,
                                                                              value: NumericLiteral(index % 3), observedAt: time))
            let envelope = EventCodec.envelope(for: ProposedEvent(stream: .quality(id), sequence: Int64(index + 1), event: event),
                                               eventId: "bench-\(index)", occurredAt: time, recordedAt: time, actor: "bench", previousHash: hash)
            hash = envelope.hash
            return envelope
        }
    }

    /// A mix of publishes (1 per contract), quality results (most events) and ~1% conflicting duplicates.
    static func recordedEvents(count: Int, duplicates: Bool = true) -> [RecordedEvent] {
        var events: [RecordedEvent] = []
        events.reserveCapacity(count)
        var qualityHeads = [Int64](repeating: 0, count: 100)
        for index in 0..<100 where events.count < count {
            let published = LedgerEvent.contractPublished(ContractPublished(contract: contract(index), previousVersion: nil, document: nil))
            events.append(RecordedEvent(eventId: "p\(index)", position: Int64(events.count + 1), stream: published.stream, sequence: 1,
                                        occurredAt: start, recordedAt: start, actor: "bench", event: published))
        }
        var step = 0
        while events.count < count {
            let index = step % 100
            let id = ContractID("bench.product_\(index)")!
            let duplicate = duplicates && step % 97 == 0 && qualityHeads[index] > 0
            if !duplicate { qualityHeads[index] += 1 }
            let time = Timestamp(millisecondsSinceEpoch: start.millisecondsSinceEpoch + Int64(step))
            let event = LedgerEvent.qualityCheckRecorded(QualityCheckRecorded(contractId: id, rule: "not_null_id", passed: step % 11 != 0,
                                                                              observedAt: time))
            events.append(RecordedEvent(eventId: "q\(step)", position: Int64(events.count + 1), stream: .quality(id),
                                        sequence: qualityHeads[index], occurredAt: time, recordedAt: time, actor: "bench", event: event))
            step += 1
        }
        return events
    }
}

/// The schemas of `scripts/compat_reference.py`: version k of a 100-field record whose first k
/// fields are long and the rest int (each version widens one more field, a compatible change).
enum WideSchemas {
    static func version(_ k: Int) -> SchemaType {
        .record(RecordSchema(name: "Wide", namespace: "bench",
                             fields: (0..<100).map { FieldSchema(name: "f\($0)", type: $0 < k ? .long : .int) }))
    }
}
