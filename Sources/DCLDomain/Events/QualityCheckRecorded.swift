/// The result of running one quality rule against the product's data (the seed's
/// `data_quality_checks` row). A fact: it holds whatever else the ledger knows.
///
/// Schema version 2 added `value` and `contractVersion` and renamed v1's `checkedAt` to
/// `observedAt`; v1 payloads are upcast on read (see `EventCodec`).
public struct QualityCheckRecorded: Sendable, Hashable, Codable {
    public static let typeName = "QualityCheckRecorded"
    public static let schemaVersion = 2

    public var contractId: ContractID
    public var rule: String
    public var passed: Bool
    /// The measured value (null count, row count…), as written.
    public var value: NumericLiteral?
    /// When the data was checked (event time; may be earlier than when it was recorded).
    public var observedAt: Timestamp
    /// The contract version in force when recorded.
    public var contractVersion: SemanticVersion?
    /// How far ahead of its recording the writer allowed `observedAt` to be, in seconds, when that
    /// was not `ObservationClock.defaultMaximumSkew` (`--max-clock-skew`); absent otherwise, and in
    /// events written before the setting existed. The fold judges freshness with the skew the
    /// writer allowed, so every reader agrees whatever its own setting.
    public var maxClockSkewSeconds: Int64?

    public init(contractId: ContractID, rule: String, passed: Bool, value: NumericLiteral? = nil,
                observedAt: Timestamp, contractVersion: SemanticVersion? = nil, maxClockSkewSeconds: Int64? = nil) {
        self.contractId = contractId
        self.rule = rule
        self.passed = passed
        self.value = value
        self.observedAt = observedAt
        self.contractVersion = contractVersion
        self.maxClockSkewSeconds = maxClockSkewSeconds
    }

    /// The skew this result was recorded under.
    public var allowedClockSkew: TimeSpan {
        maxClockSkewSeconds.map { TimeSpan(seconds: $0) } ?? ObservationClock.defaultMaximumSkew
    }
}
