import DCLApplication
import DCLDomain

/// The SQLite store is the port's first implementation; most requirements are met by the
/// extensions that write and query each read model, these name the rest.
///
/// ```swift
/// let store: any ReadModelStoring = try ReadModelStore(path: ".dcl/readmodels.db")
/// let then = try await store.queries(asOf: Timestamp(iso8601: "2026-11-01T00:00:00Z")!)
/// ```
extension ReadModelStore: ReadModelStoring {
    /// The store's file.
    public var location: String { path }
    public var writesContractRowsLast: Bool { replaces != nil }

    public func queries(atPosition position: Int64) -> any LedgerQueries {
        view(atPosition: position)
    }

    public func queries(asOf time: Timestamp, notAfter limit: Int64?) async throws -> any LedgerQueries {
        try await view(asOf: time, notAfter: limit)
    }

    public func canonicalExport() async throws -> String {
        try await pool.read { db in try CanonicalExport.text(db) }
    }
}
