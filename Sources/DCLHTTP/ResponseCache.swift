import DCLApplication
import DCLDomain
import DCLEventLog
import Foundation
import Hummingbird

/// Rendered answers to the hottest reads (one contract, a catalog page), kept while the log's end
/// stays where it was when they were rendered.
///
/// An answer is stored under the log's end its read found (`ReadSide.withCurrentQueries`): the
/// read models then held every event up to there at least, so a later request that finds the same
/// end gets an answer holding every write that finished before it (read-your-writes, also for
/// writes by another process). Once the log moves, no request finds the old end again, and the
/// first answer stored under the new end drops the old ones. Reads `asOf` a time are not kept.
///
/// ```swift
/// let cache = ResponseCache()
/// let key = ResponseCache.Key.contract(ContractID("sales.orders")!, version: nil, yaml: false)
/// if let hit = cache.body(for: key, at: end) { return ResponseCache.response(hit) }
/// ```
public final class ResponseCache: @unchecked Sendable {
    // @unchecked Sendable: `end` and `bodies` are read and written only while holding `lock`
    // (every method takes it first and releases it before returning), and `capacity` is a constant.

    /// What a cached answer is the answer to, parsed (so equal requests written differently share it).
    public enum Key: Hashable, Sendable {
        case contract(ContractID, version: SemanticVersion?, yaml: Bool)
        case catalog(CatalogFilter, limit: Int, offset: Int)
    }

    /// A rendered answer: its bytes and their content type, with the response's headers made once
    /// (a kept answer is sent as it is, without building them again).
    struct Body: Sendable {
        let bytes: ByteBuffer
        let contentType: String
        let headers: HTTPFields

        init(bytes: ByteBuffer, contentType: String) {
            self.bytes = bytes
            self.contentType = contentType
            headers = [.contentType: contentType, .contentLength: String(bytes.readableBytes)]
        }
    }

    private let lock = NSLock()
    private var end: LogCursor?
    private var bodies: [Key: Body] = [:]
    /// At most this many answers are kept; past it the cache starts over (a scan of every contract
    /// would otherwise keep them all).
    let capacity: Int

    public init(capacity: Int = 10_000) {
        self.capacity = capacity
    }

    /// The answer stored for `key` under the log's end `end`; nil when there is none.
    func body(for key: Key, at end: LogCursor) -> Body? {
        lock.withLock { self.end == end ? bodies[key] : nil }
    }

    /// Keeps `body` as the answer to `key` read at the log's end `end`; answers kept under another
    /// end are dropped (no request can ask for them again once the log moved).
    func store(_ body: Body, for key: Key, at end: LogCursor) {
        lock.withLock {
            if self.end != end || bodies.count >= capacity {
                bodies.removeAll(keepingCapacity: true)
                self.end = end
            }
            bodies[key] = body
        }
    }

    /// A 200 response with `body`.
    static func response(_ body: Body) -> Response {
        Response(status: .ok, headers: body.headers, body: ResponseBody(byteBuffer: body.bytes))
    }

    /// How many answers are kept.
    public var count: Int { lock.withLock { bodies.count } }
}
