import DCLEventLog

/// The rules by which a read-model store (any `ReadModelStoring`) tells whether it was built from
/// a ledger: the same identity, not read past the ledger's end, and the event at its position the
/// one it folded last. Each store reads what it holds, this decides, and the store records the
/// identity when it had none.
///
/// ```swift
/// if let identity = try await LedgerBindingCheck.verify(store: path, header: header, tipHash: hash,
///                                                       recorded: try await ledgerIdentity(), log: log) {
///     // first use with this ledger: record `identity`
/// }
/// ```
public enum LedgerBindingCheck {
    /// Throws `.foreignLedger` when the store belongs to another ledger; returns the ledger's
    /// identity when the store has none recorded yet (nil otherwise, or for an empty ledger and store).
    public static func verify(store location: String, header: ProjectionCheckpoint, tipHash: String?, recorded: LedgerIdentity?,
                              log: any EventLog) async throws -> LedgerIdentity? {
        let end = try await log.endCursor()
        let logIsEmpty = end.next.values.allSatisfy { $0 == 0 } || end == .after(position: 0)
        if logIsEmpty && header.position == 0 { return nil }
        let identity = try await log.identity()
        if let recorded, recorded != identity {
            throw ProjectionError(.foreignLedger, """
                the read-model store '\(location)' was built from another ledger (\(recorded), not \(identity)); \
                use another --store, or rebuild this one with `dcl project --rebuild`
                """)
        }
        var cursor = header.cursor
        if cursor.next.isEmpty && end.next.keys.contains(LogCursor.globalPartition) { cursor = .after(position: header.position) }
        // Only the partitions the log reads are compared: a member of a projector group reads
        // its own partitions, and the store holds every member's (another ledger is told by its
        // identity above).
        cursor.next = cursor.next.filter { end.next[$0.key] != nil }
        if cursor.isBeyond(end) {
            throw ProjectionError(.foreignLedger, """
                the read-model store '\(location)' has read the ledger up to \(cursor) but the ledger ends at \(end): it was \
                built from another ledger, or the ledger lost events (run `dcl audit verify`); rebuild it with `dcl project --rebuild`
                """)
        }
        // Only a log with one global order has a last hash to compare: a partitioned log's
        // store records none (its positions are the projector's numbering).
        if let tipHash, header.position > 0, let ordered = log as? any OrderedEventLog {
            let folded = try await ordered.event(at: header.position)
            guard folded?.envelope.hash == tipHash else {
                throw ProjectionError(.foreignLedger, """
                    the read-model store '\(location)' folded a different event at position \(header.position) than the ledger holds: \
                    it was built from another copy of this ledger; rebuild it with `dcl project --rebuild`
                    """)
            }
        }
        return recorded == nil ? identity : nil
    }
}
