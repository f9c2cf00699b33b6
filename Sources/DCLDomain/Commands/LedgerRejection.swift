/// Why the ledger refused a command, or why the fold rejected a recorded event.
/// Both come from the same rules (`Ledger.validate`), so a writer and every projector agree.
public struct LedgerRejection: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    public struct Code: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// Another event already took this stream sequence (first one wins).
        public static let conflict = Code(rawValue: "conflict")
        /// The sequence skips ahead of the stream's head.
        public static let sequenceGap = Code(rawValue: "sequence-gap")
        public static let unknownContract = Code(rawValue: "unknown-contract")
        public static let domainExists = Code(rawValue: "domain-exists")
        public static let versionExists = Code(rawValue: "version-exists")
        public static let versionNotIncreasing = Code(rawValue: "version-not-increasing")
        public static let domainMismatch = Code(rawValue: "domain-mismatch")
        public static let invalidStatus = Code(rawValue: "invalid-status")
        public static let contractClosed = Code(rawValue: "contract-closed")
        public static let invalidContract = Code(rawValue: "invalid-contract")
        public static let unknownRule = Code(rawValue: "unknown-rule")
        public static let noChange = Code(rawValue: "no-change")
        /// The declared version bump is smaller than the changes require under the contract's mode.
        public static let incompatible = Code(rawValue: "incompatible")
        public static let invalidArgument = Code(rawValue: "invalid-argument")
        public static let inconsistentEvent = Code(rawValue: "inconsistent-event")
        /// The contract breaks an adopted governance policy.
        public static let policyViolation = Code(rawValue: "policy-violation")
        /// A policy needs sign-offs from the consumers a breaking version breaks.
        public static let approvalRequired = Code(rawValue: "approval-required")
        public static let unknownPolicy = Code(rawValue: "unknown-policy")
        public static let unknownConsumer = Code(rawValue: "unknown-consumer")
        public static let unknownField = Code(rawValue: "unknown-field")
        public static let unknownRequest = Code(rawValue: "unknown-request")
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
