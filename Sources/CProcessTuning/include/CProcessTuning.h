#ifndef DCL_PROCESS_TUNING_H
#define DCL_PROCESS_TUNING_H

/// The number of malloc arenas the process was limited to before `main` ran, or 0 where the C
/// library has no such setting (macOS). See `MallocArenas` in the `dcl` target for why.
int dcl_malloc_arena_limit(void);

#endif
