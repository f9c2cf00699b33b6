import Foundation

/// Whether a publication running beside a catch-up has ended (`Projector.catchUp`): the loop
/// looks without waiting, and starts the next publication only once the one before has ended.
///
/// ```swift
/// let ended = PublicationEnd()
/// let task = Task { defer { ended.mark() }; try await publish() }
/// if ended.hasEnded { try await task.value }   // does not wait
/// ```
// @unchecked Sendable: `ended` is read and written only while holding `lock`.
final class PublicationEnd: @unchecked Sendable {
    private let lock = NSLock()
    private var ended = false

    func mark() { lock.withLock { ended = true } }

    var hasEnded: Bool { lock.withLock { ended } }
}
