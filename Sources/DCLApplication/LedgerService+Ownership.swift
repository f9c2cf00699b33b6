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
        var domains: Set<DomainName> = []
        do {
            for id in Set(ids) {
                let events = try await log.readStream(.lifecycle(id))
                guard !events.isEmpty, let contract = LedgerSnapshot(folding: events).state.contracts[id] else { continue }
                guard let domain = contract.domain else { return nil }
                domains.insert(domain)
            }
        } catch let error as EventLogError {
            throw LedgerServiceError.log(error)
        }
        return domains.sorted()
    }
}
