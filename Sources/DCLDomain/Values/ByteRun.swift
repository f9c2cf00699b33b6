#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension UnsafeBufferPointer where Element == UInt8 {
    /// Whether the `count` bytes from `offset` are those at `other`; false when fewer than `count`
    /// are left there.
    ///
    /// Compared as memory: the generic `elementsEqual` over a slice walks both sides element by
    /// element through their iterators, and the JSON readers test a literal or a key this way for
    /// every value of every event.
    ///
    /// ```swift
    /// let word: StaticString = "true"
    /// Array(#"{"passed":true}"#.utf8).hasBytes(at: 10, equalTo: word.utf8Start, count: word.utf8CodeUnitCount)   // true
    /// ```
    @inlinable
    public func hasBytes(at offset: Int, equalTo other: UnsafePointer<UInt8>, count: Int) -> Bool {
        guard count >= 0, offset >= 0, offset <= self.count - count else { return false }
        return count == 0 || memcmp(baseAddress! + offset, other, count) == 0
    }
}

extension Array where Element == UInt8 {
    /// `UnsafeBufferPointer.hasBytes(at:equalTo:count:)` of the array's bytes.
    @inlinable
    public func hasBytes(at offset: Int, equalTo other: UnsafePointer<UInt8>, count: Int) -> Bool {
        withUnsafeBufferPointer { $0.hasBytes(at: offset, equalTo: other, count: count) }
    }
}

extension ArraySlice where Element == UInt8 {
    /// `UnsafeBufferPointer.hasBytes(at:equalTo:count:)` of the slice's bytes, `offset` an index of the slice.
    @inlinable
    public func hasBytes(at offset: Int, equalTo other: UnsafePointer<UInt8>, count: Int) -> Bool {
        withUnsafeBufferPointer { $0.hasBytes(at: offset - startIndex, equalTo: other, count: count) }
    }
}
