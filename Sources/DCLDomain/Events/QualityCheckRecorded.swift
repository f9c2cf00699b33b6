/// The result of running one quality rule against the product's data (the seed's
/// `data_quality_checks` row). A fact: it holds whatever else the ledger knows.
///
/// Schema version 2 added `value` and `contractVersion` and renamed v1's `checkedAt` to
/// `observedAt`; v1 payloads are upcast on read (see `EventCodec`). What a run of the checks
/// against the data knows (`runId`, `threshold`, `rowsScanned`, `fingerprint`, `origin`) was added
/// later as optional members, which needs no new version: older payloads simply lack them.
///
/// ```swift
/// let check = QualityCheckRecorded(contractId: ContractID("sales.orders")!, rule: "not_null_id", passed: true,
///                                  value: NumericLiteral("0"), observedAt: Timestamp(iso8601: "2026-12-01T00:00:00Z")!,
///                                  runId: "run-1", threshold: "mustBe 0", rowsScanned: 1000, origin: "dcl:csv")
/// ```
public struct QualityCheckRecorded: Sendable, Hashable, Codable {
    public static let typeName = "QualityCheckRecorded"
    public static let schemaVersion = 2

    // `observedAt` is declared before `rule` so that the compiler's memberwise initializer
    // (internal) differs from the public one, which delegates to it: Swift 6.3 builds a struct
    // with a `String?` member that an initializer sets field by field in a temporary and then
    // copies it out (a retain and a release of every string), and this is the ledger's most
    // frequent event. (No initializer may be declared in this body, or there is no memberwise one.)
    public var contractId: ContractID
    /// When the data was checked (event time; may be earlier than when it was recorded).
    public var observedAt: Timestamp
    public var rule: String
    public var passed: Bool
    /// The measured value (null count, row count…), as written.
    public var value: NumericLiteral?
    /// The contract version in force when recorded.
    public var contractVersion: SemanticVersion?
    /// How far ahead of its recording the writer allowed `observedAt` to be, in seconds, when that
    /// was not `ObservationClock.defaultMaximumSkew` (`--max-clock-skew`); absent otherwise, and in
    /// events written before the setting existed. The fold judges freshness with the skew the
    /// writer allowed, so every reader agrees whatever its own setting.
    public var maxClockSkewSeconds: Int64?

    /// The run this result belongs to (every result of one `dcl quality run` or import shares it).
    public var runId: String?
    /// What the value was compared with, e.g. `mustBe 0`, `mustBeLessOrEqualTo 5 percent`.
    public var threshold: String?
    /// How many rows the check read.
    public var rowsScanned: Int64?
    /// A fingerprint of the data read (`sha256:…` over a file's bytes, or a table's row count and checksum).
    public var fingerprint: String?
    /// Who measured it: `dcl:csv`, `dcl:sqlite`, `dbt`, `gx`, `soda`; nil for a result typed in.
    public var origin: String?

    /// The skew this result was recorded under.
    public var allowedClockSkew: TimeSpan {
        maxClockSkewSeconds.map { TimeSpan(seconds: $0) } ?? ObservationClock.defaultMaximumSkew
    }
}

extension QualityCheckRecorded {
    public init(contractId: ContractID, rule: String, passed: Bool, value: NumericLiteral? = nil,
                observedAt: Timestamp, contractVersion: SemanticVersion? = nil, maxClockSkewSeconds: Int64? = nil,
                runId: String? = nil, threshold: String? = nil, rowsScanned: Int64? = nil, fingerprint: String? = nil,
                origin: String? = nil) {
        self.init(contractId: contractId, observedAt: observedAt, rule: rule, passed: passed, value: value,
                  contractVersion: contractVersion, maxClockSkewSeconds: maxClockSkewSeconds, runId: runId, threshold: threshold,
                  rowsScanned: rowsScanned, fingerprint: fingerprint, origin: origin)
    }
}
