import DCLDomain

/// What an event log can fail with. A struct with static codes, so adapters can add detail
/// without breaking callers that switch on `code`.
public struct EventLogError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The stream sequence is already taken (optimistic concurrency lost).
        public static let conflict = Code(rawValue: "conflict")
        /// The envelope's previous hash is not the hash of its stream's previous event.
        public static let brokenChain = Code(rawValue: "broken-chain")
        /// Stored bytes that cannot be read as an envelope or payload.
        public static let undecodable = Code(rawValue: "undecodable")
        /// The log cannot be opened, reached or written.
        public static let unavailable = Code(rawValue: "unavailable")
        /// The caller passed something the log cannot take.
        public static let invalidArgument = Code(rawValue: "invalid-argument")
    }

    public var code: Code
    public var message: String
    public var stream: StreamID?
    public var sequence: Int64?

    public init(_ code: Code, _ message: String, stream: StreamID? = nil, sequence: Int64? = nil) {
        self.code = code
        self.message = message
        self.stream = stream
        self.sequence = sequence
    }

    public var description: String { message }
}
