import PostgresNIO

/// SQL text and its parameters, built together: `bind` appends a value and returns its
/// placeholder (`$1`, `$2`, …), so a query assembled from optional clauses (a catalog filter)
/// keeps each value next to the text that uses it.
///
/// ```swift
/// var statement = PostgresStatement("SELECT entry FROM data_product_contracts WHERE domain = ")
/// statement.sql += statement.bind("sales")
/// let rows = try await store.rows(statement, on: connection)
/// ```
struct PostgresStatement: ExpressibleByStringLiteral {
    var sql: String
    var binds = PostgresBindings()

    init(_ sql: String) { self.sql = sql }

    init(stringLiteral sql: String) { self.sql = sql }

    /// Appends a parameter and returns its placeholder.
    mutating func bind<Value: PostgresNonThrowingEncodable>(_ value: Value) -> String {
        binds.append(value)
        return "$\(binds.count)"
    }

    /// Appends a parameter that may be NULL and returns its placeholder.
    mutating func bind<Value: PostgresNonThrowingEncodable>(_ value: Value?) -> String {
        if let value { binds.append(value) } else { binds.appendNull() }
        return "$\(binds.count)"
    }

    var query: PostgresQuery { PostgresQuery(unsafeSQL: sql, binds: binds) }
}
