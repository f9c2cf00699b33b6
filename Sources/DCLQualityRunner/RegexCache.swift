import Foundation

/// Compiled patterns, shared by every check of a run: a pattern is compiled once, not per value.
///
/// `@unchecked Sendable`: the only mutable state, `compiled`, is read and written under `lock`,
/// and `NSRegularExpression` is immutable and documented thread-safe once built.
///
/// ```swift
/// RegexCache.shared.regex("^[A-Z]{3}$")?.firstMatch(in: "EUR", range: NSRange(location: 0, length: 3))
/// ```
final class RegexCache: @unchecked Sendable {
    static let shared = RegexCache()
    private let lock = NSLock()
    private var compiled: [String: NSRegularExpression?] = [:]

    func regex(_ pattern: String) -> NSRegularExpression? {
        lock.lock()
        defer { lock.unlock() }
        if let known = compiled[pattern] { return known }
        let regex = try? NSRegularExpression(pattern: pattern)
        compiled[pattern] = regex
        return regex
    }
}
