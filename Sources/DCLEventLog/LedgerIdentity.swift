/// Names one ledger, so that what was derived from it (a read-model store) is never read as if it
/// belonged to another.
///
/// The embedded log gets a random id when its file is created; on Kafka the identity is the
/// cluster id with the ledger's topic names. Two copies of one SQLite file share an identity: a
/// store also remembers the hash of the last event it folded, which tells copies apart once they
/// diverge (see `ReadModelStore`).
///
/// ```swift
/// let identity = try await log.identity()      // e.g. "sqlite:5f0c…" or "kafka:MkU3OEVBNTcwNTJENDM2Qk/dcl.contracts.v1,dcl.quality.v1"
/// ```
public struct LedgerIdentity: Sendable, Hashable, Codable, CustomStringConvertible {
    public let rawValue: String

    public init(_ rawValue: String) { self.rawValue = rawValue }

    public var description: String { rawValue }
}
