/// A 64-bit hash of a value's bytes, for uniqueness checks: equal bytes always give equal
/// fingerprints; different bytes almost never do, and where they do the sets that use it compare
/// the bytes themselves, so a collision never merges two values.
///
/// ```swift
/// let fingerprint = [UInt8]("EUR".utf8).withUnsafeBufferPointer(ValueFingerprint.of)
/// ```
enum ValueFingerprint {
    private static let multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15
    private static let seed: UInt64 = 0x243F_6A88_85A3_08D3

    static func of(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash = seed ^ (UInt64(truncatingIfNeeded: bytes.count) &* multiplier)
        guard let base = bytes.baseAddress else { return finalize(hash) }
        let raw = UnsafeRawPointer(base)
        var offset = 0
        // Eight bytes at a time, then the tail zero-padded into one word.
        while offset + 8 <= bytes.count {
            let word = raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            hash = mix(hash ^ word)
            offset += 8
        }
        if offset < bytes.count {
            var word: UInt64 = 0
            var shift: UInt64 = 0
            while offset < bytes.count {
                word |= UInt64(base[offset]) << shift
                shift += 8
                offset += 1
            }
            hash = mix(hash ^ word)
        }
        return finalize(hash)
    }

    @inline(__always)
    private static func mix(_ value: UInt64) -> UInt64 {
        let product = value &* multiplier
        return (product << 31 | product >> 33) &* 0xC2B2_AE3D_27D4_EB4F
    }

    /// MurmurHash3's 64-bit finalizer: every input bit affects every output bit.
    @inline(__always)
    private static func finalize(_ value: UInt64) -> UInt64 {
        var hash = value
        hash ^= hash >> 33
        hash &*= 0xFF51_AFD7_ED55_8CCD
        hash ^= hash >> 33
        hash &*= 0xC4CE_B9FE_1A85_EC53
        hash ^= hash >> 33
        return hash
    }
}
