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
    /// `items.map(transform)`, computed in chunks of about `minimumChunk` items on up to one
    /// thread per active core, each thread taking the next chunk when done with one: a thread
    /// held up (a projector's fold and commit run beside its maps) leaves its share to the others
    /// instead of holding back the whole map. Small inputs are mapped on the calling thread.
    ///
    /// Inlinable so that callers in other modules get it specialized for their types: the generic
    /// form copies each item and each result through value witnesses (a retain per string field).
    @inlinable
    public static func map<Element: Sendable, Mapped: Sendable>(_ items: [Element], minimumChunk: Int = 256,
                                                              _ transform: @Sendable (borrowing Element) -> Mapped) -> [Mapped] {
        guard min(cores, items.count / max(1, minimumChunk)) > 1 else { return items.map { transform($0) } }
        return items.withUnsafeBufferPointer { itemBuffer in
            let input = Pointer(UnsafeMutablePointer(mutating: itemBuffer.baseAddress!))
            return map(count: items.count, minimumChunk: minimumChunk) { index in transform(input.base[index]) }
        }
    }

    /// The same with each item lent `inout`, where it lies, to a transform that only reads it.
    /// An item read out of a buffer and passed on as a borrowed argument is still copied first
    /// (a retain and a release of each of its references): nothing stops the callee from writing
    /// to that memory meanwhile. An `inout` access is exclusive, so nothing is copied to read it.
    ///
    /// ```swift
    /// var texts = ["a", "bb", "ccc"]
    /// let lengths = ParallelMap.map(inPlace: &texts) { (text: inout String) in text.utf8.count }   // [1, 2, 3]
    /// ```
    @inlinable
    public static func map<Element: Sendable, Mapped: Sendable>(inPlace items: inout [Element], minimumChunk: Int = 256,
                                                              _ transform: @Sendable (inout Element) -> Mapped) -> [Mapped] {
        let count = items.count
        guard min(cores, count / max(1, minimumChunk)) > 1 else {
            return items.withUnsafeMutableBufferPointer { buffer in buffer.indices.map { transform(&buffer[$0]) } }
        }
        return items.withUnsafeMutableBufferPointer { itemBuffer in
            let input = Pointer(itemBuffer.baseAddress!)
            return map(count: count, minimumChunk: minimumChunk) { index in transform(&input.base[index]) }
        }
    }

    /// `(0..<count).map(transform)` in chunks taken in turn by up to one thread per core.
    @inlinable
    static func map<Mapped: Sendable>(count: Int, minimumChunk: Int, _ transform: @Sendable (Int) -> Mapped) -> [Mapped] {
        [Mapped](unsafeUninitializedCapacity: count) { buffer, initialized in
            let output = Pointer(buffer.baseAddress!)
            let chunks = (count + minimumChunk - 1) / minimumChunk
            let chunk = (count + chunks - 1) / chunks
            // Each chunk initializes its own disjoint range of the buffer, and concurrentPerform
            // returns only after every chunk is done.
            DispatchQueue.concurrentPerform(iterations: chunks) { part in
                for index in (part * chunk)..<min(count, (part + 1) * chunk) { (output.base + index).initialize(to: transform(index)) }
            }
            initialized = count
        }
    }

    /// The cores to map on, asked once: on Linux `activeProcessorCount` reads the process's
    /// cgroup files each time, and a projector maps several times per batch.
    @usableFromInline
    static let cores = ProcessInfo.processInfo.activeProcessorCount

    /// A buffer shared by the workers of one map.
    // @unchecked Sendable: during a map, the workers read or lend `inout` only the items of their
    // own chunk, and each initializes only its own chunk's range of the output; both buffers
    // outlive them (borrowed or lent for the whole map, and concurrentPerform returns after the
    // last chunk is done), and nobody else touches either meanwhile.
    @usableFromInline
    struct Pointer<Element>: @unchecked Sendable {
        @usableFromInline let base: UnsafeMutablePointer<Element>

        @usableFromInline
        init(_ base: UnsafeMutablePointer<Element>) {
            self.base = base
        }
    }
}
