#ifndef DCL_PROCESS_TUNING_H
#define DCL_PROCESS_TUNING_H

#include <stdint.h>

/// The number of arenas the process's allocator was set to before `main` ran (jemalloc's
/// `opt.narenas` on Linux), or 0 where it is left to the system (macOS). See `MallocArenas` in the
/// `dcl` target for why.
int dcl_malloc_arena_limit(void);

/// The allocator that serves `malloc` in this process: "jemalloc" on Linux, "system" elsewhere.
const char *dcl_malloc_name(void);

/// Bytes the calling thread has allocated so far, as jemalloc counts them (0 where jemalloc is not
/// the allocator): a test's proof that `malloc`, and Swift's allocations through it, reach jemalloc.
uint64_t dcl_malloc_thread_allocated(void);

/// Returns the heap memory the process freed to the system (jemalloc: purges every arena), so that
/// a phase about to allocate much of its own starts from what is in use, not from the peak of the
/// phase before. Does nothing where the allocator is the system's (macOS returns it by itself).
void dcl_release_free_memory(void);

#endif
