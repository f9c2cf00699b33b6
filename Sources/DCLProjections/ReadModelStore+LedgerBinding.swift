import DCLEventLog
import GRDB

extension ReadModelStore {
    /// The ledger this store was folded from, once it has folded anything.
    public func ledgerIdentity() async throws -> LedgerIdentity? {
        try await pool.read { db in
            try String.fetchOne(db, sql: "SELECT ledger_id FROM store_ledger WHERE id = 1").map(LedgerIdentity.init)
        }
    }

    /// Refuses a store that was not folded from `log`, so a store is never read as another
    /// ledger's: the ledger's identity must be the one the store recorded (the store records it
    /// the first time), and the event at the store's position must be the one it folded last
    /// (which tells two copies of one ledger file apart once they diverge, and notices a ledger
    /// that lost events the store has folded).
    ///
    /// Costs a few indexed lookups, whatever the size of the ledger or the store.
    public func checkBelongs(to log: any EventLog) async throws {
        // Position, cursor and last hash from one snapshot: a commit between two reads would pair
        // one batch's position with another's hash.
        let (header, tipHash) = try await pool.read { db in
            (try ReadModelStore.checkpointHeader(db),
             try String.fetchOne(db, sql: "SELECT last_hash FROM fold_checkpoint WHERE id = 1"))
        }
        let recorded = try await ledgerIdentity()
        guard let identity = try await LedgerBindingCheck.verify(store: path, header: header, tipHash: tipHash, recorded: recorded,
                                                                  log: log) else { return }
        try await pool.write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO store_ledger (id, ledger_id) VALUES (1, ?)", arguments: [identity.rawValue])
        }
    }

    /// The position the read models were folded up to (the highest, on a partitioned log): a
    /// lookup or two, no fold state.
    public func position() async throws -> Int64 {
        try await pool.read(ReadModelStore.foldedPosition)
    }
}
