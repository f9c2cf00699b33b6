import Crypto
import Foundation

/// Reads a file on a thread of its own and cuts it into chunks of whole CSV records, hashing every
/// byte (SHA-256, the fingerprint) as it goes, while parsers on other threads take the chunks in
/// file order. Each chunk ends just after a record's line feed (found by a `RecordBoundaryScanner`
/// run over the bytes in order) or at the end of the file, so any parser can take any chunk: the
/// unfinished record at a chunk's end is carried to the front of the next one.
///
/// At most `depth` chunks exist at once (parsers hand each back with `recycle`), so memory is about
/// `depth × chunkSize` whatever the file's size; a chunk grows only to hold a record longer than it.
///
/// ```swift
/// let stream = try FileChunkStream(path: "orders.csv")
/// while let chunk = try stream.next() {
///     parse(chunk.base, chunk.count)   // whole records: chunk.index 0, 1, 2, … in file order
///     stream.recycle(chunk)
/// }
/// print(stream.fingerprint)   // sha256:…
/// ```
// @unchecked Sendable: the reading thread and the parsers share only `ready`, `spare`, `finished`,
// `failure`, `cancelled` and `digest`, each read and written with `condition` locked; the file
// descriptor, the hasher, the scanner and the carried bytes are used by the reading thread alone,
// and a chunk's bytes belong to whoever holds the chunk (it is in no queue while held).
final class FileChunkStream: @unchecked Sendable {
    /// A buffer of whole records, eight bytes longer than its capacity so word-at-a-time scans may
    /// load past the last byte without leaving the allocation.
    // @unchecked Sendable: a chunk has one holder at a time (the reading thread while it fills it,
    // then the parser that took it from `ready`, then `spare` again); it passes between them only
    // through `FileChunkStream`'s queues, under its lock, which orders the writes before the reads.
    final class Chunk: @unchecked Sendable {
        static let padding = 8
        private(set) var base: UnsafeMutablePointer<UInt8>
        private(set) var capacity: Int
        /// Bytes of whole records (the last chunk: every byte left).
        var count = 0
        /// The chunk's place in the file: 0, 1, 2, …
        var index = 0

        init(capacity: Int) {
            self.capacity = capacity
            base = .allocate(capacity: capacity + Self.padding)
            base.initialize(repeating: 0, count: capacity + Self.padding)
        }

        deinit { base.deallocate() }

        /// Makes room for `needed` bytes, keeping the first `count`.
        func reserve(_ needed: Int) {
            guard needed > capacity else { return }
            let grown = max(needed, capacity * 2)
            let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: grown + Self.padding)
            larger.initialize(repeating: 0, count: grown + Self.padding)
            larger.update(from: base, count: count)
            base.deallocate()
            base = larger
            capacity = grown
        }
    }

    static let defaultChunkSize = 1 << 20

    let path: String
    private let descriptor: Int32
    private let chunkSize: Int
    private let condition = NSCondition()
    private var ready: [Chunk] = []
    private var spare: [Chunk] = []
    private var finished = false
    private var failure: String?
    private var cancelled = false
    private var digest: String?

    init(path: String, chunkSize: Int = FileChunkStream.defaultChunkSize, depth: Int = 3) throws(QualitySourceError) {
        var isFolder: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isFolder)
        let descriptor = exists && !isFolder.boolValue ? open(path, O_RDONLY) : -1
        guard descriptor >= 0 else {
            throw QualitySourceError("cannot open CSV file \(path): "
                + (!exists ? "no such file" : isFolder.boolValue ? "it is a folder" : "not readable"))
        }
        self.path = path
        self.descriptor = descriptor
        self.chunkSize = chunkSize
        // Room for a carried partial record beside a full read, so chunks rarely grow.
        spare = (0..<depth).map { _ in Chunk(capacity: chunkSize + chunkSize / 8 + 64) }
        let thread = Thread { [self] in readAll() }
        thread.stackSize = 1 << 20
        thread.start()
    }

    deinit { close(descriptor) }

    /// The next chunk in file order, nil at the end of the file (or once cancelled).
    func next() throws(QualitySourceError) -> Chunk? {
        condition.lock()
        defer { condition.unlock() }
        while ready.isEmpty && !finished && failure == nil && !cancelled { condition.wait() }
        if let failure { throw QualitySourceError(failure) }
        return ready.isEmpty || cancelled ? nil : ready.removeFirst()
    }

    /// Hands a chunk back for the reading thread to fill again.
    func recycle(_ chunk: Chunk) {
        condition.lock()
        spare.append(chunk)
        condition.broadcast()
        condition.unlock()
    }

    /// Stops the reading thread and makes `next()` return nil (a parser stopped early, e.g. on malformed CSV).
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }

    /// `sha256:<hex>` over every byte of the file, once `next()` returned nil.
    var fingerprint: String {
        condition.lock()
        defer { condition.unlock() }
        return digest ?? "sha256:incomplete"
    }

    private func takeSpare() -> Chunk? {
        condition.lock()
        defer { condition.unlock() }
        while spare.isEmpty && !cancelled { condition.wait() }
        return cancelled ? nil : spare.removeLast()
    }

    private func publish(_ chunk: Chunk?, failure message: String? = nil, digest hash: String? = nil, last: Bool) {
        condition.lock()
        if let chunk { ready.append(chunk) }
        if let message { failure = message }
        if let hash { digest = hash }
        if last { finished = true }
        condition.broadcast()
        condition.unlock()
    }

    /// Reads up to `wanted` bytes into `target`: fewer only at the end of the file. Returns the
    /// count and the error number of a failed read (0: none).
    private func readFully(into target: UnsafeMutablePointer<UInt8>, _ wanted: Int) -> (Int, Int32) {
        var count = 0
        while count < wanted {
            let got = read(descriptor, target + count, wanted - count)
            if got > 0 {
                count += got
            } else if got == 0 {
                break
            } else if errno != EINTR {
                return (count, errno)
            }
        }
        return (count, 0)
    }

    private func readAll() {
        var hasher = SHA256()
        var scanner = RecordBoundaryScanner()
        // The unfinished record at the end of the last chunk, and where the scanner resumes in it.
        var carried: [UInt8] = []
        var resume = 0
        var index = 0
        while true {
            guard let chunk = takeSpare() else { return }
            chunk.count = 0
            chunk.reserve(carried.count + chunkSize)
            carried.withUnsafeBufferPointer { chunk.base.update(from: $0.baseAddress!, count: $0.count) }
            chunk.count = carried.count
            chunk.index = index
            var scanFrom = resume
            while true {
                let (got, error) = readFully(into: chunk.base + chunk.count, chunkSize)
                hasher.update(bufferPointer: UnsafeRawBufferPointer(start: chunk.base + chunk.count, count: got))
                chunk.count += got
                if error != 0 {
                    publish(nil, failure: "cannot read \(path): \(String(cString: strerror(error)))", last: true)
                    return
                }
                if got < chunkSize {
                    // The end of the file: the last chunk holds every byte left.
                    let hash = "sha256:" + hasher.finalize().map { String(format: "%02x", $0) }.joined()
                    publish(chunk.count > 0 ? chunk : nil, digest: hash, last: true)
                    return
                }
                let (recordEnd, resumeAt) = scanner.scan(chunk.base, from: scanFrom, count: chunk.count)
                if let recordEnd {
                    carried = Array(UnsafeBufferPointer(start: chunk.base + recordEnd, count: chunk.count - recordEnd))
                    resume = resumeAt - recordEnd
                    chunk.count = recordEnd
                    publish(chunk, last: false)
                    index += 1
                    break
                }
                // One record longer than everything read so far: read more into the same chunk.
                scanFrom = resumeAt
                chunk.reserve(chunk.count + chunkSize)
            }
        }
    }
}
