/// Where one stream's head sits in a `LedgerState` (its slot in `heads`), found once per event
/// folded: checking an event reads the head's sequence and hash, and accepting it moves both.
///
/// The slot stays valid while `heads` does not change; `Ledger.evolve` finds it, checks the
/// event, and moves the head, with no other change to `heads` in between.
struct StreamHeadSlot {
    let slot: Dictionary<StreamID, AcceptedHead>.Index?

    /// The state is borrowed: an initializer takes its arguments owned by default, and the
    /// fold's state, passed from where it is being changed in place, was copied for every event.
    init(_ stream: borrowing StreamID, in state: borrowing LedgerState) {
        slot = state.heads.index(forKey: stream)
    }

    /// `state.head(of:)` of the stream.
    func sequence(in state: borrowing LedgerState) -> Int64 {
        slot.map { state.heads.values[$0].sequence } ?? 0
    }

    /// Whether `text` is `state.headHash(of:)` of the stream, compared where the hash lies
    /// (returning the hash copied it: a retain and a release per event checked).
    func hashIs(_ text: String, in state: borrowing LedgerState) -> Bool {
        guard let slot, state.heads.values[slot].hash != nil else { return text == LedgerState.noHeadHash }
        return state.heads.values[slot].hash! == text
    }

    /// Makes `sequence` (and `hash`, when the event has one) the stream's head.
    func move(_ stream: StreamID, to sequence: Int64, hash: String?, in state: inout LedgerState) {
        guard let slot else {
            state.heads[stream] = AcceptedHead(sequence: sequence, hash: hash)
            return
        }
        state.heads.values[slot].sequence = sequence
        if let hash { state.heads.values[slot].hash = hash }
    }
}
