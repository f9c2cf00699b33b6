import CProcessTuning

/// The allocator `dcl` runs on, and how many arenas it has: jemalloc with two on Linux (set before
/// `main` by `CProcessTuning`, which links it), the system's own allocator on macOS.
///
/// A catch-up allocates a batch on one thread (reading), folds it on others and frees it on a third
/// (after the commit). glibc's malloc served that with arena locks, chunk coalescing and frees
/// handed across threads, a large share of a rebuild's time; jemalloc's per-thread caches
/// and size-class slabs do not pay for it. Two arenas (one per core of a small machine) rather than
/// jemalloc's four per core: freed batches are then reused where they were allocated instead of
/// staying spread over eight arenas, which kept the peak resident memory lower for the same speed.
///
/// ```swift
/// MallocArenas.allocator   // "jemalloc" on Linux
/// MallocArenas.limit       // 2 on Linux, 0 (left to the system) on macOS
/// ```
enum MallocArenas {
    static var limit: Int { Int(dcl_malloc_arena_limit()) }
    static var allocator: String { String(cString: dcl_malloc_name()) }
}
