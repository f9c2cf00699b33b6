/// The SQL a database source speaks, where SQLite and PostgreSQL differ in the aggregate query
/// (`AggregateQuery`): how a value test and a timestamp are computed, how a composite key and the
/// table's checksum are formed. Everything else in the query is the same text for both.
///
/// ```swift
/// let query = AggregateQuery(object: plan, table: "\"orders\"", columns: ["id": "\"id\""],
///                            tableColumns: ["\"id\""], dialect: .postgres)
/// ```
public enum SQLDialect: Sendable, Hashable {
    /// Value tests and timestamps call the Swift predicates, registered as SQL functions
    /// (`dcl_valid`, `dcl_epoch_ms`, the `dcl_row_hash` aggregate).
    case sqlite
    /// Value tests and timestamps are SQL expressions (`PostgresValueSQL`); the checksum sums
    /// `hashtextextended` over each row's text.
    case postgres

    static func identifier(_ name: String) -> String { "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
    static func literal(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }

    /// A column's value as text, the form every value test reads.
    func text(_ column: String) -> String { "CAST(\(column) AS TEXT)" }

    /// One part of a composite key as unambiguous text (all parts are non-null where it is used).
    func keyPart(_ column: String) -> String {
        switch self {
        case .sqlite: return "quote(\(column))"
        case .postgres: return "quote_literal(CAST(\(column) AS TEXT))"
        }
    }

    /// The aggregate over every row that forms the fingerprint's checksum.
    func checksum(tableColumns: [String]) -> String {
        switch self {
        case .sqlite: return "dcl_row_hash(\(tableColumns.map { "quote(\($0))" }.joined(separator: ", ")))"
        case .postgres:
            return "CAST(COALESCE(SUM(hashtextextended(CAST(ROW(\(tableColumns.joined(separator: ", "))) AS TEXT), 0)), 0) AS TEXT)"
        }
    }
}
