import DCLDomain
import DCLEventLog

/// Where the read models stand: the log position folded up to, and the fold state there.
///
/// ```swift
/// var checkpoint = try await store.checkpointHeader()   // global state, no contract yet
/// try await store.loadParts(FoldParts(events), into: &checkpoint)
/// ```
public struct ProjectionCheckpoint: Sendable {
    public var position: Int64
    /// The latest record time folded: the "now" of the read models (freshness is judged against it,
    /// never against the wall clock, so two stores at one position print the same).
    public var lastRecordedAt: Timestamp?
    public var state: LedgerState
    /// Per contract the state holds, its on-time result count (see `ProjectionBatch.onTimeChecks`).
    public var onTimeChecks: [ContractID: Int64] = [:]
    /// Where the projector stands in the log, per partition (see `LogCursor`).
    public var cursor = LogCursor.start

    public init(position: Int64, lastRecordedAt: Timestamp?, state: LedgerState, onTimeChecks: [ContractID: Int64] = [:],
                cursor: LogCursor = .start) {
        self.position = position
        self.lastRecordedAt = lastRecordedAt
        self.state = state
        self.onTimeChecks = onTimeChecks
        self.cursor = cursor
    }
}
