import DCLEventLog
import DCLProjections
import PostgresNIO

extension PostgresReadModelStore {
    /// The ledger this store was folded from, once it has folded anything.
    public func ledgerIdentity() async throws -> LedgerIdentity? {
        try await read { connection in
            try await rows("SELECT ledger_id FROM store_ledger WHERE id = 1", on: connection).first.map { LedgerIdentity(try $0.text("ledger_id")) }
        }
    }

    /// Refuses a store that was not folded from `log`, as `ReadModelStore.checkBelongs(to:)`
    /// does: the ledger's identity must be the one the store recorded (recorded the first time),
    /// the store must not have read past the ledger's end, and the event at the store's position
    /// must be the one it folded last. A few indexed lookups.
    public func checkBelongs(to log: any EventLog) async throws {
        let (header, tipHash) = try await read { connection in
            (try await checkpointHeader(on: connection),
             try await rows("SELECT last_hash FROM fold_checkpoint WHERE id = 1", on: connection).first?.textOrNil("last_hash"))
        }
        let end = try await log.endCursor()
        let logIsEmpty = end.next.values.allSatisfy { $0 == 0 } || end == .after(position: 0)
        if logIsEmpty && header.position == 0 { return }
        let identity = try await log.identity()
        let recorded = try await ledgerIdentity()
        if let recorded, recorded != identity {
            throw ProjectionError(.foreignLedger, """
                the read-model store '\(location)' was built from another ledger (\(recorded), not \(identity)); \
                use another --store, or rebuild this one with `dcl project --rebuild`
                """)
        }
        var cursor = header.cursor
        if cursor.next.isEmpty && end.next.keys.contains(LogCursor.globalPartition) { cursor = .after(position: header.position) }
        // Only the partitions the log reads are compared: a member of a projector group reads
        // its own, and the store holds every member's (another ledger is told by its identity).
        cursor.next = cursor.next.filter { end.next[$0.key] != nil }
        if cursor.isBeyond(end) {
            throw ProjectionError(.foreignLedger, """
                the read-model store '\(location)' has read the ledger up to \(cursor) but the ledger ends at \(end): it was \
                built from another ledger, or the ledger lost events (run `dcl audit verify`); rebuild it with `dcl project --rebuild`
                """)
        }
        if let hash = tipHash, header.position > 0 {
            let folded = try await log.event(at: header.position)
            guard folded?.envelope.hash == hash else {
                throw ProjectionError(.foreignLedger, """
                    the read-model store '\(location)' folded a different event at position \(header.position) than the ledger holds: \
                    it was built from another copy of this ledger; rebuild it with `dcl project --rebuild`
                    """)
            }
        }
        if recorded == nil {
            try await transaction { connection in
                try await connection.query("""
                    INSERT INTO store_ledger (id, ledger_id) VALUES (1, \(identity.rawValue)) ON CONFLICT (id) DO NOTHING
                    """, logger: logger)
            }
        }
    }
}
