import DCLDomain
import Foundation

/// A test one non-null value must pass; a check counts the values that fail it (`invalidValues`).
///
/// Every source applies the same Swift test to a value's text (a CSV field as written, a database
/// value as the database renders it as text), so a CSV file and a table holding the same text give
/// the same counts.
///
/// ```swift
/// let predicate = ValuePredicate.range(min: 0, max: 10_000_000, exclusiveMin: false, exclusiveMax: false)
/// predicate.accepts("12.50")   // true
/// predicate.accepts("abc")     // false: not a number, so not in the range
/// ```
public enum ValuePredicate: Sendable, Hashable {
    /// Parses as the ODCS logical type (`integer`, `number`, `boolean`, `date`, `timestamp`).
    case parses(LogicalType)
    /// A number within the bounds (either may be open; each inclusive unless marked exclusive).
    case range(min: Double?, max: Double?, exclusiveMin: Bool, exclusiveMax: Bool)
    /// One of the listed texts, compared exactly.
    case oneOf(Set<String>)
    /// Contains a match of the pattern (unanchored, as JSON Schema's `pattern`; anchor it with `^…$`).
    case matches(pattern: String)
    /// A length in characters (Unicode scalars' grapheme clusters, as Swift counts them) within the bounds.
    case length(min: Int?, max: Int?)
    /// A string format: `email`, `uuid`, `uri`, `ipv4`.
    case format(StringFormat)

    public enum LogicalType: String, Sendable, Hashable, CaseIterable {
        case integer, number, boolean, date, timestamp
    }

    public enum StringFormat: String, Sendable, Hashable, CaseIterable {
        case email, uuid, uri, ipv4
    }

    /// Whether the value passes. A pattern that does not compile fails every value; the planner
    /// refuses such patterns before any data is read.
    public func accepts(_ text: String) -> Bool {
        switch self {
        case .parses(let type):
            switch type {
            case .integer: return ValueGrammar.isInteger(text)
            case .number: return ValueGrammar.number(text) != nil
            case .boolean: return ["true", "false", "0", "1"].contains(text.lowercased())
            case .date: return ValueGrammar.isDate(text)
            case .timestamp: return ValueGrammar.epochMilliseconds(text) != nil
            }
        case .range(let min, let max, let exclusiveMin, let exclusiveMax):
            guard let value = ValueGrammar.number(text) else { return false }
            if let min, exclusiveMin ? value <= min : value < min { return false }
            if let max, exclusiveMax ? value >= max : value > max { return false }
            return true
        case .oneOf(let values):
            return values.contains(text)
        case .matches(let pattern):
            guard let regex = RegexCache.shared.regex(pattern) else { return false }
            return regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
        case .length(let min, let max):
            let count = text.count
            if let min, count < min { return false }
            if let max, count > max { return false }
            return true
        case .format(let format):
            switch format {
            case .email: return ValuePredicate.matches(pattern: #"^[^@\s]+@[^@\s]+\.[^@\s]+$"#).accepts(text)
            case .uuid: return UUID(uuidString: text) != nil
            case .uri: return ValuePredicate.matches(pattern: #"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s]*$"#).accepts(text)
            case .ipv4:
                let parts = text.split(separator: ".", omittingEmptySubsequences: false)
                return parts.count == 4 && parts.allSatisfy { part in
                    !part.isEmpty && part.count <= 3 && part.allSatisfy(\.isASCIIDigit) && Int(part)! <= 255
                }
            }
        }
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
