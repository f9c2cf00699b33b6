/// The running totals behind the seed's quality dashboard query:
/// `total_checks`, `passed_checks`, `quality_score = round(passed / total, 4)`, `last_checked`.
public struct QualitySummary: Sendable, Hashable, Codable {
    public struct RuleSummary: Sendable, Hashable, Codable {
        public var totalChecks: Int
        public var passedChecks: Int
        public var lastPassed: Bool
        public var lastObservedAt: Timestamp
        public var lastValue: NumericLiteral?

        mutating func count(_ check: QualityCheckRecorded) {
            totalChecks += 1
            if check.passed { passedChecks += 1 }
            // Late results count at their observed time: only a newer observation replaces "last".
            if check.observedAt >= lastObservedAt {
                lastPassed = check.passed
                lastObservedAt = check.observedAt
                lastValue = check.value
            }
        }
    }

    public var totalChecks = 0
    public var passedChecks = 0
    /// The latest observation time (event time, not record time).
    public var lastCheckedAt: Timestamp?
    public var rules: [String: RuleSummary] = [:]

    public init() {}

    /// `passed / total` rounded half-up to 4 decimals (SQL `ROUND(x, 4)`), nil with no checks.
    /// Computed in integers so every platform prints the same digits.
    public var qualityScore: NumericLiteral? {
        guard totalChecks > 0 else { return nil }
        let scaled = (Int64(passedChecks) * 100_000 / Int64(totalChecks) + 5) / 10
        let whole = scaled / 10_000
        let fraction = String(scaled % 10_000)
        return NumericLiteral("\(whole).\(String(repeating: "0", count: 4 - fraction.count))\(fraction)")
    }

    /// Counts a result. The latest observation ignores one claimed to lie further after
    /// `recordedAt` than the skew its writer allowed (`QualityCheckRecorded.allowedClockSkew`,
    /// default `ObservationClock.defaultMaximumSkew`): a far-future date would otherwise keep the
    /// contract "fresh" whatever came after it.
    public mutating func record(_ check: QualityCheckRecorded, recordedAt: Timestamp? = nil) {
        totalChecks += 1
        if check.passed { passedChecks += 1 }
        let plausible = recordedAt.map { ObservationClock.isPlausible(observedAt: check.observedAt, recordedAt: $0, skew: check.allowedClockSkew) } ?? true
        if plausible, lastCheckedAt.map({ check.observedAt > $0 }) ?? true { lastCheckedAt = check.observedAt }
        // In place: one lookup of a known rule, and no copy of its summary. (A `default:` value
        // would capture the whole result to build a summary only a new rule needs.)
        if let slot = rules.index(forKey: check.rule) {
            rules.values[slot].count(check)
        } else {
            var first = RuleSummary(totalChecks: 0, passedChecks: 0, lastPassed: check.passed, lastObservedAt: check.observedAt,
                                    lastValue: check.value)
            first.count(check)
            rules[check.rule] = first
        }
    }
}
