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
    /// Where the log is read up to after this batch, stored with it (nil: leave it as it is).
    public var cursor: LogCursor?
    /// On a partitioned log (Kafka), where the batch's partitions stood before it. The store
    /// then checks each of the batch's partitions instead of the global position: a batch is
    /// refused (`.staleCheckpoint`) when any of its partitions has moved since, so projectors
    /// that own different partitions commit to one store side by side. Nil on a log with one
    /// global order, where `fromPosition` is checked.
    public var fromCursor: LogCursor?
    /// Accepted events of the global part of the fold state (domains, compatibility settings,
    /// tokens, policies, consumers, platform requests, audit checkpoints), in fold order. On a
    /// partitioned log the store applies them (`Ledger.applyAccepted`) to the global state it
    /// holds, rather than replacing that with this batch's copy, which lacks what projectors of
    /// other partitions folded.
    public var acceptedGlobal: [RecordedEvent] = []
    /// How many of the batch's events took effect (the fold state's `acceptedCount` grew by it).
    public var acceptedCount = 0
    public var eventCount = 0
    /// Contracts whose lifecycle (versions, status, owner) changed: their catalog, version and
    /// fold-state rows are rewritten.
    public var changedContracts = Set<ContractID>()
    /// Contracts with new quality results: only their small quality rows are rewritten.
    public var changedQuality = Set<ContractID>()
    /// The contracts the commit records for the sinks to publish (`contract_changes`); nil: every
    /// contract with an event in the batch. A projector that writes per-contract rows last
    /// (`ReadModelStoring.writesContractRowsLast`) records none until its final commit.
    public var publishedContracts: Set<ContractID>?
    /// Lifecycle, domain and governance streams whose head moved (a quality stream's head goes
    /// with its contract's `changedQuality` row).
    public var changedStreams = Set<StreamID>()
    public var checks: [QualityCheckRow] = []
    /// Per contract, the results recorded within the SLA hours in force when they were recorded
    /// (the running count behind the dashboard's SLA adherence), for the contracts the state holds.
    public var onTimeChecks: [ContractID: Int64] = [:]
    /// Each accepted lifecycle event's contract state, in log order: a row of `catalog_history`.
    public var contractHistory: [ContractHistoryRow] = []
    /// One entry per event, in log order. An accepted quality result without a run (its check's
    /// `run.standsAlone`) has an empty `summary`: the store writes its sentence from the check's
    /// own fields (`QualityCheckRow.loneResultSummary`), as SQLite's timeline view does when reading.
    public var timeline: [HistoryEntry] = []
    /// Notices for consumers: breaking changes and deprecations, in log order.
    public var notifications: [GovernanceNotification] = []
    public var quarantined: [QuarantinedEvent] = []
    /// Where the log keeps each contract: the commit records the contracts the batch changed and
    /// its notifications under their partitions, which sinks publish from (see `ReadModelStoring`,
    /// "Publishing").
    public var contractPartitions = ContractPartitions.single
    /// The texts of the changed contracts' rows and of the history rows, encoded ahead of the
    /// commit (`encodeContractRows()`); nil: the commit encodes them (`contractRowTexts()`).
    public var encodedContractRows: ReadModelRows.BatchTexts?
    /// Written in the transaction the batches before it opened (or opening one), left open for
    /// the next: `ReadModelStoring.endCommitGroup()` commits them together (`groupsCommits`).
    public var joinsCommitGroup = false
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
    /// The contract's totals with this result: what the dashboard says as of its position.
    public var totalSoFar: Int64 = 0
    public var passedSoFar: Int64 = 0
    public var onTimeSoFar: Int64 = 0
    public var lastCheckedSoFar: Timestamp?
    /// What the runs read model (`quality_runs`, `quality_run_results`) keeps of the result.
    public var run: QualityRunMembers?
}

extension QualityCheckRow {
    /// The timeline sentence of a result without a run (`run.standsAlone`), whose timeline entry
    /// the fold leaves without one (`ProjectionBatch.timeline`): the sentence `EventSummary` makes
    /// of the event, from the same fields.
    public var loneResultSummary: String {
        EventSummary.qualityText(rule: rule, passed: passed, value: value, threshold: run?.threshold, observedAt: checkedAt, runId: nil)
    }
}

/// The run a quality result belongs to and what it says about the run: a row of
/// `quality_run_results` and its share of a `quality_runs` row.
public struct QualityRunMembers: Sendable, Hashable {
    public var contractId: String
    /// The event's `runId`; a result without one (typed in) is a run of its own, named by its event id.
    public var runId: String
    /// The event's `origin`, `manual` without one.
    public var origin: String
    public var contractVersion: String?
    public var threshold: String?
    public var rowsScanned: Int64?
    public var fingerprint: String?
    /// True when the event named no run: the result is a run of its own, which its timeline row
    /// describes whole (a store may keep no separate run rows for it).
    public var standsAlone: Bool = false
}

/// A contract as one lifecycle event left it, valid from that event's position until the next.
public struct ContractHistoryRow: Sendable, Hashable {
    public var position: Int64
    public var state: ContractState
}
