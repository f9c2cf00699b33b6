/// A binary min-heap of partition heads, `(recordedAt in ms, partition index)`, compared as
/// tuples: the earliest record first and, at equal times, the partition that sorts first. The
/// global order's merge (`KafkaLedgerIndex`) takes its next record from `pop()`.
struct PartitionHeap {
    typealias Head = (recordedAt: Int64, partition: Int)
    private var items: [Head] = []

    mutating func push(_ head: Head) {
        items.append(head)
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard items[child] < items[parent] else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> Head? {
        guard let first = items.first else { return nil }
        let last = items.removeLast()
        guard !items.isEmpty else { return first }
        items[0] = last
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < items.count, items[left] < items[smallest] { smallest = left }
            if right < items.count, items[right] < items[smallest] { smallest = right }
            guard smallest != parent else { return first }
            items.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
