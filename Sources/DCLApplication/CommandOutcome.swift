import DCLDomain
import DCLEventLog

/// What a command recorded.
public struct CommandOutcome: Sendable {
    public var recorded: [StoredEvent]
    /// The state after the command's events were folded.
    public var state: LedgerState
    /// Indexes of the commands that recorded nothing because the ledger already holds what they
    /// ask for (publishing a version again with the same content).
    public var unchanged: [Int] = []
}
