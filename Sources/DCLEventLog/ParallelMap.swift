import Dispatch
import Foundation

/// Maps a pure function over an array on every core, keeping the order.
///
/// Reading the ledger is decode-bound (JSON → envelope → event → hash check) and each record
/// decodes independently, so readers decode a fetched batch in parallel and then fold it in
/// order on one thread: the fold, which must be sequential, stays the only serial step.
///
/// ```swift
/// let envelopes = ParallelMap.map(values) { try? EventEnvelope(jsonBytes: $0) }
/// ```
public enum ParallelMap {
    /// `items.map(transform)`, computed in contiguous chunks of at least `minimumChunk` items on
    /// up to one thread per active core. Small inputs are mapped on the calling thread.
    ///
    /// Inlinable so that callers in other modules get it specialized for their types: the generic
    /// form copies each item and each result through value witnesses (a retain per string field).
    @inlinable
    public static func map<Element: Sendable, Mapped: Sendable>(_ items: [Element], minimumChunk: Int = 256,
                                                              _ transform: @Sendable (borrowing Element) -> Mapped) -> [Mapped] {
        let workers = min(cores, items.count / max(1, minimumChunk))
        guard workers > 1 else { return items.map { transform($0) } }
        return items.withUnsafeBufferPointer { itemBuffer in
            [Mapped](unsafeUninitializedCapacity: items.count) { buffer, initialized in
                // Items are lent to `transform` where they lie: read through the array's own
                // subscript, each was copied first (a retain and a release per string field).
                let shared = Buffers(input: itemBuffer.baseAddress!, output: buffer.baseAddress!)
                let chunk = (items.count + workers - 1) / workers
                // Each worker initializes its own disjoint range of the buffer, and
                // concurrentPerform returns only after every worker is done.
                DispatchQueue.concurrentPerform(iterations: workers) { worker in
                    let range = (worker * chunk)..<min(items.count, (worker + 1) * chunk)
                    for index in range { (shared.output + index).initialize(to: transform(shared.input[index])) }
                }
                initialized = items.count
            }
        }
    }

    /// The cores to map on, asked once: on Linux `activeProcessorCount` reads the process's
    /// cgroup files each time, and a projector maps several times per batch.
    @usableFromInline
    static let cores = ProcessInfo.processInfo.activeProcessorCount

    /// The items and the output buffer, shared by the workers.
    // @unchecked Sendable: the workers only read `input`, and each writes only its own disjoint
    // index range of `output`; both outlive them (the items' buffer is borrowed and the output's
    // lent for the whole map, and concurrentPerform returns after the last worker finishes), and
    // nobody reads `output` meanwhile.
    @usableFromInline
    struct Buffers<Element, Mapped>: @unchecked Sendable {
        @usableFromInline let input: UnsafePointer<Element>
        @usableFromInline let output: UnsafeMutablePointer<Mapped>

        @usableFromInline
        init(input: UnsafePointer<Element>, output: UnsafeMutablePointer<Mapped>) {
            self.input = input
            self.output = output
        }
    }
}
