import Foundation

/// The positions a store took from its counter (`position_counter`) and has not handed out yet:
/// one block, handed out from its start. `ReadModelStore.reservePositions` takes a block of many
/// batches' worth at once, so numbering a batch rarely waits for the store's writer, which the
/// commit of the batch before is usually holding.
///
/// ```swift
/// let reserved = ReservedPositions()
/// reserved.take(10)                               // nil: nothing reserved yet
/// reserved.refill(first: 1, last: 65_536)
/// reserved.take(10)                               // 1 (then 11, 21, ...)
/// ```
final class ReservedPositions: @unchecked Sendable {
    // @unchecked: `next` and `last` are only read or written while holding `lock`, and no
    // method calls out while holding it.
    private let lock = NSLock()
    /// The next position to hand out; the block is empty when it is past `last`.
    private var next: Int64 = 1
    private var last: Int64 = 0

    /// The first of `count` positions from the block, or nil when it holds fewer.
    func take(_ count: Int64) -> Int64? {
        lock.withLock {
            guard last - next + 1 >= count else { return nil }
            defer { next += count }
            return next
        }
    }

    /// Makes `first...last` the block. A block that continues the current one extends it; any
    /// other replaces it, and what was left of the old one is never handed out (a gap).
    func refill(first: Int64, last newLast: Int64) {
        lock.withLock {
            if first != last + 1 { next = first }
            last = newLast
        }
    }

    /// What is left of the block (nil when nothing), and empties it.
    func takeRemainder() -> ClosedRange<Int64>? {
        lock.withLock {
            guard next <= last else { return nil }
            defer { next = last + 1 }
            return next...last
        }
    }
}
