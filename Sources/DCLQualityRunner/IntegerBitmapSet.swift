/// An exact set of 64-bit integers as a paged bitmap: each page covers 65,536 consecutive
/// values in 8 KiB, so dense keys (ids 1…10,000,000: 153 pages, 1.2 MiB) cost about one bit each.
/// Sparse keys would need a page each; the set refuses a page beyond `maxPages`, and its owner
/// then moves the values to a byte set.
///
/// ```swift
/// var set = IntegerBitmapSet(maxPages: 1024)
/// set.insert(42)   // .inserted
/// set.insert(42)   // .present
/// ```
struct IntegerBitmapSet {
    enum Outcome { case inserted, present, full }

    private static let pageBits = 16
    private static let wordsPerPage = (1 << pageBits) / 64

    let maxPages: Int
    /// Page key (value >> 16) → the page's first word in `words`.
    private var pages: [Int64: Int] = [:]
    private var words: [UInt64] = []
    private var lastKey = Int64.min
    private var lastBase = -1
    private(set) var count = 0

    init(maxPages: Int) { self.maxPages = maxPages }

    var memoryBytes: Int { words.capacity * 8 + pages.capacity * 24 }

    mutating func insert(_ value: Int64) -> Outcome {
        let key = value >> Int64(Self.pageBits)
        let base: Int
        if key == lastKey {
            base = lastBase
        } else if let known = pages[key] {
            base = known
        } else {
            guard pages.count < maxPages else { return .full }
            base = words.count
            words.append(contentsOf: repeatElement(0, count: Self.wordsPerPage))
            pages[key] = base
        }
        lastKey = key
        lastBase = base
        let bit = Int(value & 0xFFFF)
        let word = base + bit >> 6
        let mask: UInt64 = 1 << UInt64(bit & 63)
        if words[word] & mask != 0 { return .present }
        words[word] |= mask
        count += 1
        return .inserted
    }

    /// Adds every value of `other`, page by page; false, changing nothing, when the union would
    /// need more than `maxPages` pages.
    mutating func formUnion(_ other: IntegerBitmapSet) -> Bool {
        let newPages = other.pages.keys.reduce(0) { $0 + (pages[$1] == nil ? 1 : 0) }
        guard pages.count + newPages <= maxPages else { return false }
        for (key, theirs) in other.pages {
            let base: Int
            if let known = pages[key] {
                base = known
            } else {
                base = words.count
                words.append(contentsOf: repeatElement(0, count: Self.wordsPerPage))
                pages[key] = base
            }
            for index in 0..<Self.wordsPerPage {
                let added = other.words[theirs + index] & ~words[base + index]
                count += added.nonzeroBitCount
                words[base + index] |= added
            }
        }
        return true
    }

    /// Calls `body` with every value held.
    func forEach<Failure: Error>(_ body: (Int64) throws(Failure) -> Void) throws(Failure) {
        for (key, base) in pages {
            for index in 0..<Self.wordsPerPage {
                var word = words[base + index]
                while word != 0 {
                    let bit = word.trailingZeroBitCount
                    try body(key << Int64(Self.pageBits) | Int64(index * 64 + bit))
                    word &= word - 1
                }
            }
        }
    }

    /// The integer whose canonical decimal text the bytes are (`0`, `-12`, `480`; not `+1`, `007` or `-0`,
    /// which are other texts), for at most 18 digits; nil otherwise. Canonical texts and integers
    /// match one to one, so a set of these integers counts distinct texts exactly.
    static func canonicalInteger(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        var index = 0
        var negative = false
        if bytes.count > 0, bytes[0] == UInt8(ascii: "-") {
            negative = true
            index = 1
        }
        let digits = bytes.count - index
        guard digits >= 1, digits <= 18 else { return nil }
        let first = bytes[index] &- 0x30
        guard first < 10, first != 0 || (digits == 1 && !negative) else { return nil }
        var value: Int64 = 0
        while index < bytes.count {
            let digit = bytes[index] &- 0x30
            guard digit < 10 else { return nil }
            value = value * 10 + Int64(digit)
            index += 1
        }
        return negative ? -value : value
    }
}
