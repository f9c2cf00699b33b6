/// Where one stream's head sits in a `LedgerState`: its slots in `streamHeads` and
/// `headHashes`, found once per event folded. Checking an event reads the head and its hash, and
/// accepting it moves both: found by key each time, that hashed and compared the stream's name
/// four times per event, the fold's most frequent work.
///
/// The slots stay valid while neither dictionary changes; `Ledger.evolve` finds them, checks the
/// event, and moves the head, with no other change to those dictionaries in between.
struct StreamHeadSlots {
    let sequenceSlot: Dictionary<StreamID, Int64>.Index?
    let hashSlot: Dictionary<StreamID, String>.Index?

    /// The state is borrowed: an initializer takes its arguments owned by default, and the
    /// fold's state, passed from where it is being changed in place, was copied for every event.
    init(_ stream: borrowing StreamID, in state: borrowing LedgerState) {
        sequenceSlot = state.streamHeads.index(forKey: stream)
        hashSlot = state.headHashes.index(forKey: stream)
    }

    /// `state.head(of:)` of the stream.
    func sequence(in state: LedgerState) -> Int64 {
        sequenceSlot.map { state.streamHeads.values[$0] } ?? 0
    }

    /// Whether `text` is `state.headHash(of:)` of the stream, compared where the hash lies
    /// (returning the hash copied it: a retain and a release per event checked).
    func hashIs(_ text: String, in state: borrowing LedgerState) -> Bool {
        guard let hashSlot else { return text == LedgerState.noHeadHash }
        return state.headHashes.values[hashSlot] == text
    }

    /// Makes `sequence` (and `hash`, when the event has one) the stream's head.
    func move(_ stream: StreamID, to sequence: Int64, hash: String?, in state: inout LedgerState) {
        if let sequenceSlot { state.streamHeads.values[sequenceSlot] = sequence } else { state.streamHeads[stream] = sequence }
        guard let hash else { return }
        if let hashSlot { state.headHashes.values[hashSlot] = hash } else { state.headHashes[stream] = hash }
    }
}
