import CProcessTuning
import Testing

/// The heap settings `CProcessTuning` applies before `main` are what keep a long catch-up's peak
/// memory bounded on Linux; if the C library's branch is compiled out they vanish without a
/// sound, and only a memory benchmark would notice. The test binary links the same constructor.
@Suite("process tuning")
struct ProcessTuningTests {
    @Test func glibcProcessesAreLimitedToTwoMallocArenasBeforeMain() {
        #if os(Linux) && canImport(Glibc)
        #expect(dcl_malloc_arena_limit() == 2)
        #else
        #expect(dcl_malloc_arena_limit() == 0)
        #endif
    }
}
