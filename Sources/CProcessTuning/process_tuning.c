#include "CProcessTuning.h"

// (`__linux__` is the compiler's own, so this test holds before any header is included; a C
// library's macro such as `__GLIBC__` would not, and once compiled a glibc branch out unnoticed.)
#if defined(__linux__)
// On Linux the process's allocator is jemalloc (`Package.swift` links it into every binary that
// uses this target). glibc's malloc took a large share of a rebuild's time: a projector allocates
// a batch's events on the reading thread, folds them on another and frees them on a third, and
// glibc serves that pattern with arena locks, chunk coalescing and cross-thread frees that
// jemalloc's per-thread caches and size-class slabs avoid.
#if !__has_include(<jemalloc/jemalloc.h>)
#error "dcl needs jemalloc on Linux: install libjemalloc-dev (scripts/install-deps.sh does)"
#endif
#include <jemalloc/jemalloc.h>
#include <stdint.h>
#include <stdio.h>

// Read by jemalloc when it starts, before `main` and before any thread (`MALLOC_CONF` in the
// environment still overrides it). Two arenas, as glibc was limited to before: a batch is freed on
// another thread than the one that allocated it, and with jemalloc's default of four arenas per
// core the freed memory stayed spread over eight of them, which raised a rebuild's peak memory
// for next to no speed (see `MallocArenas`).
const char *malloc_conf = "narenas:2";

int dcl_malloc_arena_limit(void) {
    unsigned arenas = 0;
    size_t size = sizeof(arenas);
    if (mallctl("opt.narenas", &arenas, &size, NULL, 0) != 0) return 0;
    return (int)arenas;
}

const char *dcl_malloc_name(void) { return "jemalloc"; }

uint64_t dcl_malloc_thread_allocated(void) {
    uint64_t allocated = 0;
    size_t size = sizeof(allocated);
    if (mallctl("thread.allocated", &allocated, &size, NULL, 0) != 0) return 0;
    return allocated;
}

void dcl_release_free_memory(void) {
    // Every arena's unused pages back to the system now, instead of after jemalloc's decay time
    // (MALLCTL_ARENAS_ALL names them all).
    char command[64];
    snprintf(command, sizeof(command), "arena.%u.purge", (unsigned)MALLCTL_ARENAS_ALL);
    mallctl(command, NULL, NULL, NULL, 0);
}
#else
// macOS: the system allocator manages its zones itself.
int dcl_malloc_arena_limit(void) { return 0; }

const char *dcl_malloc_name(void) { return "system"; }

uint64_t dcl_malloc_thread_allocated(void) { return 0; }

void dcl_release_free_memory(void) {}
#endif
