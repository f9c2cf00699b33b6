import DCLApplication
import DCLDomain
import DCLEventLog

/// What one batch of events does to the read models: written in one transaction together with
/// the position it reaches, so a projector killed at any point resumes without loss or duplicates.
public struct ProjectionBatch: Sendable {
    /// The checkpoint the batch was folded from; the commit refuses it if the store moved on.
    public var fromPosition: Int64
    public var toPosition: Int64
    public var state: LedgerState
    public var lastRecordedAt: Timestamp?
    public var eventCount = 0
    /// Contracts whose lifecycle (versions, status, owner) changed: their catalog, version and
    /// fold-state rows are rewritten.
    public var changedContracts = Set<ContractID>()
    /// Contracts with new quality results: only their small quality rows are rewritten.
    public var changedQuality = Set<ContractID>()
    /// Lifecycle, domain and governance streams whose head moved (a quality stream's head goes
    /// with its contract's `changedQuality` row).
    public var changedStreams = Set<StreamID>()
    public var checks: [QualityCheckRow] = []
    public var timeline: [HistoryEntry] = []
    public var quarantined: [QuarantinedEvent] = []
}

/// One accepted quality result: a row of the seed's `data_quality_checks` table.
public struct QualityCheckRow: Sendable, Hashable {
    public var checkId: String
    public var position: Int64
    public var contractId: String
    public var rule: String
    public var passed: Bool
    public var value: String?
    public var checkedAt: Timestamp
    public var recordedAt: Timestamp
    public var contractVersion: String?
}
