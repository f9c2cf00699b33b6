import CProcessTuning

/// How many glibc malloc arenas `dcl` uses: two (set before `main` by `CProcessTuning`).
///
/// glibc gives threads that allocate at the same time arenas of their own, up to eight per core,
/// and memory freed into one arena is reused only by allocations from it. A catch-up allocates
/// a batch on one thread (reading), folds it on others and frees it on a third (after the
/// commit), so freed batches stayed scattered over many arenas and the peak resident memory of
/// a million-event rebuild was ~40 % above what the batches in flight hold. Two arenas (one per
/// core of a small machine) keep that reuse without serialising allocation on one lock. Other C
/// libraries (macOS) manage this themselves; there the limit is 0 (not set).
///
/// ```swift
/// MallocArenas.limit   // 2 on Linux
/// ```
enum MallocArenas {
    static var limit: Int { Int(dcl_malloc_arena_limit()) }
}
