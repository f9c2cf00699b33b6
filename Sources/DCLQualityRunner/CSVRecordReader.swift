import Dispatch
import Foundation

/// Reads an RFC 4180 CSV file in constant memory and hands each record's asked-for fields to
/// sinks, parsing on several cores at once: a `FileChunkStream` thread reads, hashes (SHA-256, the
/// fingerprint) and cuts the file into chunks of whole records; `workers` threads (the caller's
/// and `workers - 1` more) each take the next chunk, parse it with a `CSVRecordParser` and feed
/// their own sink. The caller merges the sinks: which worker saw which record does not change
/// counts, sums or sets, so the results are those of one thread reading the file in order.
///
/// Errors name the file's line: each worker counts the line feeds of the chunks it parsed, and a
/// malformed record's line is 1 + the line feeds of every chunk before its own + those before it in
/// its chunk. When several workers fail, the error earliest in the file is the one reported.
///
/// ```swift
/// let reader = try CSVRecordReader(path: "orders.csv", workers: 2)
/// let header = try reader.header()            // ["id", "amount"]
/// let sinks = try reader.forEachRecord(columns: [1], expected: 2, sinks: [tallyA, tallyB])
/// print(reader.fingerprint)                    // sha256:…
/// ```
final class CSVRecordReader {
    /// Parsing threads when `DCL_QUALITY_CSV_WORKERS` does not say: the cores, at most four.
    static let defaultWorkers: Int = {
        if let text = ProcessInfo.processInfo.environment["DCL_QUALITY_CSV_WORKERS"], let workers = Int(text), workers > 0 {
            return min(workers, 64)
        }
        return max(1, min(4, ProcessInfo.processInfo.activeProcessorCount))
    }()

    /// Bytes read per chunk: 1 MiB, or `DCL_QUALITY_CSV_CHUNK_BYTES` (tests set a few bytes so that
    /// records, quoted line breaks and duplicates fall across many chunk ends).
    static let defaultChunkSize: Int = {
        if let text = ProcessInfo.processInfo.environment["DCL_QUALITY_CSV_CHUNK_BYTES"], let bytes = Int(text), bytes > 0 { return bytes }
        return FileChunkStream.defaultChunkSize
    }()

    let workers: Int
    private let stream: FileChunkStream
    private let path: String
    /// The first chunk, once `header()` has parsed its first record: its other records come next.
    private var firstChunk: FileChunkStream.Chunk?
    private let firstParser = CSVRecordParser()

    init(path: String, workers: Int = CSVRecordReader.defaultWorkers,
         chunkSize: Int = CSVRecordReader.defaultChunkSize) throws(QualitySourceError) {
        self.workers = max(1, workers)
        // Each worker holds one chunk while it parses, the reader fills one and one waits ready.
        stream = try FileChunkStream(path: path, chunkSize: chunkSize, depth: self.workers + 2)
        self.path = path
    }

    deinit { stream.cancel() }

    /// `sha256:<hex>` over every byte of the file; complete once the records are read.
    var fingerprint: String { stream.fingerprint }

    /// The header's names; nil for an empty file.
    func header() throws(QualitySourceError) -> [String]? {
        guard let chunk = try stream.next() else { return nil }
        firstChunk = chunk
        firstParser.bind(chunk)
        // Every field of the header, up to a width no real table has.
        let width = 4096
        let wanted = Array(0..<width)
        var fields = [CSVField](repeating: .null, count: width)
        let found: CSVRecordParser.Record?
        do throws(CSVRecordParser.SyntaxError) {
            found = try wanted.withUnsafeBufferPointer { wanted throws(CSVRecordParser.SyntaxError) in
                try fields.withUnsafeMutableBufferPointer { fields throws(CSVRecordParser.SyntaxError) in
                    try firstParser.next(wanted: wanted, fields: fields)
                }
            }
        } catch {
            throw QualitySourceError("\(path) line \(1 + error.newlinesBefore): \(error.detail)")
        }
        guard let found else { return nil }
        var names = fields.prefix(min(found.fieldCount, width)).map { $0.text ?? "" }
        // A UTF-8 byte order mark is not part of the first name.
        if var first = names.first, first.hasPrefix("\u{FEFF}") {
            first.removeFirst()
            names[0] = first
        }
        return names
    }

    /// Feeds the asked-for fields of each record after the header (by column index, in the order
    /// asked) to the sinks, one sink per worker (`sinks.count` workers), skipping blank lines, and
    /// returns the sinks to be merged. A record with another field count than `expected` is an
    /// error naming its line.
    func forEachRecord<Sink: CSVRecordSink>(columns: [Int], expected: Int, sinks: [Sink]) throws(QualitySourceError) -> [Sink] {
        var wanted = [Int](repeating: -1, count: expected)
        for (slot, column) in columns.enumerated() { wanted[column] = slot }
        let job = Job(stream: stream, path: path, wanted: wanted, width: columns.count, expected: expected)
        let slots = sinks.map { WorkerSlot(sink: $0) }
        let done = DispatchSemaphore(value: 0)
        for slot in slots.dropFirst() {
            let thread = Thread {
                job.work(slot, parser: CSVRecordParser(), first: nil)
                done.signal()
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
        job.work(slots[0], parser: firstParser, first: firstChunk)
        firstChunk = nil
        for _ in slots.dropFirst() { done.wait() }
        // The earliest failure in the file wins; its line counts the line feeds of the chunks before it.
        let failures = slots.compactMap(\.failure).sorted { $0.chunk < $1.chunk }
        if let failure = failures.first {
            switch failure.kind {
            case .syntax(let newlinesBefore, let detail):
                let before = slots.flatMap(\.newlinesPerChunk).filter { $0.chunk < failure.chunk }.reduce(0) { $0 + $1.newlines }
                throw QualitySourceError("\(path) line \(1 + before + newlinesBefore): \(detail)")
            case .source(let error):
                throw error
            }
        }
        return slots.map(\.sink)
    }

    /// What every worker shares: the stream and the record layout.
    private struct Job: Sendable {
        let stream: FileChunkStream
        let path: String
        let wanted: [Int]
        let width: Int
        let expected: Int

        /// Parses chunks until there are none (or a worker failed), feeding `slot.sink`. `first`
        /// is the header's chunk, already bound to `parser` and past the header.
        func work<Sink: CSVRecordSink>(_ slot: WorkerSlot<Sink>, parser: CSVRecordParser, first: FileChunkStream.Chunk?) {
            var fields = [CSVField](repeating: .null, count: max(1, width))
            var chunk = first
            do {
                if chunk == nil { chunk = try stream.next() }
            } catch {
                slot.failure = WorkerFailure(chunk: Int.max, kind: .source(error))
                stream.cancel()
                return
            }
            // The header's chunk is bound already (and its object may come back later, refilled).
            var bound = first != nil
            while let current = chunk {
                if !bound { parser.bind(current) }
                bound = false
                let failure = wanted.withUnsafeBufferPointer { wanted -> WorkerFailure.Kind? in
                    fields.withUnsafeMutableBufferPointer { all -> WorkerFailure.Kind? in
                        let view = UnsafeBufferPointer(rebasing: all[..<width])
                        do throws(CSVRecordParser.SyntaxError) {
                            while true {
                                let before = parser.newlines
                                guard let record = try parser.next(wanted: wanted, fields: all) else { return nil }
                                if record.fieldCount == 1, expected > 1, record.isBlank { continue }
                                guard record.fieldCount == expected else {
                                    return .syntax(newlinesBefore: before, detail: "\(record.fieldCount) field\(record.fieldCount == 1 ? "" : "s"), "
                                        + "the header has \(expected)")
                                }
                                do throws(QualitySourceError) {
                                    try slot.sink.add(view)
                                } catch {
                                    return .source(error)
                                }
                            }
                        } catch {
                            return .syntax(newlinesBefore: error.newlinesBefore, detail: error.detail)
                        }
                    }
                }
                // Read before the chunk goes back: the reading thread renumbers it when it refills it.
                let index = current.index
                slot.newlinesPerChunk.append((index, parser.newlines))
                stream.recycle(current)
                if let failure {
                    slot.failure = WorkerFailure(chunk: index, kind: failure)
                    // The other workers finish the chunk they hold (an earlier one may hold an earlier error) and stop.
                    stream.cancel()
                    return
                }
                do {
                    chunk = try stream.next()
                } catch {
                    slot.failure = WorkerFailure(chunk: Int.max, kind: .source(error))
                    stream.cancel()
                    return
                }
            }
        }
    }

    private struct WorkerFailure {
        enum Kind {
            case syntax(newlinesBefore: Int, detail: String)
            case source(QualitySourceError)
        }
        var chunk: Int
        var kind: Kind
    }

    /// One worker's sink and findings.
    // @unchecked Sendable: a slot is used by one worker thread from the moment its thread starts
    // until it signals `done`; the caller touches it only before starting the thread and after
    // waiting on `done`, and the semaphore orders those accesses, so no two threads use it at once.
    private final class WorkerSlot<Sink: CSVRecordSink>: @unchecked Sendable {
        var sink: Sink
        var failure: WorkerFailure?
        /// Line feeds in each chunk parsed, for the line numbers of errors in later chunks.
        var newlinesPerChunk: [(chunk: Int, newlines: Int)] = []

        init(sink: Sink) { self.sink = sink }
    }
}
