#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension String {
    /// Calls `body` with the text's UTF-8 bytes where they lie, without copying the string.
    ///
    /// `withUTF8` is `mutating`, so calling it on a value the caller only borrows (a parameter,
    /// an element read through an unsafe buffer) needs a `var` copy first: a retain and a
    /// release of the text's storage each time, which per-event code pays millions of times.
    /// A native string keeps its bytes contiguous and is read in place; only a string bridged
    /// from elsewhere is copied (made contiguous) first.
    ///
    /// ```swift
    /// let length = "contract".withUTF8InPlace { $0.count }  // 8
    /// ```
    @inlinable
    public func withUTF8InPlace<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        if let result = try utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = self
        return try copy.withUTF8(body)
    }

    /// Whether the text's UTF-8 is exactly `bytes`, compared in place (readers check a row's or
    /// a record's bytes against a text they already hold, for every event).
    ///
    /// ```swift
    /// let same = "sales".hasUTF8(bytes)
    /// ```
    @inlinable
    public func hasUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        withUTF8InPlace { text in
            text.count == bytes.count && (text.isEmpty || memcmp(text.baseAddress!, bytes.baseAddress!, text.count) == 0)
        }
    }
}
