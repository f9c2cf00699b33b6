import DCLDomain
import DCLEventLog

extension LedgerService {
    /// The domains the contracts are in now, folded from their lifecycle streams alone, or nil
    /// when one of them has no domain (ODCS does not require one). A contract the ledger does not
    /// have adds nothing: a command on it fails on its own.
    ///
    /// A write's token check asks this rather than the read models, so it costs the contracts'
    /// own streams and never waits for a projector to catch up with every other write.
    ///
    /// ```swift
    /// let domains = try await service.currentDomains(of: [ContractID("sales.orders")!])   // [sales]
    /// ```
    public func currentDomains(of ids: [ContractID]) async throws -> [DomainName]? {
        try await writeAccess(contracts: ids).domains
    }

    /// The tokens and the contracts' current domains (as `tokens()` and `currentDomains(of:)`),
    /// from one read of the token stream and the contracts' lifecycle streams: a write's token
    /// check costs one read of the log, whatever the ledger's size.
    ///
    /// ```swift
    /// let access = try await service.writeAccess(contracts: [ContractID("sales.orders")!])
    /// ```
    public func writeAccess(contracts ids: [ContractID]) async throws -> WriteAccess {
        let streams = Set(ids.map(StreamID.lifecycle)).union([APITokenIssued.stream])
        do {
            return WriteAccess(state: LedgerSnapshot(folding: try await log.readStreams(streams)).state, contracts: ids)
        } catch let error as EventLogError {
            throw LedgerServiceError.log(error)
        }
    }
}
