import DCLDomain
import DCLEventLog

extension LedgerService {
    /// The policies in force, folded from the policies stream alone.
    public func policies() async throws -> [String: AdoptedPolicy] {
        try await fold(PolicyAdopted.stream).policies
    }

    /// A contract's consumers, folded from its consumer stream alone.
    public func consumers(of id: ContractID) async throws -> [String: ConsumerSubscription] {
        try await fold(ConsumerSubscribed.stream(for: id)).consumers[id] ?? [:]
    }

    /// Every self-serve platform request, folded from the platform stream alone.
    public func platformRequests() async throws -> [String: PlatformRequestState] {
        try await fold(PlatformRequested.stream).platformRequests
    }

    private func fold(_ stream: StreamID) async throws -> LedgerState {
        do {
            return LedgerSnapshot(folding: try await log.readStream(stream)).state
        } catch let error as EventLogError {
            throw LedgerServiceError.log(error)
        }
    }
}
