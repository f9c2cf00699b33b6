import DCLDomain
import DCLEventLog

extension LedgerService {
    /// Every API token the ledger has issued, folded from the tokens stream alone (one small stream,
    /// so checking a token costs the same at any ledger size).
    public func tokens() async throws -> [String: APITokenState] {
        do {
            return LedgerSnapshot(folding: try await log.readStream(APITokenIssued.stream)).state.tokens
        } catch let error as EventLogError {
            throw LedgerServiceError.log(error)
        }
    }
}
