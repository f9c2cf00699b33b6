import DCLDomain

/// What a run did: every result with where it was measured, the objects read, and the rules
/// that were not run (with why). `dcl quality run` prints it, as text or `--json`.
///
/// ```swift
/// let report = try await QualityRunner(service: service).run(request)
/// print(report.run.passed ? "all passed" : "\(report.failed.count) failed")
/// ```
public struct QualityRunReport: Sendable {
    public struct ObjectRead: Sendable, Hashable {
        public var object: String
        public var location: String
        public var rowsScanned: Int64
        public var fingerprint: String
    }

    public struct Line: Sendable, Hashable {
        public var object: String
        public var metric: String
        public var origin: String
        public var result: QualityRun.Result
    }

    public var run: QualityRun
    public var version: SemanticVersion
    public var objects: [ObjectRead]
    public var lines: [Line]
    public var notRun: [QualityPlan.Skipped]

    public var failed: [Line] { lines.filter { !$0.result.passed } }
}
