import DCLDomain

/// One result read from another tool's output, before it is mapped onto a contract rule.
///
/// ```swift
/// let result = ExternalResult(name: "not_null_orders_id", kind: "not_null", object: "orders", column: "id",
///                             passed: true, value: NumericLiteral("0"), rowsScanned: nil)
/// ```
public struct ExternalResult: Sendable, Hashable {
    /// The tool's name for the check (dbt's test name, Soda's check name, GX's expectation type).
    public var name: String
    /// The dcl rule kind it states (`not_null`, `unique`, `range`, `accepted_values`, `regex`,
    /// `row_count`, `freshness`), when the tool says which.
    public var kind: String?
    public var object: String?
    public var column: String?
    /// nil when the tool did not get a verdict (an error, a skipped test): reported, never recorded.
    public var passed: Bool?
    public var value: NumericLiteral?
    public var rowsScanned: Int64?
    /// Why the tool gave no verdict.
    public var note: String?

    public init(name: String, kind: String?, object: String?, column: String?, passed: Bool?, value: NumericLiteral?,
                rowsScanned: Int64?, note: String? = nil) {
        self.name = name
        self.kind = kind
        self.object = object
        self.column = column
        self.passed = passed
        self.value = value
        self.rowsScanned = rowsScanned
        self.note = note
    }
}

/// A results file another tool wrote: its results, when it ran, and its own run id.
public struct ExternalResults: Sendable, Hashable {
    public var tool: String
    public var runId: String?
    public var observedAt: Timestamp?
    public var results: [ExternalResult]
}

/// A results file that cannot be read as its format.
public struct ExternalResultsError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

extension JSONValue {
    var integerValue: Int64? {
        if case .number(let text) = self { return Int64(text) ?? Double(text).flatMap { $0 == $0.rounded() ? Int64(exactly: $0) : nil } }
        return nil
    }

    var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }
}
