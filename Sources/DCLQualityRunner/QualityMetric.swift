/// What a check measures over one object's rows. Columns are the contract's property names; a
/// source maps them to its own columns (`ObjectPlan.columns`).
///
/// Definitions every source follows (so a CSV file, a SQLite table and DuckDB agree):
/// - a value is **null** when the database says NULL, or when a CSV field is empty (quoted or not);
/// - **missing** is null, the empty text, or one of the rule's `missingValues`;
/// - **duplicates** are the non-null values beyond the first of each distinct value
///   (`COUNT(col) - COUNT(DISTINCT col)`), compared as text;
/// - **invalid** values are non-null values that fail the predicate.
///
/// ```swift
/// let metric = QualityMetric.invalidValues(column: "currency", .oneOf(["EUR", "USD"]))
/// ```
public enum QualityMetric: Sendable, Hashable {
    case rowCount
    case nullValues(column: String)
    case missingValues(column: String, missing: [String])
    case duplicateValues(column: String)
    case invalidValues(column: String, ValuePredicate)
    /// Rows whose key has a null part, plus rows repeating a key already seen.
    case primaryKeyViolations(columns: [String])
    /// The newest timestamp of the column, for freshness (the value recorded is its age in seconds).
    case newest(column: String)
    /// A `type: sql` rule's query (placeholders in, see `SQLTemplate`) and the property it sits on;
    /// the query's first value is the measure.
    case sql(query: String, column: String?)

    /// The columns the metric reads.
    public var columns: [String] {
        switch self {
        case .rowCount: return []
        case .sql(_, let column): return column.map { [$0] } ?? []
        case .nullValues(let column), .missingValues(let column, _), .duplicateValues(let column),
             .invalidValues(let column, _), .newest(let column):
            return [column]
        case .primaryKeyViolations(let columns): return columns
        }
    }

    /// The ODCS metric name the result is reported under (`nullValues`, `rowCount`, …).
    public var name: String {
        switch self {
        case .rowCount: return "rowCount"
        case .nullValues: return "nullValues"
        case .missingValues: return "missingValues"
        case .duplicateValues: return "duplicateValues"
        case .invalidValues: return "invalidValues"
        case .primaryKeyViolations: return "primaryKeyViolations"
        case .newest: return "freshness"
        case .sql: return "sql"
        }
    }
}
