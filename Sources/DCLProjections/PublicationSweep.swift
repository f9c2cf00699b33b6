import Foundation

/// When a projector with sinks looks again for what was committed but not published
/// (`Projector.catchUp`): on its first catch-up, after a catch-up that failed, when the
/// partitions it folds or its sinks change (a group member given another's partitions), and
/// otherwise at most every `interval`, for what another projector sharing the store committed and
/// could not publish.
///
/// Why not at every catch-up: looking costs two store queries per contracts partition, and a
/// projector following an idle ledger catches up five times a second: with 512 partitions that
/// kept a third of a core busy doing nothing.
///
/// ```swift
/// let sweep = PublicationSweep(interval: .seconds(30))
/// sweep.isDue(for: [0, 1, 2], sinks: ["kafka:dcl.notifications.v1"])   // true: never looked
/// sweep.swept([0, 1, 2], sinks: ["kafka:dcl.notifications.v1"])
/// sweep.isDue(for: [0, 1, 2], sinks: ["kafka:dcl.notifications.v1"])   // false until 30 s or `invalidate()`
/// ```
// @unchecked Sendable: `scope` and `at` are read and written only while holding `lock`.
final class PublicationSweep: @unchecked Sendable {
    private let lock = NSLock()
    private let interval: Duration
    private var scope: (partitions: [Int32], sinks: [String])?
    private var at = ContinuousClock.now

    init(interval: Duration = .seconds(30)) {
        self.interval = interval
    }

    /// Whether to look at the partitions `folded` for the sinks named `sinks`.
    func isDue(for folded: [Int32], sinks: [String]) -> Bool {
        lock.withLock {
            guard let scope, scope.partitions == folded, scope.sinks == sinks else { return true }
            return ContinuousClock.now - at >= interval
        }
    }

    /// Every partition of `folded` was looked at, and what it held was published to `sinks`.
    func swept(_ folded: [Int32], sinks: [String]) {
        lock.withLock {
            scope = (folded, sinks)
            at = ContinuousClock.now
        }
    }

    /// A catch-up failed, perhaps between a commit and its publication: look again next time.
    func invalidate() {
        lock.withLock { scope = nil }
    }
}
