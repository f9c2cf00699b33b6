/// The value tests of `ValuePredicate` and the timestamp grammar of `ValueGrammar`, written as
/// PostgreSQL SQL over a text expression, so PostgreSQL evaluates them inside its one aggregate
/// scan (it cannot call the Swift predicates the SQLite source registers as functions).
///
/// They follow the Swift grammars exactly where PostgreSQL can say the same thing (integers,
/// numbers, booleans, calendar days, timestamps with their zones, UUIDs, IPv4 addresses, lengths in
/// code points). Known differences, documented in docs/quality-runner.md: ranges compare numbers
/// exactly (`numeric`) rather than as doubles, and numbers with an exponent of four or more digits
/// count as outside any range; lengths count code points, not grapheme clusters; patterns are
/// PostgreSQL's regular expressions (`~`), not ICU's.
///
/// Every test is guarded by `CASE` so no cast runs on a text that did not match its grammar first
/// (PostgreSQL does not promise to evaluate `AND` left to right, and a failed cast aborts the query).
///
/// ```swift
/// PostgresValueSQL.accepts(.parses(.integer), text: "CAST(\"id\" AS TEXT)")
/// // (CAST("id" AS TEXT) ~ E'^[+-]?[0-9]+$')
/// ```
enum PostgresValueSQL {
    static let integerPattern = "^[+-]?[0-9]+$"
    static let numberPattern = #"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$"#
    /// Numbers `numeric` parses without error: an exponent of at most three digits.
    static let boundedNumberPattern = #"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]{1,3})?$"#
    static let datePattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
    /// `ValueGrammar.epochMilliseconds`: a date, then optionally `T`/space, `HH:MM`, `:SS` (up to
    /// 60), a fraction after `.` or `,`, and `Z` or an offset `±HH[:][MM]`.
    static let timestampPattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}([Tt ]([01][0-9]|2[0-3]):[0-5][0-9](:([0-5][0-9]|60)([.,][0-9]+)?)?"
        + "([Zz]|[+-]([01][0-9]|2[0-3]):?([0-5][0-9])?)?)?$"
    static let octet = "(25[0-5]|2[0-4][0-9]|[01][0-9][0-9]|[0-9][0-9]?)"

    /// An escape-string literal (`E'…'`): means the same whatever the server's `standard_conforming_strings`,
    /// so a pattern's backslashes reach the regular expression as written.
    static func literal(_ text: String) -> String {
        "E'" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "''") + "'"
    }

    static func matches(_ text: String, _ pattern: String) -> String { "(\(text) ~ \(literal(pattern)))" }

    /// A boolean SQL expression: whether the (non-null) text passes the predicate.
    static func accepts(_ predicate: ValuePredicate, text: String) -> String {
        switch predicate {
        case .parses(.integer): return matches(text, integerPattern)
        case .parses(.number): return matches(text, numberPattern)
        case .parses(.boolean): return "(lower(\(text)) IN ('true', 'false', '0', '1'))"
        case .parses(.date): return "(CASE WHEN \(matches(text, datePattern)) THEN \(realDay(text)) ELSE false END)"
        case .parses(.timestamp): return "(CASE WHEN \(matches(text, timestampPattern)) THEN \(realDay(text)) ELSE false END)"
        case .range(let min, let max, let exclusiveMin, let exclusiveMax):
            let number = "CAST(\(text) AS numeric)"
            var bounds: [String] = []
            if let min { bounds.append("\(number) \(exclusiveMin ? ">" : ">=") CAST(\(literal(String(min))) AS numeric)") }
            if let max { bounds.append("\(number) \(exclusiveMax ? "<" : "<=") CAST(\(literal(String(max))) AS numeric)") }
            return "(CASE WHEN \(matches(text, boundedNumberPattern)) THEN \(bounds.isEmpty ? "true" : bounds.joined(separator: " AND ")) ELSE false END)"
        case .oneOf(let values):
            return values.isEmpty ? "false" : "(\(text) IN (\(values.sorted().map(literal).joined(separator: ", "))))"
        case .matches(let pattern): return matches(text, pattern)
        case .length(let min, let max):
            var bounds: [String] = []
            if let min { bounds.append("char_length(\(text)) >= \(min)") }
            if let max { bounds.append("char_length(\(text)) <= \(max)") }
            return bounds.isEmpty ? "true" : "(\(bounds.joined(separator: " AND ")))"
        case .format(.email): return matches(text, #"^[^@[:space:]]+@[^@[:space:]]+\.[^@[:space:]]+$"#)
        case .format(.uuid):
            return matches(text, "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$")
        case .format(.uri): return matches(text, "^[A-Za-z][A-Za-z0-9+.-]*:[^[:space:]]*$")
        case .format(.ipv4): return matches(text, "^\(octet)(\\.\(octet)){3}$")
        }
    }

    /// Whether the first ten characters (already matched as `NNNN-NN-NN`) are a real calendar day.
    static func realDay(_ text: String) -> String {
        let year = "CAST(substr(\(text), 1, 4) AS integer)"
        let month = "CAST(substr(\(text), 6, 2) AS integer)"
        let day = "CAST(substr(\(text), 9, 2) AS integer)"
        let leap = "((\(year) % 4 = 0 AND \(year) % 100 <> 0) OR \(year) % 400 = 0)"
        return "(\(month) BETWEEN 1 AND 12 AND \(day) >= 1 AND \(day) <= CASE WHEN \(month) = 2 THEN CASE WHEN \(leap) THEN 29 ELSE 28 END "
            + "WHEN \(month) IN (4, 6, 9, 11) THEN 30 ELSE 31 END)"
    }

    /// A bigint SQL expression: the text's milliseconds since 1970 (UTC), NULL when it is not a
    /// date or timestamp of the grammar.
    static func epochMilliseconds(_ text: String) -> String {
        let month = "CAST(substr(\(text), 6, 2) AS integer)"
        let day = "CAST(substr(\(text), 9, 2) AS integer)"
        // Year 0 is a leap year to the Swift grammar and no year at all to PostgreSQL's dates:
        // its days come from 2000 (also leap), shifted to 0000-01-01 (719,528 days before 1970).
        let days = "(CASE WHEN substr(\(text), 1, 4) = '0000' THEN (make_date(2000, \(month), \(day)) - DATE '2000-01-01') - 719528 "
            + "ELSE CAST(substr(\(text), 1, 10) AS date) - DATE '1970-01-01' END)"
        let hour = "CAST(substr(\(text), 12, 2) AS bigint)"
        let minute = "CAST(substr(\(text), 15, 2) AS bigint)"
        let hasSeconds = "substr(\(text), 17, 1) = ':'"
        let second = "(CASE WHEN \(hasSeconds) THEN CAST(substr(\(text), 18, 2) AS bigint) ELSE 0 END)"
        // Milliseconds: the fraction's first three digits (the grammar ignores the rest).
        let fraction = "(CASE WHEN \(hasSeconds) AND substr(\(text), 20, 1) IN ('.', ',') THEN "
            + "CAST(rpad(substr(substring(\(text) from '^.{20}([0-9]+)'), 1, 3), 3, '0') AS bigint) ELSE 0 END)"
        let zone = "substring(\(text) from '([Zz]|[+-][0-9]{2}:?([0-9]{2})?)$')"
        let offsetMinutes = "(CASE WHEN \(zone) IS NULL OR \(zone) IN ('Z', 'z') THEN 0 "
            + "ELSE (CASE WHEN left(\(zone), 1) = '-' THEN -1 ELSE 1 END) * (CAST(substr(\(zone), 2, 2) AS bigint) * 60 "
            + "+ CASE WHEN length(replace(\(zone), ':', '')) = 5 THEN CAST(right(\(zone), 2) AS bigint) ELSE 0 END) END)"
        let time = "(CASE WHEN length(\(text)) = 10 THEN 0 ELSE ((\(hour) * 60 + \(minute)) * 60 + \(second)) * 1000 + \(fraction) "
            + "- \(offsetMinutes) * 60000 END)"
        return "(CASE WHEN \(accepts(.parses(.timestamp), text: text)) THEN CAST(\(days) AS bigint) * 86400000 + \(time) END)"
    }
}
