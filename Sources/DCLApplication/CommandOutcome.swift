import DCLDomain
import DCLEventLog

/// What a command recorded.
public struct CommandOutcome: Sendable {
    public var recorded: [StoredEvent]
    /// The state after the command's events were folded.
    public var state: LedgerState
}
