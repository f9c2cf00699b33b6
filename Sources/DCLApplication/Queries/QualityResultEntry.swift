/// One accepted quality result of a contract, with the contract's running totals after it: the
/// points of a quality trend (the web dashboard's chart, `GET /ui/contracts/{id}`).
///
/// ```swift
/// let results = try await queries.qualityResults(of: ContractID("sales.orders")!)
/// let trend = results.map { ($0.checkedAt, $0.passedSoFar, $0.totalSoFar) }
/// ```
public struct QualityResultEntry: Sendable, Codable, Hashable {
    /// The event's log position (results are listed in log order).
    public var position: Int64
    public var rule: String
    public var passed: Bool
    public var value: String?
    /// When the check observed the data (event time).
    public var checkedAt: String
    public var recordedAt: String
    /// The contract's results and passed results up to and including this one.
    public var totalSoFar: Int
    public var passedSoFar: Int

    public init(position: Int64, rule: String, passed: Bool, value: String?, checkedAt: String, recordedAt: String,
                totalSoFar: Int, passedSoFar: Int) {
        self.position = position
        self.rule = rule
        self.passed = passed
        self.value = value
        self.checkedAt = checkedAt
        self.recordedAt = recordedAt
        self.totalSoFar = totalSoFar
        self.passedSoFar = passedSoFar
    }
}
