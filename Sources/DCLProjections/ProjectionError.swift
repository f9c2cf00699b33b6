/// Failures of the projector and read-model store.
public struct ProjectionError: Error, Sendable, CustomStringConvertible {
    public struct Code: RawRepresentable, Sendable, Hashable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        public static let unavailable = Code(rawValue: "unavailable")
        /// Another projector advanced the store first; reload and continue.
        public static let staleCheckpoint = Code(rawValue: "stale-checkpoint")
        public static let invalidArgument = Code(rawValue: "invalid-argument")
        /// The store is an audit replay frozen at its cutoff (see `ReplayCutoff`).
        public static let frozen = Code(rawValue: "frozen")
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}

extension ProjectionError.Code {
    /// The store was folded from another ledger (or the ledger lost events the store folded).
    public static let foreignLedger = ProjectionError.Code(rawValue: "foreign-ledger")
}
