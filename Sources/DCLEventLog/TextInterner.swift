import Foundation
import DCLDomain

/// Gives every occurrence of the same text, as a reader decodes events, one shared `String`.
///
/// A contract's id is on every one of its events, and a fold compares and hashes it for each:
/// as dictionary keys and set members (the fold state, the parts a batch touches). Two strings
/// with one storage compare equal without reading their bytes, and the text is allocated once
/// rather than once per event. Texts of up to 15 bytes are stored inside the `String` itself
/// and are not kept.
///
/// Memory is bounded: when `capacity` texts are kept, the table starts over (texts already
/// handed out stay valid; only later ones stop sharing storage with them).
///
/// ```swift
/// var interner = TextInterner()
/// let a = bytes.withUnsafeBufferPointer { interner.text($0) }
/// let b = bytes.withUnsafeBufferPointer { interner.text($0) }   // the same storage as `a`
/// ```
public struct TextInterner: Sendable {
    private var slots: [String?]
    private var kept = 0
    /// Texts kept before the table starts over.
    public let capacity: Int

    public init(capacity: Int = 1 << 15) {
        self.capacity = max(16, capacity)
        var size = 32
        while size < self.capacity * 2 { size *= 2 }
        slots = Array(repeating: nil, count: size)
    }

    /// The text of these UTF-8 bytes (invalid sequences repaired, as `String(decoding:as:)`),
    /// the same `String` as before when the same bytes were seen since the table last started over.
    public mutating func text(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard bytes.count > 15 else { return String(decoding: bytes, as: UTF8.self) }
        let mask = slots.count - 1
        var index = Self.hash(bytes) & mask
        while let existing = slots[index] {
            if existing.hasUTF8(bytes) { return existing }
            index = (index + 1) & mask
        }
        if kept >= capacity {
            slots = Array(repeating: nil, count: slots.count)
            kept = 0
            index = Self.hash(bytes) & mask
        }
        let text = String(decoding: bytes, as: UTF8.self)
        // A text repaired on decode has other bytes than those looked up: not kept.
        guard text.utf8.count == bytes.count else { return text }
        slots[index] = text
        kept += 1
        return text
    }

    /// Swift's own hash, seeded per process: the texts come from whoever writes to the ledger, and
    /// a fixed hash would let one choose ids that all land in one run of the table.
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var hasher = Hasher()
        hasher.combine(bytes: UnsafeRawBufferPointer(bytes))
        return hasher.finalize()
    }
}

/// A `TextInterner` that outlives one read: a log keeps one, so the ids of one batch share
/// storage with those of the batches before it (which the fold state holds as keys).
///
/// ```swift
/// let contractIds = SharedTextInterner()
/// let id = contractIds.withInterner { interner in bytes.withUnsafeBufferPointer { interner.text($0) } }
/// ```
// @unchecked Sendable: `interner` is read and changed only inside `withInterner`, with `lock` held.
public final class SharedTextInterner: @unchecked Sendable {
    private let lock = NSLock()
    private var interner: TextInterner

    public init(capacity: Int = 1 << 15) {
        interner = TextInterner(capacity: capacity)
    }

    /// Runs `body` with the interner, or with one of its own when another reader holds it: a
    /// read never waits for another to share its strings.
    public func withInterner<T>(_ body: (inout TextInterner) throws -> T) rethrows -> T {
        guard lock.try() else {
            var own = TextInterner(capacity: 256)
            return try body(&own)
        }
        defer { lock.unlock() }
        return try body(&interner)
    }
}
