/// An exact set of byte strings held in one arena: an open-addressing table of 64-bit
/// fingerprints, each pointing at its value's bytes, so a fingerprint match is confirmed by
/// comparing the bytes (two values are one only when their bytes are equal).
///
/// Memory is the arena (each value's bytes plus a 4-byte length) and 12 bytes per table slot;
/// `memoryBytes` lets the owner spill to disk before a budget is exceeded.
///
/// ```swift
/// var set = ByteValueSet()
/// let bytes = [UInt8]("EUR".utf8)
/// bytes.withUnsafeBufferPointer { _ = set.insert($0, fingerprint: ValueFingerprint.of($0)) }  // true: new
/// ```
struct ByteValueSet {
    /// Fingerprints (0: an empty slot; a zero fingerprint is stored as 1).
    private var fingerprints: [UInt64]
    /// Where each slot's value starts in the arena (its 4-byte length, then its bytes).
    private var offsets: [UInt32]
    private var arena: [UInt8] = []
    private(set) var count = 0

    init(capacity: Int = 1024) {
        var slots = 16
        while slots < capacity * 2 { slots <<= 1 }
        fingerprints = Array(repeating: 0, count: slots)
        offsets = Array(repeating: 0, count: slots)
    }

    /// Bytes held: the table and the arena's allocation.
    var memoryBytes: Int { fingerprints.count * 12 + arena.capacity }

    /// Inserts the value; returns whether it was new.
    @discardableResult
    mutating func insert(_ bytes: UnsafeBufferPointer<UInt8>, fingerprint: UInt64) -> Bool {
        let stored = fingerprint == 0 ? 1 : fingerprint
        var mask = fingerprints.count - 1
        var slot = Int(truncatingIfNeeded: stored) & mask
        while true {
            let present = fingerprints[slot]
            if present == 0 { break }
            if present == stored, equals(at: Int(offsets[slot]), bytes) { return false }
            slot = (slot + 1) & mask
        }
        if (count + 1) * 4 > fingerprints.count * 3 {
            grow()
            mask = fingerprints.count - 1
            slot = Int(truncatingIfNeeded: stored) & mask
            while fingerprints[slot] != 0 { slot = (slot + 1) & mask }
        }
        fingerprints[slot] = stored
        offsets[slot] = UInt32(arena.count)
        let length = UInt32(bytes.count)
        arena.append(UInt8(truncatingIfNeeded: length))
        arena.append(UInt8(truncatingIfNeeded: length >> 8))
        arena.append(UInt8(truncatingIfNeeded: length >> 16))
        arena.append(UInt8(truncatingIfNeeded: length >> 24))
        arena.append(contentsOf: bytes)
        count += 1
        return true
    }

    /// Calls `body` with every value and its fingerprint.
    func forEach<Failure: Error>(_ body: (UnsafeBufferPointer<UInt8>, UInt64) throws(Failure) -> Void) throws(Failure) {
        try arena.withUnsafeBufferPointer { (arena) throws(Failure) in
            for slot in fingerprints.indices where fingerprints[slot] != 0 {
                let offset = Int(offsets[slot])
                let length = Self.length(arena, at: offset)
                try body(UnsafeBufferPointer(rebasing: arena[(offset + 4)..<(offset + 4 + length)]), fingerprints[slot])
            }
        }
    }

    private func equals(at offset: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        arena.withUnsafeBufferPointer { arena in
            let length = Self.length(arena, at: offset)
            guard length == bytes.count else { return false }
            for index in 0..<length where arena[offset + 4 + index] != bytes[index] { return false }
            return true
        }
    }

    private static func length(_ arena: UnsafeBufferPointer<UInt8>, at offset: Int) -> Int {
        Int(arena[offset]) | Int(arena[offset + 1]) << 8 | Int(arena[offset + 2]) << 16 | Int(arena[offset + 3]) << 24
    }

    private mutating func grow() {
        let oldFingerprints = fingerprints
        let oldOffsets = offsets
        let slots = fingerprints.count * 2
        fingerprints = Array(repeating: 0, count: slots)
        offsets = Array(repeating: 0, count: slots)
        let mask = slots - 1
        for index in oldFingerprints.indices where oldFingerprints[index] != 0 {
            var slot = Int(truncatingIfNeeded: oldFingerprints[index]) & mask
            while fingerprints[slot] != 0 { slot = (slot + 1) & mask }
            fingerprints[slot] = oldFingerprints[index]
            offsets[slot] = oldOffsets[index]
        }
    }
}
