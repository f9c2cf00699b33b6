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
}
