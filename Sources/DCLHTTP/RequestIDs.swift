import Foundation
import HTTPTypes
import Logging

/// New request ids, shaped as UUIDs (36 characters, lowercase hex): 64 random bits drawn once per
/// process, then a counter. Unique within the process and, with the random half, across
/// processes; and cheap, since every response carries one: no random bits to draw and no string
/// formatting per request. They are labels for logs, not secrets (a token is never one).
///
/// ```swift
/// let ids = RequestIDs()
/// let id = ids.next()   // e.g. "3f2a9c1e-77b0-41d2-0000-00000000002a"
/// ```
final class RequestIDs: @unchecked Sendable {
    // @unchecked Sendable: `counter` is read and written only while holding `lock` (in `next`,
    // which releases it before formatting); `prefix` is a constant.

    /// The header that carries a request's id, in both directions (made once: a generic
    /// middleware cannot keep a static constant of its own).
    static let header = HTTPField.Name("X-Request-Id")!

    /// The id of the request this task serves (set by `RequestMetricsMiddleware`).
    @TaskLocal static var current: String?

    /// Adds `request_id` (the request this task serves) to every line a logger writes, after what
    /// `other` adds. The id is read only when a line is written, so a request that logs nothing
    /// pays nothing for it.
    static func metadataProvider(after other: Logger.MetadataProvider?) -> Logger.MetadataProvider {
        Logger.MetadataProvider {
            var metadata = other?.get() ?? [:]
            if let id = current { metadata["request_id"] = .string(id) }
            return metadata
        }
    }

    private let prefix: UInt64
    private let lock = NSLock()
    private var counter: UInt64 = 0

    init(prefix: UInt64 = UInt64.random(in: .min ... .max)) {
        self.prefix = prefix
    }

    /// The next id.
    func next() -> String {
        let number = lock.withLock {
            counter &+= 1
            return counter
        }
        return String(unsafeUninitializedCapacity: 36) { buffer in
            var index = 0
            // 8-4-4-4-12 hex digits: the prefix fills the first 16 digits, the counter the last 16.
            func put(_ value: UInt64, digits: Int, shift: Int) {
                for position in stride(from: shift + (digits - 1) * 4, through: shift, by: -4) {
                    let nibble = UInt8((value >> UInt64(position)) & 0xF)
                    buffer[index] = nibble < 10 ? 0x30 + nibble : 0x57 + nibble
                    index += 1
                }
            }
            func dash() {
                buffer[index] = 0x2D
                index += 1
            }
            put(prefix, digits: 8, shift: 32)
            dash()
            put(prefix, digits: 4, shift: 16)
            dash()
            put(prefix, digits: 4, shift: 0)
            dash()
            put(number, digits: 4, shift: 48)
            dash()
            put(number, digits: 12, shift: 0)
            return index
        }
    }
}
