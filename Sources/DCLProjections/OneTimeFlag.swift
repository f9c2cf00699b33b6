import Foundation

/// A flag that can be raised once: the first `raise()` returns true, every later one false.
/// `ReadModelStore.close()` uses it so a second close does nothing (SQLite crashes on a handle
/// GRDB has already closed).
///
/// ```swift
/// let closed = OneTimeFlag()
/// closed.raise()   // true
/// closed.raise()   // false
/// ```
final class OneTimeFlag: @unchecked Sendable {
    // @unchecked: `raised` is only read or written while holding `lock`.
    private let lock = NSLock()
    private var raised = false

    /// Raises the flag; true only for the call that raised it.
    func raise() -> Bool {
        lock.withLock {
            defer { raised = true }
            return !raised
        }
    }
}
