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
/// Requests that miss the same answer at the same end while it is being rendered wait for that one
/// rendering (`answer(for:at:render:)`) instead of each rendering it again: right after a write, a
/// hot page is otherwise rendered once per connection in flight, and those renderings take the cores
/// from every other request for as long as they last.
///
/// ```swift
/// let cache = ResponseCache()
/// let key = ResponseCache.Key.contract(ContractID("sales.orders")!, version: nil, yaml: false)
/// let body = try await cache.answer(for: key, at: end) { try await render(queries) }
/// return ResponseCache.response(body)
/// ```
public final class ResponseCache: @unchecked Sendable {
    // @unchecked Sendable: `end`, `bodies` and `renderings` are read and written only while holding
    // `lock` (every method takes it first and releases it before returning or awaiting), and
    // `capacity` is a constant.

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
    /// Answers being rendered, with the log's end each is rendered at.
    private var renderings: [Key: (end: LogCursor, task: Task<Body, any Error>)] = [:]
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

    /// The answer to `key` at the log's end `end`: the kept one, the one another request is
    /// rendering at that end (awaited, not rendered again), or `render`'s, which is then kept.
    /// A rendering that throws is not kept; the requests waiting for it get its error.
    func answer(for key: Key, at end: LogCursor, render: @escaping @Sendable () async throws -> Body) async throws -> Body {
        enum Found {
            case kept(Body)
            case rendering(Task<Body, any Error>)
        }
        let found: Found = lock.withLock {
            if self.end == end, let kept = bodies[key] { return .kept(kept) }
            if let rendering = renderings[key], rendering.end == end { return .rendering(rendering.task) }
            let task = Task<Body, any Error> { [self] in
                defer { lock.withLock { if renderings[key]?.end == end { renderings[key] = nil } } }
                let body = try await render()
                store(body, for: key, at: end)
                return body
            }
            renderings[key] = (end, task)
            return .rendering(task)
        }
        switch found {
        case .kept(let body): return body
        case .rendering(let task): return try await task.value
        }
    }

    /// A 200 response with `body`.
    static func response(_ body: Body) -> Response {
        Response(status: .ok, headers: body.headers, body: ResponseBody(byteBuffer: body.bytes))
    }

    /// How many answers are kept.
    public var count: Int { lock.withLock { bodies.count } }
}
