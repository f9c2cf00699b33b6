#ifndef DCL_PROCESS_TUNING_H
#define DCL_PROCESS_TUNING_H

/// The number of malloc arenas the process was limited to before `main` ran, or 0 where the C
/// library has no such setting (macOS). See `MallocArenas` in the `dcl` target for why.
int dcl_malloc_arena_limit(void);

/// Returns the heap memory the process freed to the system (glibc's `malloc_trim`), so that a
/// phase about to allocate much of its own starts from what is in use, not from the peak of the
/// phase before. Does nothing where the C library has no such call (macOS returns it by itself).
void dcl_release_free_memory(void);

#endif
