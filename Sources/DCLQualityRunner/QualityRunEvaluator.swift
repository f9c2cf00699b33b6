import DCLDomain

/// Turns measurements into results: the measured value in the check's unit and whether it
/// passes (the comparison itself is the domain's `QualityThreshold.passes`). Pure.
///
/// ```swift
/// let result = QualityRunEvaluator.result(for: check, measured: .count(3), rows: 1000, fingerprint: "sha256:…",
///                                         observedAt: now)
/// ```
public enum QualityRunEvaluator {
    public static func result(for check: QualityCheck, measured: ObjectMeasurement.Value, rows: Int64, fingerprint: String,
                              observedAt: Timestamp) -> QualityRun.Result {
        let value: NumericLiteral?
        let passed: Bool
        switch (check.expectation, measured) {
        case (.threshold(let threshold), .count(let count)):
            value = threshold.measure(count: count, of: rows)
            passed = threshold.passes(value!)
        case (.threshold(let threshold), .number(let number)):
            value = number
            passed = threshold.passes(number)
        case (.maxAge(let age), .newest(let newest)):
            // No timestamp at all is as stale as data can be: failed, with no age to show.
            value = newest.map { NumericLiteral(String((observedAt.millisecondsSinceEpoch - $0) / 1000))! }
            passed = newest.map { (observedAt.millisecondsSinceEpoch - $0) / 1000 <= age.seconds } ?? false
        default:
            value = nil
            passed = false
        }
        return QualityRun.Result(rule: check.rule, passed: passed, value: value, threshold: check.thresholdText,
                                 rowsScanned: rows, fingerprint: fingerprint)
    }
}
