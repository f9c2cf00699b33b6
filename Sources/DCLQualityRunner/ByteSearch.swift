/// Finds bytes eight at a time in a 64-bit word (SWAR: SIMD within a register), for the CSV
/// parser's hot loops: one load and a few integer operations test eight bytes for a delimiter
/// instead of eight compares and branches.
///
/// ```swift
/// let word = UnsafeRawPointer(cursor).loadUnaligned(as: UInt64.self)
/// let hits = ByteSearch.matches(word, UInt8(ascii: ",")) | ByteSearch.matches(word, UInt8(ascii: "\n"))
/// if hits != 0 { cursor += ByteSearch.firstIndex(hits) }   // the first comma or line feed
/// ```
enum ByteSearch {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let lowBits: UInt64 = 0x7F7F_7F7F_7F7F_7F7F

    /// The high bit of each byte of `word` that equals `byte`, and no other bit. Exact: a byte's
    /// low seven bits plus 0x7F cannot carry into the next byte, so no byte's result depends on its
    /// neighbours (unlike the shorter `(x - 0x01…) & ~x & 0x80…`, which can flag a byte after a match).
    @inline(__always)
    static func matches(_ word: UInt64, _ byte: UInt8) -> UInt64 {
        let difference = word ^ (ones &* UInt64(byte))
        let nonzero = ((difference & lowBits) &+ lowBits) | difference
        return ~(nonzero | lowBits)
    }

    /// The offset, in memory order, of the first byte flagged in `hits` (non-zero). The words are
    /// loaded little-endian, so the lowest flagged byte comes first in memory.
    @inline(__always)
    static func firstIndex(_ hits: UInt64) -> Int {
        UInt64(littleEndian: hits).trailingZeroBitCount >> 3
    }

    /// The number of `byte`s in `start..<end`.
    static func count(_ byte: UInt8, from start: UnsafePointer<UInt8>, to end: UnsafePointer<UInt8>) -> Int {
        var cursor = start
        var found = 0
        while end - cursor >= 8 {
            found += matches(UnsafeRawPointer(cursor).loadUnaligned(as: UInt64.self), byte).nonzeroBitCount
            cursor += 8
        }
        while cursor < end {
            if cursor.pointee == byte { found += 1 }
            cursor += 1
        }
        return found
    }
}
