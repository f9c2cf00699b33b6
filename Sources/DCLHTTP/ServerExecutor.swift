import NIOCore
import NIOPosix

/// Where `dcl serve` runs its Swift tasks: on the server's own event loops (one thread per core,
/// the threads that read and write its sockets) instead of the default pool.
///
/// Why: every request is read on an event loop, handled in a task and written back on the event
/// loop; with tasks on the default pool each request crosses between the two sets of threads
/// twice, waking a sleeping thread each time, which on a loaded machine cost more than a kept
/// answer's own work. The handlers never block a thread for long (database work runs on the
/// database's own queues, or under a lock held for microseconds), so the loops stay responsive.
///
/// Must be adopted before the process starts any task, so the command line's entry point does it
/// for `serve` only, right after parsing.
///
/// NIO finds the concurrency runtime's enqueue hook with `dlsym`, which sees only exported symbols:
/// in a binary linked with `--static-swift-stdlib` (release builds, the Dockerfile) the runtime is
/// inside the binary, the hook is not exported (the linker refuses to export it), and `adopt()`
/// returns false. Such a server runs its tasks on the default pool; the release figures in
/// docs/http-api.md since the static link are that configuration.
///
/// ```swift
/// ServerExecutor.adopt()   // first thing, before any Task or async work starts
/// ```
public enum ServerExecutor {
    /// Installs the event loops as Swift's global executor; false when that is not possible here
    /// (the default pool then stays, which is correct, only slower).
    @discardableResult
    public static func adopt() -> Bool {
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
    }
}
