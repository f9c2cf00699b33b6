import DCLApplication
import DCLDomain
import DCLEventLog

/// The query port as the server needs it: read models that answer for the ledger as it is now
/// (read-your-writes), or as it stood at a past record time, plus the projectors' standing.
///
/// Handlers ask through this protocol only, so the HTTP layer holds no projection logic and any
/// read side (the SQLite read models today) can stand behind it.
///
/// ```swift
/// let reads: any ReadSide = ProjectedReadSide(log: log, store: try ReadModelStore(path: "readmodels.db"))
/// let entries = try await reads.withQueries(asOf: nil) { try await $0.catalog(CatalogFilter(domain: "sales")) }
/// ```
public protocol ReadSide: Sendable {
    /// Runs `body` against queries caught up with the ledger (`asOf` nil), or against queries
    /// that answer as the ledger stood at record time `asOf`.
    func withQueries<T: Sendable>(asOf: Timestamp?, _ body: @Sendable (any LedgerQueries) async throws -> T) async throws -> T
    /// Runs `body` against queries caught up with the ledger, and gives it the log's end they
    /// answer for (at least): while the log's end stays the same, so do their answers, which is
    /// what lets the server keep a rendered answer until the ledger moves (`ResponseCache`).
    func withCurrentQueries<T: Sendable>(_ body: @Sendable (any LedgerQueries, _ logEnd: LogCursor) async throws -> T) async throws -> T
    /// Runs `body` against the governance read models caught up with the ledger (they answer for
    /// the ledger as it is now only).
    func withGovernance<T: Sendable>(_ body: @Sendable (any GovernanceQueries) async throws -> T) async throws -> T
    /// Per projector: position, lag behind the log's end, events folded and rate.
    func projectionStatus() async throws -> [ProjectorStatus]
}
