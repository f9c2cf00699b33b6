import Foundation

/// Counts the distinct values of one column exactly, within a memory budget, whatever the number
/// of rows (the CSV source's `unique`, `duplicateValues` and primary-key checks).
///
/// - Values that are canonical integers (`42`, `-7`: the text an integer prints as) go to an
///   `IntegerBitmapSet`: one bit per possible value in pages of 65,536, so dense ids cost ~1 bit each.
/// - Every other value goes to a `ByteValueSet` keyed by a 64-bit fingerprint, confirmed by
///   comparing the bytes, so it is exact.
/// - When the bitmap would need more pages than its half of the budget (sparse integers), its values
///   move to the byte set as their texts, and later integers follow them there. When the byte set
///   outgrows its half, its values and every later one are written to `SpilledValues` (16 temporary
///   files by fingerprint), each counted on its own at the end.
///
/// Canonical integer texts map one to one to integers, and the byte set never holds one while the
/// bitmap is in use, so the two counts add up to the number of distinct texts.
///
/// ```swift
/// let counter = DistinctValueCounter(memoryBudget: 16 << 20)
/// counter.insert(bytes)                 // each non-null value
/// let duplicates = counter.inserted - (try counter.distinctCount())
/// ```
final class DistinctValueCounter {
    private var memoryBudget: Int
    private var integers: IntegerBitmapSet?
    private var texts = ByteValueSet()
    private var spilled: SpilledValues?
    private var spillFolder: URL?
    private var digits: [UInt8] = []
    /// Values inserted (duplicates included).
    private(set) var inserted: Int64 = 0

    init(memoryBudget: Int) {
        self.memoryBudget = memoryBudget
        integers = IntegerBitmapSet(maxPages: max(1, memoryBudget / 2 / 8192))
    }

    deinit {
        spilled = nil
        if let spillFolder { try? FileManager.default.removeItem(at: spillFolder) }
    }

    func insert(_ bytes: UnsafeBufferPointer<UInt8>) throws(QualitySourceError) {
        inserted += 1
        try insertDistinct(bytes)
    }

    /// Adds the values another counter saw (another thread's share of the same column), exactly:
    /// afterwards this counter holds the union of both sets, its budget the sum of both, and
    /// `inserted` counts both shares. The other counter is left as it was, to be dropped.
    func absorb(_ other: DistinctValueCounter) throws(QualitySourceError) {
        inserted += other.inserted
        memoryBudget += other.memoryBudget
        if let theirs = other.integers {
            // Two bitmaps unite page by page; else their integers are added one by one as texts would be.
            if integers == nil || !integers!.formUnion(theirs) {
                // A buffer of its own: inserting may move this counter's integers to texts, which uses `digits`.
                var text: [UInt8] = []
                try theirs.forEach { (value) throws(QualitySourceError) in
                    text.removeAll(keepingCapacity: true)
                    text.append(contentsOf: String(value).utf8)
                    try text.withUnsafeBufferPointer { (bytes) throws(QualitySourceError) in try insertDistinct(bytes) }
                }
            }
        }
        try other.texts.forEach { (bytes, _) throws(QualitySourceError) in try insertDistinct(bytes) }
        try other.spilled?.forEachValue { (bytes) throws(QualitySourceError) in try insertDistinct(bytes) }
    }

    /// Adds a value to the set without counting it as inserted.
    private func insertDistinct(_ bytes: UnsafeBufferPointer<UInt8>) throws(QualitySourceError) {
        if integers != nil, let value = IntegerBitmapSet.canonicalInteger(bytes) {
            if integers!.insert(value) != .full { return }
            try moveIntegersToTexts()
        }
        try insertText(bytes)
    }

    private func insertText(_ bytes: UnsafeBufferPointer<UInt8>) throws(QualitySourceError) {
        let fingerprint = ValueFingerprint.of(bytes)
        if let spilled {
            try spilled.append(bytes, fingerprint: fingerprint)
            return
        }
        texts.insert(bytes, fingerprint: fingerprint)
        if texts.memoryBytes > memoryBudget / 2 { try spill() }
    }

    /// The bitmap is full: its integers continue as texts.
    private func moveIntegersToTexts() throws(QualitySourceError) {
        guard let bitmap = integers else { return }
        integers = nil
        try bitmap.forEach { (value) throws(QualitySourceError) in
            digits.removeAll(keepingCapacity: true)
            digits.append(contentsOf: String(value).utf8)
            try digits.withUnsafeBufferPointer { (bytes) throws(QualitySourceError) in try insertText(bytes) }
        }
    }

    private func spill() throws(QualitySourceError) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dcl-unique-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw QualitySourceError("cannot create a temporary folder for a uniqueness check: \(error.localizedDescription)")
        }
        spillFolder = folder
        let partitions = try SpilledValues(folder: folder, depth: 0)
        try texts.forEach { (bytes, fingerprint) throws(QualitySourceError) in try partitions.append(bytes, fingerprint: fingerprint) }
        texts = ByteValueSet()
        spilled = partitions
    }

    /// The number of distinct values inserted.
    func distinctCount() throws(QualitySourceError) -> Int64 {
        let fromIntegers = Int64(integers?.count ?? 0)
        // Each spilled file is counted in memory; below 64 KiB a file would be split for nothing.
        if let spilled { return fromIntegers + (try spilled.distinctCount(memoryBudget: max(64 << 10, memoryBudget / 2))) }
        return fromIntegers + Int64(texts.count)
    }
}
