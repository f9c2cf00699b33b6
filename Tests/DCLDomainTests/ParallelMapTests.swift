import DCLEventLog
import Testing

/// A parallel map gives what `map` gives, in order, for every size of input and chunk (inputs
/// smaller than two chunks are mapped on the calling thread, larger ones in chunks taken in turn
/// by the workers), and the in-place form leaves its items as they were.
@Suite("parallel map")
struct ParallelMapTests {
    /// Sizes around the edges: empty, below one chunk, exactly one and two chunks, a remainder
    /// of one, and many chunks.
    static let sizes = [0, 1, 255, 256, 511, 512, 513, 8_191, 8_192, 20_001]

    @Test(arguments: sizes)
    func mapsInOrder(count: Int) {
        let items = (0..<count).map { "item \($0) of a text long enough to live on the heap" }
        #expect(ParallelMap.map(items) { $0.utf8.count * 2 } == items.map { $0.utf8.count * 2 })
        #expect(ParallelMap.map(items, minimumChunk: 7) { $0 + "!" } == items.map { $0 + "!" })
    }

    @Test(arguments: sizes)
    func mapsInPlaceInOrderAndLeavesItemsAsTheyWere(count: Int) {
        let original = (0..<count).map { "event \($0): a text long enough to live on the heap" }
        var items = original
        let mapped = ParallelMap.map(inPlace: &items) { (item: inout String) in item.utf8.count + item.hashValue % 7 }
        #expect(mapped == original.map { $0.utf8.count + $0.hashValue % 7 })
        #expect(items == original)
        // Small chunks: many more chunks than workers, and each result lands at its item's index.
        let indexes = ParallelMap.map(inPlace: &items, minimumChunk: 3) { (item: inout String) in
            Int(item.split(separator: ":")[0].dropFirst("event ".count))!
        }
        #expect(indexes == Array(0..<count))
    }
}
