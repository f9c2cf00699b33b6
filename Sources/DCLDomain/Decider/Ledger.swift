/// The functional core: `decide(command, state) -> [ProposedEvent]` and
/// `evolve(state, event) -> state`. Both are pure; every writer and every projector uses them.
///
/// ```swift
/// var state = LedgerState()
/// let proposed = try Ledger.decide(.publishContract(contract, document: nil), state: state)
/// for (offset, event) in proposed.enumerated() {
///     state = Ledger.evolve(state, RecordedEvent(eventId: "e\(offset)", position: Int64(offset + 1),
///         stream: event.stream, sequence: event.sequence, occurredAt: now, recordedAt: now,
///         actor: "ana", event: event.event))
/// }
/// ```
public enum Ledger {}
