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
        let recorded = try await ledgerIdentity()
        guard let identity = try await LedgerBindingCheck.verify(store: location, header: header, tipHash: tipHash, recorded: recorded,
                                                                  log: log) else { return }
        try await transaction { connection in
            try await connection.query("""
                INSERT INTO store_ledger (id, ledger_id) VALUES (1, \(identity.rawValue)) ON CONFLICT (id) DO NOTHING
                """, logger: logger)
        }
    }
}
