import DCLDomain
import DCLEventLog

/// What a command recorded.
public struct CommandOutcome: Sendable {
    public var recorded: [StoredEvent]
    /// The domain events of `recorded`, one for one, as a reader decodes them (the writer's own
    /// fold decoded them once already): what a caller renders (a summary, say) without decoding
    /// the payloads again. Empty when not known; then decode `recorded`.
    public var events: [LedgerEvent] = []
    /// The state after the command's events were folded.
    public var state: LedgerState
    /// Indexes of the commands that recorded nothing because the ledger already holds what they
    /// ask for (publishing a version again with the same content).
    public var unchanged: [Int] = []
}
