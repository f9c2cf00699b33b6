import DCLApplication
import Foundation

/// A contract's quality trend as inline SVG geometry: the running pass rate after each result
/// (a polyline), one dot per result coloured by its outcome, and the contract's threshold. Only
/// coordinates and labels leave here; the template draws them, so no markup is built from text.
struct QualityTrendChart: Sendable {
    struct Dot: Sendable {
        var x: String
        var y: String
        /// `pass` or `fail` (the CSS class).
        var outcome: String
        var label: String
    }

    struct GridLine: Sendable {
        var x1: String
        var x2: String
        var y: String
        var labelY: String
        var label: String
    }

    struct Row: Sendable {
        var checkedAt: String
        var rule: String
        var result: String
        var resultClass: String
        var value: String
        var scoreSoFar: String
    }

    /// The chart draws at most this many results (the latest); a page stays small on a busy product.
    static let maximumPoints = 200
    /// How many results the table under the chart lists (the latest first).
    static let recentRows = 20

    let width = 720
    let height = 220
    var left: String
    var right: String
    var axisY: String
    var points: String
    var dots: [Dot]
    var gridLines: [GridLine]
    var thresholdY: String?
    var firstLabel: String
    var lastLabel: String
    /// Says when older results were left out of the chart.
    var note: String?
    var recent: [Row]

    /// nil when there is no result to draw.
    init?(results: [QualityResultEntry], threshold: Double?) {
        guard !results.isEmpty else { return nil }
        let drawn = Array(results.suffix(Self.maximumPoints))
        let (plotLeft, plotRight, plotTop, plotBottom) = (44.0, Double(width) - 16, 12.0, Double(height) - 30)
        func text(_ value: Double) -> String { String(format: "%.1f", value) }
        func y(_ rate: Double) -> Double { plotTop + (1 - min(max(rate, 0), 1)) * (plotBottom - plotTop) }
        func x(_ index: Int) -> Double {
            drawn.count == 1 ? (plotLeft + plotRight) / 2 : plotLeft + Double(index) * (plotRight - plotLeft) / Double(drawn.count - 1)
        }
        func rate(_ entry: QualityResultEntry) -> Double {
            entry.totalSoFar == 0 ? 0 : Double(entry.passedSoFar) / Double(entry.totalSoFar)
        }
        left = text(plotLeft)
        right = text(plotRight)
        axisY = text(Double(height) - 10)
        points = drawn.indices.map { "\(text(x($0))),\(text(y(rate(drawn[$0]))))" }.joined(separator: " ")
        dots = drawn.indices.map { index in
            let entry = drawn[index]
            return Dot(x: text(x(index)), y: text(y(rate(entry))), outcome: entry.passed ? "pass" : "fail",
                       label: "\(entry.checkedAt) \(entry.rule) \(entry.passed ? "passed" : "failed"); pass rate \(String(format: "%.4f", rate(entry))) (\(entry.passedSoFar)/\(entry.totalSoFar))")
        }
        gridLines = [1.0, 0.5, 0.0].map { level in
            GridLine(x1: text(plotLeft), x2: text(plotRight), y: text(y(level)), labelY: text(y(level) + 4), label: String(format: "%.1f", level))
        }
        thresholdY = threshold.flatMap { $0.isFinite ? text(y($0)) : nil }
        firstLabel = drawn[0].checkedAt
        lastLabel = drawn[drawn.count - 1].checkedAt
        note = results.count > drawn.count ? "the latest \(drawn.count) of \(results.count) results" : nil
        recent = results.suffix(Self.recentRows).reversed().map { entry in
            Row(checkedAt: entry.checkedAt, rule: entry.rule, result: entry.passed ? "passed" : "failed",
                resultClass: entry.passed ? "ok" : "bad", value: entry.value ?? "",
                scoreSoFar: String(format: "%.4f", rate(entry)))
        }
    }
}
