import DCLDomain

/// The port a data source implements: measure every check of one object, in as few passes over
/// its rows as the source allows (one for CSV files; one aggregate query for databases, plus one
/// per `sql` rule).
///
/// ```swift
/// let source: any QualitySource = try CSVQualitySource(location: "data/", objects: ["orders": "orders.csv"])
/// let measured = try await source.measure(plan.objects[0])
/// ```
public protocol QualitySource: Sendable {
    /// `csv`, `sqlite`, …: recorded as the results' origin (`dcl:csv`).
    var kind: String { get }
    func measure(_ object: ObjectPlan) async throws(QualitySourceError) -> ObjectMeasurement
}

/// What a source measured on one object.
public struct ObjectMeasurement: Sendable, Hashable {
    public enum Value: Sendable, Hashable {
        case count(Int64)
        /// Freshness: the newest timestamp found (milliseconds since 1970), nil when the column holds none.
        case newest(Int64?)
        /// A `sql` rule's first value.
        case number(NumericLiteral)
    }

    /// Where the rows came from (a file path, `table` in a database).
    public var location: String
    public var rowsScanned: Int64
    public var fingerprint: String
    /// By rule name.
    public var values: [String: Value]
    /// Rules this source cannot measure (a `sql` rule on a CSV file), with why.
    public var unmeasured: [String: String]

    public init(location: String, rowsScanned: Int64, fingerprint: String, values: [String: Value], unmeasured: [String: String] = [:]) {
        self.location = location
        self.rowsScanned = rowsScanned
        self.fingerprint = fingerprint
        self.values = values
        self.unmeasured = unmeasured
    }
}

/// Why a source could not be read: missing file, unknown table or column, malformed CSV,
/// unreachable database. Nothing is recorded then (exit 2).
public struct QualitySourceError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
