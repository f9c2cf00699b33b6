/// Where the projector publishes the current read models of the contracts a batch changed, after
/// the batch is committed to the store: a changelog other services read instead of querying
/// `dcl`. `KafkaChangelogSink` produces them on the compacted topics `dcl.catalog.v1` and
/// `dcl.quality-summary.v1`.
///
/// Publishing is at least once and idempotent: each change is the contract's current value as the
/// store holds it (a pure function of the ledger), the store keeps a publication mark per sink
/// `name`, and a projector stopped between a commit and the publication publishes again on its
/// next run. A rebuild publishes the same final values.
///
/// ```swift
/// struct PrintingChangelog: ChangelogSink {
///     let name = "stdout"
///     func publish(_ changes: [ChangelogEntry]) async throws {
///         for change in changes { print(change.contractId, change.catalog?.version ?? "retired") }
///     }
/// }
/// var projector = Projector(log: log, store: store)
/// projector.changelogSink = PrintingChangelog()
/// try await projector.catchUp()
/// ```
public protocol ChangelogSink: Sendable {
    /// Names the sink's publication mark in the store.
    var name: String { get }
    /// Publishes `changes` (one per contract); returns once every one is acknowledged, throws otherwise.
    func publish(_ changes: [ChangelogEntry]) async throws
}
