/// One quality run of a contract: every result recorded together by `dcl quality run` or
/// `dcl quality import` (they share a run id), or one result typed in with `dcl quality record`
/// (a run of its own, origin `manual`). What the runs read model keeps per run.
///
/// ```swift
/// let runs = try await queries.qualityRuns(of: ContractID("sales.orders")!)
/// if let latest = runs.first { print(latest.runId, latest.failed, "of", latest.checks, "failed") }
/// ```
public struct QualityRunSummary: Sendable, Codable, Hashable {
    public var contractId: String
    /// The run's id (a UUID, or the tool's own id for imports); a typed-in result's event id.
    public var runId: String
    /// Who measured: `dcl:csv`, `dcl:sqlite`, `dcl:postgres`, `dbt`, `gx`, `soda`, or `manual`.
    public var origin: String
    /// The contract version in force for the run (absent on results from before versions were recorded).
    public var contractVersion: String?
    /// When the run observed the data (its results' event time).
    public var startedAt: String
    /// When its last result was recorded.
    public var recordedAt: String
    public var checks: Int
    public var passed: Int
    public var failed: Int
    /// The most rows any of its checks read (an object's row count), when the results say.
    public var rowsScanned: Int64?
    /// The fingerprint of the data read; several, space-separated, when the run read several objects.
    public var fingerprint: String?
    /// The log positions of its first and last result.
    public var firstPosition: Int64
    public var lastPosition: Int64

    public init(contractId: String, runId: String, origin: String, contractVersion: String?, startedAt: String, recordedAt: String,
                checks: Int, passed: Int, failed: Int, rowsScanned: Int64?, fingerprint: String?, firstPosition: Int64,
                lastPosition: Int64) {
        self.contractId = contractId
        self.runId = runId
        self.origin = origin
        self.contractVersion = contractVersion
        self.startedAt = startedAt
        self.recordedAt = recordedAt
        self.checks = checks
        self.passed = passed
        self.failed = failed
        self.rowsScanned = rowsScanned
        self.fingerprint = fingerprint
        self.firstPosition = firstPosition
        self.lastPosition = lastPosition
    }
}
