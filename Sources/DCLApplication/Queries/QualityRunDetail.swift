/// A quality run with its results in log order (`GET /api/contracts/{id}/quality/runs/{runId}`).
///
/// ```swift
/// if let run = try await queries.latestQualityRun(of: id) {
///     print(run.summary.runId, run.failedResults.map(\.rule))
/// }
/// ```
public struct QualityRunDetail: Sendable, Codable, Hashable {
    public var summary: QualityRunSummary
    public var results: [QualityRunResult]

    public init(summary: QualityRunSummary, results: [QualityRunResult]) {
        self.summary = summary
        self.results = results
    }

    /// The results that failed, in log order.
    public var failedResults: [QualityRunResult] { results.filter { !$0.passed } }
}
