import Foundation

/// A value that is only ever touched with its lock held.
// @unchecked Sendable: `value` is private and read or written only inside `withLock`, which holds
// `lock` for the whole access; `Value: Sendable`, so nothing handed out escapes the lock unsafely.
final class LockedBox<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    func withLock<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }

    var current: Value { withLock { $0 } }
}

/// Runs blocking librdkafka calls (polls with timeouts, metadata and watermark requests, flush)
/// on a dedicated serial dispatch queue, never on Swift's cooperative pool, one at a time.
struct BlockingQueue: Sendable {
    private let queue: DispatchQueue

    init(label: String) { queue = DispatchQueue(label: label) }

    func run<T: Sendable>(_ body: @escaping @Sendable () throws(KafkaError) -> T) async throws(KafkaError) -> T {
        let result: Result<T, KafkaError> = await withCheckedContinuation { continuation in
            queue.async {
                do throws(KafkaError) {
                    continuation.resume(returning: .success(try body()))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        return try result.get()
    }
}

/// Milliseconds left until `deadline`, clamped to `0...cap` for a C timeout argument.
func remainingMilliseconds(until deadline: ContinuousClock.Instant, cap: Int32 = .max) -> Int32 {
    let left = ContinuousClock.now.duration(to: deadline)
    let millis = left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000
    return Int32(clamping: max(0, min(Int64(cap), millis)))
}

extension Duration {
    /// Whole milliseconds, for librdkafka timeouts and properties.
    var milliseconds: Int64 {
        components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
    }
}

/// The text in a NUL-terminated C buffer that librdkafka filled in.
func text(ofCBuffer buffer: [CChar]) -> String {
    let bytes = buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }
    return String(decoding: bytes, as: UTF8.self)
}
