// Needed for posix_spawn_file_actions_addchdir_np and _addclosefrom_np (glibc >= 2.34), which the
// Swift Glibc module does not expose.
#define _GNU_SOURCE
#include "CChildSpawn.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>

static int redirect(posix_spawn_file_actions_t *actions, int from, int to) {
    if (from == -1) return 0;
    if (from == -2) return posix_spawn_file_actions_addopen(actions, to, "/dev/null", O_RDWR, 0);
    return posix_spawn_file_actions_adddup2(actions, from, to);
}

int dcl_child_spawn(pid_t *pid, const char *path, char *const argv[], char *const envp[],
                    const char *directory, int input, int output, int error) {
    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attributes;
    int result = posix_spawn_file_actions_init(&actions);
    if (result != 0) return result;
    result = posix_spawnattr_init(&attributes);
    if (result != 0) {
        posix_spawn_file_actions_destroy(&actions);
        return result;
    }
    result = redirect(&actions, input, 0);
    if (result == 0) result = redirect(&actions, output, 1);
    if (result == 0) result = redirect(&actions, error, 2);
    // The spawning thread may be a libdispatch worker, which blocks most signals, or the test
    // process may ignore some: the child starts as from a shell, nothing blocked, SIGINT and
    // SIGTERM at their defaults, so `terminate()` and `interrupt()` reach it.
    short flags = POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF;
    sigset_t nothing, defaults;
    sigemptyset(&nothing);
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGINT);
    sigaddset(&defaults, SIGTERM);
    if (result == 0) result = posix_spawnattr_setsigmask(&attributes, &nothing);
    if (result == 0) result = posix_spawnattr_setsigdefault(&attributes, &defaults);
#ifdef __APPLE__
    flags |= POSIX_SPAWN_CLOEXEC_DEFAULT;
#else
    if (result == 0) result = posix_spawn_file_actions_addclosefrom_np(&actions, 3);
#endif
    if (result == 0 && directory != NULL) result = posix_spawn_file_actions_addchdir_np(&actions, directory);
    if (result == 0) result = posix_spawnattr_setflags(&attributes, flags);
    if (result == 0) result = posix_spawnattr_setpgroup(&attributes, 0);
    if (result == 0) result = posix_spawn(pid, path, &actions, &attributes, argv, envp);
    posix_spawnattr_destroy(&attributes);
    posix_spawn_file_actions_destroy(&actions);
    return result;
}
