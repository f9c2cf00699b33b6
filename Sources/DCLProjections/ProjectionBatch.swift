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
    /// The hash of the event at `toPosition`: the store keeps it to recognise its ledger.
    public var lastHash: String?
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

/// What an accepted quality result adds to its `audit_timeline` row: the seed's quality-check
/// columns (`data_quality_checks`). The rest of that row (event id, contract, version) is the
/// timeline entry's.
public struct QualityCheckRow: Sendable, Hashable {
    /// The position of the result's timeline row.
    public var position: Int64
    public var rule: String
    public var passed: Bool
    public var value: String?
    public var checkedAt: Timestamp
    public var recordedAt: Timestamp
}
