/// What a measured quality metric must satisfy: an ODCS comparison (`mustBe`, `mustBeBetween`, …)
/// with its bound(s) and unit. Deciding whether a measurement passes is pure, so it lives here;
/// measuring is the runner's work.
///
/// ```swift
/// let threshold = QualityThreshold(comparison: .mustBeLessOrEqualTo, bounds: [NumericLiteral("5")!], unit: .percent)
/// let value = threshold.measure(count: 3, of: 200)   // 1.5000 (percent)
/// threshold.passes(value)                             // true
/// threshold.description                               // "mustBeLessOrEqualTo 5 percent"
/// ```
public struct QualityThreshold: Sendable, Hashable {
    public enum Comparison: String, Sendable, Hashable, CaseIterable {
        case mustBe, mustNotBe, mustBeGreaterThan, mustBeGreaterOrEqualTo, mustBeLessThan, mustBeLessOrEqualTo
        case mustBeBetween, mustNotBeBetween

        /// The between forms take two bounds, every other one.
        public var boundCount: Int { self == .mustBeBetween || self == .mustNotBeBetween ? 2 : 1 }
    }

    public enum Unit: String, Sendable, Hashable {
        case rows, percent
    }

    public var comparison: Comparison
    public var bounds: [NumericLiteral]
    public var unit: Unit

    /// Nil when the number of bounds does not fit the comparison.
    public init?(comparison: Comparison, bounds: [NumericLiteral], unit: Unit = .rows) {
        guard bounds.count == comparison.boundCount else { return nil }
        self.comparison = comparison
        self.bounds = bounds
        self.unit = unit
    }

    /// "None at all": how the seed's `not_null`, `unique`, `accepted_values` and `regex` rules are decided.
    public static let none = QualityThreshold(comparison: .mustBe, bounds: [NumericLiteral("0")!])!

    /// The value to compare: the count itself in rows, or its share of `rows` in percent, rounded
    /// half-up to 4 decimals in integers (so every source prints the same digits; 0 of 0 rows is 0).
    public func measure(count: Int64, of rows: Int64) -> NumericLiteral {
        guard unit == .percent else { return NumericLiteral(String(count))! }
        guard rows > 0 else { return NumericLiteral("0.0000")! }
        // count * 100 / rows with 4 decimals is count * 10^6 / rows; one more digit, then half-up.
        let (scaledCount, overflow) = count.multipliedReportingOverflow(by: 10_000_000)
        let scaled: Int64
        if overflow {
            scaled = Int64((Double(count) * 1_000_000 / Double(rows)).rounded())
        } else {
            scaled = (scaledCount / rows + 5) / 10
        }
        let fraction = String(scaled % 10_000)
        return NumericLiteral("\(scaled / 10_000).\(String(repeating: "0", count: 4 - fraction.count))\(fraction)")!
    }

    /// Whether a measured value satisfies the comparison (bounds inclusive for the between forms).
    public func passes(_ value: NumericLiteral) -> Bool {
        let measured = value.doubleValue
        let first = bounds[0].doubleValue
        switch comparison {
        case .mustBe: return measured == first
        case .mustNotBe: return measured != first
        case .mustBeGreaterThan: return measured > first
        case .mustBeGreaterOrEqualTo: return measured >= first
        case .mustBeLessThan: return measured < first
        case .mustBeLessOrEqualTo: return measured <= first
        case .mustBeBetween: return measured >= first && measured <= bounds[1].doubleValue
        case .mustNotBeBetween: return measured < first || measured > bounds[1].doubleValue
        }
    }
}

extension QualityThreshold: CustomStringConvertible {
    /// `mustBe 0`, `mustBeBetween [1, 10]`, `mustBeLessThan 5 percent`: what a result event records.
    public var description: String {
        let bound = bounds.count == 1 ? bounds[0].text : "[\(bounds.map(\.text).joined(separator: ", "))]"
        return "\(comparison.rawValue) \(bound)" + (unit == .percent ? " percent" : "")
    }
}
