#ifndef C_CHILD_SPAWN_H
#define C_CHILD_SPAWN_H

#include <sys/types.h>

/// Starts `path` with `argv` and `envp` through posix_spawn, in a process group of its own (as
/// Foundation's `Process` does), in `directory` when it is not NULL, with no signal blocked and
/// SIGINT and SIGTERM at their default actions.
///
/// Each of `input`, `output`, `error` is the parent's descriptor to give the child as 0, 1 or 2;
/// -1 keeps the parent's own, -2 opens /dev/null. Every other descriptor is closed in the child
/// (posix_spawn_file_actions_addclosefrom_np), whatever other threads opened in the meantime.
///
/// Returns 0 and sets `*pid`, or an errno value.
int dcl_child_spawn(pid_t *pid, const char *path, char *const argv[], char *const envp[],
                    const char *directory, int input, int output, int error);

#endif
