/// The results of one run of a contract's checks against its data (measured by `dcl quality run`,
/// or imported from dbt, Great Expectations or Soda), recorded together as one batch of
/// `QualityCheckRecorded` events sharing `runId`.
///
/// ```swift
/// let run = QualityRun(contractId: ContractID("sales.orders")!, version: nil, runId: "run-1",
///                      observedAt: Timestamp(iso8601: "2026-12-01T06:00:00Z")!, origin: "dcl:csv",
///                      results: [QualityRun.Result(rule: "not_null_id", passed: true, value: NumericLiteral("0"),
///                                                  threshold: "mustBe 0", rowsScanned: 1000, fingerprint: "sha256:…")])
/// let events = try Ledger.decide(.recordQualityRun(run), state: state)
/// ```
public struct QualityRun: Sendable, Hashable {
    public struct Result: Sendable, Hashable {
        public var rule: String
        public var passed: Bool
        public var value: NumericLiteral?
        public var threshold: String?
        public var rowsScanned: Int64?
        public var fingerprint: String?

        public init(rule: String, passed: Bool, value: NumericLiteral?, threshold: String?, rowsScanned: Int64?,
                    fingerprint: String?) {
            self.rule = rule
            self.passed = passed
            self.value = value
            self.threshold = threshold
            self.rowsScanned = rowsScanned
            self.fingerprint = fingerprint
        }
    }

    public var contractId: ContractID
    /// The version the checks came from; nil for the latest.
    public var version: SemanticVersion?
    public var runId: String
    public var observedAt: Timestamp
    public var origin: String
    public var results: [Result]

    public init(contractId: ContractID, version: SemanticVersion?, runId: String, observedAt: Timestamp, origin: String,
                results: [Result]) {
        self.contractId = contractId
        self.version = version
        self.runId = runId
        self.observedAt = observedAt
        self.origin = origin
        self.results = results
    }

    /// Whether every result passed.
    public var passed: Bool { results.allSatisfy(\.passed) }
}
