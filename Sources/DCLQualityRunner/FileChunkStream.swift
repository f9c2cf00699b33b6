import Crypto
import Foundation

/// Reads a file on a thread of its own, in fixed-size chunks, hashing every byte (SHA-256) as it
/// goes (1 MiB chunks), while the caller parses the chunk before: reading and hashing overlap with parsing on
/// a second core. At most `depth` chunks exist at once (the caller hands each back with
/// `recycle`), so memory is `depth × chunkSize` whatever the file's size.
///
/// ```swift
/// let stream = try FileChunkStream(path: "orders.csv")
/// while let chunk = try stream.next() {
///     parse(chunk.bytes[..<chunk.count])
///     stream.recycle(chunk)
/// }
/// print(stream.fingerprint)   // sha256:…
/// ```
// @unchecked Sendable: the reading thread and the caller share only `ready`, `spare`, `finished`,
// `failure`, `cancelled` and `digest`, each read and written with `condition` locked; the file
// descriptor and the hasher are used by the reading thread alone, and a chunk's bytes belong to
// whoever holds the chunk (it is in no queue while held).
final class FileChunkStream: @unchecked Sendable {
    struct Chunk: Sendable {
        var bytes: [UInt8]
        var count: Int
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
        spare = (0..<depth).map { _ in Chunk(bytes: [UInt8](repeating: 0, count: chunkSize), count: 0) }
        let thread = Thread { [self] in readAll() }
        thread.stackSize = 1 << 20
        thread.start()
    }

    deinit { close(descriptor) }

    /// The next chunk in file order, nil at the end of the file.
    func next() throws(QualitySourceError) -> Chunk? {
        condition.lock()
        defer { condition.unlock() }
        while ready.isEmpty && !finished && failure == nil { condition.wait() }
        if let failure { throw QualitySourceError(failure) }
        return ready.isEmpty ? nil : ready.removeFirst()
    }

    /// Hands a chunk back for the reading thread to fill again.
    func recycle(_ chunk: Chunk) {
        condition.lock()
        spare.append(chunk)
        condition.signal()
        condition.unlock()
    }

    /// Stops the reading thread (the caller stopped early, e.g. on malformed CSV).
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

    private func readAll() {
        var hasher = SHA256()
        while true {
            condition.lock()
            while spare.isEmpty && !cancelled { condition.wait() }
            if cancelled {
                condition.unlock()
                return
            }
            var chunk = spare.removeLast()
            condition.unlock()
            var count = 0
            var error: Int32 = 0
            chunk.bytes.withUnsafeMutableBytes { buffer in
                while count < chunkSize {
                    let got = read(descriptor, buffer.baseAddress! + count, chunkSize - count)
                    if got > 0 {
                        count += got
                    } else if got == 0 {
                        break
                    } else if errno != EINTR {
                        error = errno
                        break
                    }
                }
                hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[..<count]))
            }
            chunk.count = count
            let last = count < chunkSize || error != 0
            condition.lock()
            if error != 0 {
                failure = "cannot read \(path): \(String(cString: strerror(error)))"
            } else if count > 0 {
                ready.append(chunk)
            }
            if last {
                if error == 0 { digest = "sha256:" + hasher.finalize().map { String(format: "%02x", $0) }.joined() }
                finished = true
            }
            condition.broadcast()
            condition.unlock()
            if last { return }
        }
    }
}
