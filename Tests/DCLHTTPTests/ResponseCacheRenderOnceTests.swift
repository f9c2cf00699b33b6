@testable import DCLHTTP
import DCLDomain
import DCLEventLog
import Hummingbird
import Synchronization
import Testing

/// Requests that miss the same kept answer together render it once: a hot page right after a
/// write is not rendered again by every connection in flight.
@Suite("HTTP API: kept answers rendered once")
struct ResponseCacheRenderOnceTests {
    /// Counts renderings and holds each one until the test lets it finish.
    final class Renderer: Sendable {
        let renderings = Atomic<Int>(0)
        let released = Atomic<Bool>(false)

        func render(_ text: String) async throws -> ResponseCache.Body {
            renderings.add(1, ordering: .sequentiallyConsistent)
            while !released.load(ordering: .sequentiallyConsistent) { try await Task.sleep(for: .milliseconds(5)) }
            return ResponseCache.Body(bytes: ByteBuffer(string: text), contentType: "application/json")
        }
    }

    struct Refused: Error {}

    let key = ResponseCache.Key.contract(ContractID("sales.orders")!, version: nil, yaml: false)

    @Test("twenty requests that miss together get one rendering, and it is kept")
    func concurrentMissesRenderOnce() async throws {
        let cache = ResponseCache()
        let renderer = Renderer()
        let end = LogCursor.after(position: 7)
        let key = self.key
        try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<20 {
                group.addTask {
                    let body = try await cache.answer(for: key, at: end) { try await renderer.render("v7") }
                    return String(buffer: body.bytes)
                }
            }
            // Every request is waiting before the one rendering may finish.
            while renderer.renderings.load(ordering: .sequentiallyConsistent) == 0 { try await Task.sleep(for: .milliseconds(5)) }
            try await Task.sleep(for: .milliseconds(100))
            renderer.released.store(true, ordering: .sequentiallyConsistent)
            var answers: [String] = []
            for try await answer in group { answers.append(answer) }
            #expect(answers == Array(repeating: "v7", count: 20))
        }
        #expect(renderer.renderings.load(ordering: .sequentiallyConsistent) == 1)
        #expect(cache.body(for: key, at: end).map { String(buffer: $0.bytes) } == "v7")
    }

    @Test("a miss at another log end renders its own answer; a failed rendering is not kept")
    func anotherEndAndErrors() async throws {
        let cache = ResponseCache()
        let renderer = Renderer()
        renderer.released.store(true, ordering: .sequentiallyConsistent)
        let key = self.key
        let first = try await cache.answer(for: key, at: .after(position: 1)) { try await renderer.render("v1") }
        let second = try await cache.answer(for: key, at: .after(position: 2)) { try await renderer.render("v2") }
        #expect(String(buffer: first.bytes) == "v1" && String(buffer: second.bytes) == "v2")
        #expect(renderer.renderings.load(ordering: .sequentiallyConsistent) == 2)

        await #expect(throws: Refused.self) {
            _ = try await cache.answer(for: key, at: .after(position: 3)) { throw Refused() }
        }
        #expect(cache.body(for: key, at: .after(position: 3)) == nil)
        // The failure is not remembered: the next request at that end renders again.
        let third = try await cache.answer(for: key, at: .after(position: 3)) { try await renderer.render("v3") }
        #expect(String(buffer: third.bytes) == "v3")
    }
}
