import CProcessTuning
import Testing

/// The allocator settings `CProcessTuning` brings are what keep a long catch-up fast and its peak
/// memory bounded on Linux; if jemalloc stopped serving the process (a link order that puts the C
/// library first, a branch compiled out) they would vanish without a sound, and only a benchmark
/// would notice. The test binary links the same target, so it runs on the same allocator.
@Suite("process tuning")
struct ProcessTuningTests {
    @Test func linuxProcessesRunOnJemallocWithTwoArenas() {
        #if os(Linux)
        #expect(String(cString: dcl_malloc_name()) == "jemalloc")
        #expect(dcl_malloc_arena_limit() == 2)
        #else
        #expect(String(cString: dcl_malloc_name()) == "system")
        #expect(dcl_malloc_arena_limit() == 0)
        #endif
    }

    /// jemalloc counts what each thread allocates; a Swift array's buffer (the runtime's
    /// `swift_slowAlloc`, i.e. `malloc`) is counted only if `malloc` reaches jemalloc.
    @Test func swiftAllocationsReachJemalloc() {
        #if os(Linux)
        let before = dcl_malloc_thread_allocated()
        let buffer = [UInt8](repeating: 7, count: 1 << 20)
        let after = dcl_malloc_thread_allocated()
        #expect(buffer.count == 1 << 20)
        #expect(after - before >= 1 << 20, "a 1 MiB array allocated \(after - before) bytes through jemalloc")
        #else
        #expect(dcl_malloc_thread_allocated() == 0)
        #endif
    }
}
