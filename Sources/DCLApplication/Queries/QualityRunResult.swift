/// One result of a quality run, as recorded: the rule, the verdict, what was measured and
/// against what.
///
/// ```swift
/// let run = try await queries.qualityRun(of: id, runId: "5f0c…")
/// for result in run?.results ?? [] where !result.passed { print(result.rule, result.value ?? "-", result.threshold ?? "") }
/// ```
public struct QualityRunResult: Sendable, Codable, Hashable {
    /// The result's log position.
    public var position: Int64
    public var rule: String
    public var passed: Bool
    public var value: String?
    /// What the value was compared with (`mustBe 0`, `mustBeLessOrEqualTo 5 percent`).
    public var threshold: String?
    public var rowsScanned: Int64?
    public var fingerprint: String?

    public init(position: Int64, rule: String, passed: Bool, value: String?, threshold: String?, rowsScanned: Int64?, fingerprint: String?) {
        self.position = position
        self.rule = rule
        self.passed = passed
        self.value = value
        self.threshold = threshold
        self.rowsScanned = rowsScanned
        self.fingerprint = fingerprint
    }
}
