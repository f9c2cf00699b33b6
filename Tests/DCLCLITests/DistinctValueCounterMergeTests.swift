@testable import DCLQualityRunner
import Testing

/// Merging two threads' distinct-value counters (`DistinctValueCounter.absorb`) on each of its paths,
/// chosen here by construction rather than by which thread happened to read which rows: bitmaps that
/// unite page by page, bitmaps too many pages apart (their integers added one by one), a counter whose
/// integers already moved to texts, and counters that spilled to files. Every count is checked against
/// a `Set` of the same values.
@Suite("distinct-value counters merge exactly on every path")
struct DistinctValueCounterMergeTests {
    /// A counter holding `values` (as texts, the way a CSV field arrives), and the texts themselves.
    static func counter(budget: Int, _ values: [String]) throws -> DistinctValueCounter {
        let counter = DistinctValueCounter(memoryBudget: budget)
        for value in values {
            var bytes = Array(value.utf8)
            try bytes.withUnsafeMutableBufferPointer { buffer in try counter.insert(UnsafeBufferPointer(buffer)) }
        }
        return counter
    }

    static func expectMerged(budget: Int, _ mine: [String], _ theirs: [String], _ comment: Comment) throws {
        let merged = try counter(budget: budget, mine)
        try merged.absorb(try counter(budget: budget, theirs))
        #expect(merged.inserted == Int64(mine.count + theirs.count), comment)
        #expect(try merged.distinctCount() == Int64(Set(mine + theirs).count), comment)
    }

    static func integers(_ range: Range<Int>) -> [String] { range.map { String($0) } }

    @Test func bitmapsThatFitTogetherUnitePageByPage() throws {
        // 32 KiB: two bitmap pages each; together they use pages 0 and 1.
        try Self.expectMerged(budget: 32 << 10, Self.integers(0..<100), Self.integers(50..<150) + Self.integers(65_536..<65_600),
                              "pages 0 and 1, half the values in common")
    }

    @Test func bitmapsTooManyPagesApartMergeValueByValue() throws {
        // Each side fits its two pages, the union needs three: the other side's integers go in one by one,
        // and this side's bitmap moves to texts on the way.
        let mine = Self.integers(0..<100) + Self.integers(131_072..<131_100) + ["x1"]
        let theirs = Self.integers(0..<10) + Self.integers(65_536..<65_636) + ["x1", "x2", "x3", "x4", "x5"]
        try Self.expectMerged(budget: 32 << 10, mine, theirs, "pages {0, 2} and {0, 1}")
    }

    @Test func aCounterWhoseIntegersMovedToTextsTakesTheOthersBitmapValueByValue() throws {
        // One page of bitmap (16 KiB budget): integers on a second page move this side's integers to texts.
        let mine = Self.integers(0..<40) + Self.integers(70_000..<70_040)
        let theirs = Self.integers(20..<60)
        try Self.expectMerged(budget: 16 << 10, mine, theirs, "texts absorb a bitmap")
        try Self.expectMerged(budget: 16 << 10, theirs, mine, "a bitmap absorbs texts")
    }

    @Test func spilledCountersMergeThroughTheirFiles() throws {
        // A 2 KiB budget spills after a few dozen texts: both sides spill, the union is counted file by file.
        let mine = (0..<600).map { "customer-\($0)" } + Self.integers(0..<50)
        let theirs = (300..<900).map { "customer-\($0)" } + Self.integers(25..<75) + ["-0", "007", "1e3"]
        try Self.expectMerged(budget: 2 << 10, mine, theirs, "both spilled")
        try Self.expectMerged(budget: 2 << 10, Self.integers(0..<10), theirs, "only the other spilled")
    }
}
