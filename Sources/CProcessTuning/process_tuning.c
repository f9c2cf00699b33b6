#include "CProcessTuning.h"

// `__GLIBC__` comes from the C library's own headers: without one included first, the test below
// is always false and every setting here silently compiles to nothing.
#include <stdlib.h>

#if defined(__GLIBC__)
#include <malloc.h>

// glibc decides how many arenas a process may create the first time threads contend for one,
// which in a Swift program can happen before `main` (the concurrency runtime starts its
// threads first). A constructor runs before any of them exist, so the limit always holds.
static int arena_limit = 0;

__attribute__((constructor)) static void dcl_limit_malloc_arenas(void) {
    if (mallopt(M_ARENA_MAX, 2) == 1) arena_limit = 2;
}

int dcl_malloc_arena_limit(void) { return arena_limit; }

void dcl_release_free_memory(void) { malloc_trim(0); }
#else
int dcl_malloc_arena_limit(void) { return 0; }

void dcl_release_free_memory(void) {}
#endif
