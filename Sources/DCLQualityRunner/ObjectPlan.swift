/// Everything a run measures on one schema object (a table or a file), so a source can compute
/// every check in one pass over the rows.
///
/// ```swift
/// let plan = ObjectPlan(object: "orders", physicalName: "orders_v1",
///                       columns: ["id": ["id"], "amount": ["amount", "amt"]], checks: checks)
/// ```
public struct ObjectPlan: Sendable, Hashable {
    /// The schema object's `name` in the contract.
    public var object: String
    /// Its `physicalName`, when declared: the default table or file name.
    public var physicalName: String?
    /// For each property the checks read: the names a source column may have, the property's
    /// `name` first, then its `physicalName`.
    public var columns: [String: [String]]
    public var checks: [QualityCheck]

    public init(object: String, physicalName: String?, columns: [String: [String]], checks: [QualityCheck]) {
        self.object = object
        self.physicalName = physicalName
        self.columns = columns
        self.checks = checks
    }

    /// The properties the checks read, in a stable order.
    public var readColumns: [String] {
        var seen = Set<String>()
        return checks.flatMap(\.metric.columns).filter { seen.insert($0).inserted }
    }
}
