import DCLDomain

/// One check of a run: a named metric over one object and what its measure must satisfy.
///
/// ```swift
/// let check = QualityCheck(rule: "not_null_date", object: "revenue_metrics",
///                          metric: .nullValues(column: "date"), expectation: .threshold(.none))
/// ```
public struct QualityCheck: Sendable, Hashable {
    public enum Expectation: Sendable, Hashable {
        /// The measured count (or its percentage) compared with a threshold.
        case threshold(QualityThreshold)
        /// Freshness: the newest value at most this old when the run observes it.
        case maxAge(TimeSpan)
    }

    /// The rule's name, as recorded (the contract's rule name, or one the planner derived).
    public var rule: String
    public var object: String
    public var metric: QualityMetric
    public var expectation: Expectation
    /// Where the check comes from, for people: `quality rule`, `schema: required`, `logicalTypeOptions.maxLength`, ….
    public var origin: String

    public init(rule: String, object: String, metric: QualityMetric, expectation: Expectation, origin: String = "quality rule") {
        self.rule = rule
        self.object = object
        self.metric = metric
        self.expectation = expectation
        self.origin = origin
    }

    /// `mustBe 0`, `maxAge 4h`: the threshold text a result records.
    public var thresholdText: String {
        switch expectation {
        case .threshold(let threshold): return threshold.description
        case .maxAge(let age): return "mustBeLessOrEqualTo \(age.seconds) seconds (maxAge \(age))"
        }
    }
}
