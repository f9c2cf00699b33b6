import DCLApplication
import DCLDomain
import DCLEventLog

/// The read-model store port: everything the projector, the CLI and the HTTP adapter ask of a
/// store, so they hold `any ReadModelStoring` and never a concrete database. `ReadModelStore`
/// (an SQLite file through GRDB) and `PostgresReadModelStore` (DCLPostgres) implement it, and
/// `ReadModelConformance` (target `DCLReadModelConformance`) holds the checks both pass.
///
/// ```swift
/// let store: any ReadModelStoring = try ReadModelStore(path: ".dcl/readmodels.db")
/// try await Projector(log: log, store: store).catchUp()
/// let entries = try await store.catalog(CatalogFilter(domain: "sales"))
/// try await store.close()
/// ```
///
/// ## Commits
///
/// `commit(_:rate:)` writes one `ProjectionBatch` atomically, read models and checkpoint
/// together, or nothing, in one of two ways:
///
/// - **One global order** (`batch.fromCursor == nil`, the embedded log): the store must stand at
///   `batch.fromPosition`, else `.staleCheckpoint`; the batch's state replaces the stored global
///   fold state, and its position, record time and last hash become the checkpoint.
/// - **A partitioned log** (`batch.fromCursor != nil`, Kafka), where several projectors owning
///   disjoint partitions may commit into one store side by side: for every partition named in
///   `batch.cursor`, the stored cursor (absent: 0) must equal `batch.fromCursor`'s (absent: 0),
///   else `.staleCheckpoint` and nothing is written; `fromPosition` is not compared. The batch's
///   `acceptedGlobal` events are applied (`Ledger.applyAccepted`) to the stored global fold state,
///   which is never replaced by the batch's copy, and the checkpoint's members are kept per
///   partition: the batch's position, latest record time, event, quarantined and accepted
///   counts and rate go to one of its own partitions, so members never write a shared row for an
///   ordinary batch. `checkpointHeader()`, `position()`, `status(logEnd:)`, the dashboard's "now"
///   and the export read them aggregated: the highest position, the latest record time, the sums.
///
/// A batch's `cursor` must therefore name only the partitions its projector owns.
///
/// A store that `groupsCommits` may also write batches marked `joinsCommitGroup` in one
/// transaction that stays open until `endCommitGroup()` (the projector's commit groups, see
/// `Projector.commitGroupEvents`): still atomic, per group instead of per batch, and the
/// stale-checkpoint check of a group's first batch holds for the rest, which no other writer
/// can come between. The open group is on the store's one writer connection, so a process folds
/// one catch-up at a time into a store value while it groups (every command does; `dcl serve`
/// runs its catch-ups one after another); other processes simply wait for the group's end.
///
/// Positions on a partitioned log come from `reservePositions(_:)`: unique across every
/// projector of the store, increasing for each, with gaps allowed. The canonical export
/// (`canonicalExport()`) leaves positions out, so stores folded in different orders compare equal.
///
/// ## Publishing
///
/// Sinks (the changelog topics, notifications) publish per contract partition
/// (`ContractPartitions`, carried by `batch.contractPartitions`), not by position: members of a
/// group commit out of position order, so one position mark per sink would pass over rows a
/// member commits later with lower positions. Each commit takes a commit number, greater than
/// that of every commit visible when it was taken, and records the contracts with events in the batch (their
/// latest commit number and partition) and its notifications (with the same). A sink keeps one
/// mark per partition, the last commit it published there; it never moves back. A partition's
/// commits are one after the other (each checks the cursor the previous one left), so within a
/// partition the numbers follow the commits' order and a mark passes over nothing. A projector
/// publishes only the partitions it folds: one publisher per contract at a time, so an older
/// value of a contract never lands after a newer one.
///
/// ## Stream heads for writers
///
/// A store is also a `StreamHeadsSource`: `streamHeads(of:)` gives the heads folded for some
/// streams (only those stored with their hash) and the cursor of every partition, read in one
/// snapshot, so a writer on a partitioned log (Kafka) reads only its streams' records after that
/// cursor instead of their partitions from the beginning. Since a member commits a partition's
/// cursor with the heads of that partition's streams, the snapshot is right per partition even
/// while members commit side by side.
public protocol ReadModelStoring: LedgerQueries, GovernanceQueries, StreamHeadsSource {
    /// Where the store is, for messages: a file path, or a URL without its password.
    var location: String { get }
    /// True when no one reads the store before the projector filling it is done (a rebuild
    /// beside the store it replaces, see `ReadModelStore(rebuilding:)`): the projector then
    /// keeps each contract's quality row and publication mark in its fold state and writes them
    /// once, when it drops the contract or stops, instead of rewriting them in every batch.
    var writesContractRowsLast: Bool { get }
    /// True when `commit` can join batches into one transaction (`ProjectionBatch.joinsCommitGroup`)
    /// that `endCommitGroup()` commits: a long catch-up into a shared store then writes each
    /// contract's quality row and publication mark once per group instead of once per batch.
    var groupsCommits: Bool { get }
    /// Commits the transaction the batches joined since the last call, if there is one.
    func endCommitGroup() async throws
    /// Rolls back the transaction the batches joined, if there is one (a catch-up that failed).
    func abandonCommitGroup() async

    // MARK: The ledger it belongs to

    /// Refuses a store that was not folded from `log` (`.foreignLedger`), and records `log`'s
    /// identity the first time. Costs a few lookups whatever the store's size.
    func checkBelongs(to log: any EventLog) async throws
    /// The ledger this store was folded from, once it has folded anything.
    func ledgerIdentity() async throws -> LedgerIdentity?
    /// The highest position the read models were folded up to (0 when empty).
    func position() async throws -> Int64

    // MARK: What the projector needs

    /// Position, latest record time, the global part of the fold state and every partition's
    /// cursor (aggregated over partitions on a partitioned log); no contract or stream head.
    func checkpointHeader() async throws -> ProjectionCheckpoint
    /// Adds to `checkpoint.state` the stored contracts and stream heads named by `parts` (those
    /// the store does not have are left out).
    func loadParts(_ parts: FoldParts, into checkpoint: inout ProjectionCheckpoint) async throws
    /// Writes one batch and its checkpoint atomically (see "Commits" above); throws
    /// `ProjectionError(.staleCheckpoint, …)` and writes nothing when the store moved on.
    func commit(_ batch: ProjectionBatch, rate: Double) async throws
    /// The first of `count` consecutive positions no caller of this store has had or will get
    /// (`count` ≥ 1). Increasing for each caller; gaps are allowed.
    func reservePositions(_ count: Int) async throws -> Int64
    /// Drops the indexes a long catch-up builds once at the end (a no-op where that does not pay).
    func dropBulkLoadIndexes() async throws
    /// Creates the indexes `dropBulkLoadIndexes()` dropped.
    func createBulkLoadIndexes() async throws

    // MARK: Publishing (see "Publishing" above)

    /// Notifications of `partition` committed after `sink`'s mark there, in log order: whole
    /// commits, about `limit` notifications (at least one commit's); nil when there are none.
    func undeliveredNotifications(sink: String, partition: Int32, limit: Int)
        async throws -> (notifications: [GovernanceNotification], through: Int64)?
    /// Moves `sink`'s mark in `partition` to commit `through` (never back).
    func markNotificationsDelivered(sink: String, partition: Int32, through commit: Int64) async throws
    /// The current read models of the contracts of `partition` with events committed after
    /// `sink`'s mark there (whole commits, about `limit` contracts), and the commit they reach;
    /// nil when up to date. A retired contract has no catalog entry (a tombstone).
    func unpublishedChanges(sink: String, partition: Int32, limit: Int) async throws -> (changes: [ChangelogEntry], through: Int64)?
    /// Moves `sink`'s mark in `partition` to commit `through` (never back).
    func markChangesPublished(sink: String, partition: Int32, through commit: Int64) async throws

    // MARK: Audit replays

    /// Freezes the store at `cutoff`: no projector catches it up from then on.
    func freeze(at cutoff: ReplayCutoff) async throws
    /// The cutoff the store was frozen at, nil for a live store.
    func replayCutoff() async throws -> ReplayCutoff?

    // MARK: Operations

    /// Per projector: position, lag behind `logEnd`, events folded, last batch rate, quarantined count.
    func status(logEnd: Int64) async throws -> [ProjectorStatus]
    /// Quarantined (poison) events with position and reason, in position order.
    func quarantine() async throws -> [QuarantinedEvent]

    // MARK: Earlier states, by query

    /// The read models as they stood at `position`.
    func queries(atPosition position: Int64) -> any LedgerQueries
    /// The read models as they stood at `time` (up to the last event recorded by then), never
    /// past position `limit` when given.
    func queries(asOf time: Timestamp, notAfter limit: Int64?) async throws -> any LedgerQueries

    // MARK: Whole store

    /// Every read model as sorted text, one row per line (see `CanonicalExport`): stores folded
    /// from one ledger print the same bytes, whatever their database.
    func canonicalExport() async throws -> String
    /// Releases the store's connections. Idempotent.
    func close() async throws
}

extension ReadModelStoring {
    public var writesContractRowsLast: Bool { false }
    public var groupsCommits: Bool { false }
    public func endCommitGroup() async throws {}
    public func abandonCommitGroup() async {}

    /// About 1,000 notifications of `partition` after `sink`'s mark there.
    public func undeliveredNotifications(sink: String, partition: Int32 = 0)
        async throws -> (notifications: [GovernanceNotification], through: Int64)? {
        try await undeliveredNotifications(sink: sink, partition: partition, limit: 1000)
    }

    /// Changes of about 5,000 contracts of `partition` after `sink`'s mark there.
    public func unpublishedChanges(sink: String, partition: Int32 = 0) async throws -> (changes: [ChangelogEntry], through: Int64)? {
        try await unpublishedChanges(sink: sink, partition: partition, limit: 5000)
    }

    /// The read models as they stood at `time`.
    public func queries(asOf time: Timestamp) async throws -> any LedgerQueries {
        try await queries(asOf: time, notAfter: nil)
    }

    /// Each projector's position and lag against `log` as it ends now. On a log with one global
    /// order the end is its last position; on a partitioned log (Kafka) the lag is the records
    /// between the store's cursor and the partitions' ends, summed, and the log's end is the
    /// position plus that lag: no record is read to learn it.
    public func status(against log: any EventLog) async throws -> [ProjectorStatus] {
        let end = try await log.endCursor()
        if let next = end.next[LogCursor.globalPartition], end.next.count == 1 {
            return try await status(logEnd: next - 1)
        }
        let lag = try await checkpointHeader().cursor.remaining(to: end)
        return try await status(logEnd: 0).map { row in
            var row = row
            row.logEnd = row.position + lag
            row.lag = lag
            return row
        }
    }
}
