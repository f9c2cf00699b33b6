import DCLDomain

/// Would publishing a document be accepted? The answer of `dcl check FILE --json` and of
/// `POST /api/contracts/check`, one shape for both: the computed and declared bump, one graded
/// change per line, the consumers it breaks, the policies it violates, and the rule that would refuse it. Made by `PublishDryRun`.
///
/// ```swift
/// let check = try await service.dryRunPublish(read.contract, document: read.document, original: read.original).check
/// print(check.accepted ? "would be accepted" : "would be rejected: \(check.rejection ?? "")")
/// ```
public struct PublishCheck: Sendable, Codable, Hashable {
    public var accepted: Bool
    public var contractId: String
    public var version: String
    /// The latest version the ledger holds (nil for a new contract).
    public var previousVersion: String?
    /// The compatibility mode, bumps and reasons of the decision (nil for a new contract).
    public var mode: String?
    public var computedBump: String?
    public var declaredBump: String?
    /// Every change against the latest version, each with its grade.
    public var changes: [ContractChange]
    public var reasons: [String]
    /// Subscribed consumers the changes break, at field level.
    public var consumerImpacts: [ConsumerImpact]
    /// Rules of the policies in force that the contract breaks.
    public var policyViolations: [PolicyViolation]
    /// The ledger rule's message and id when the publish would be refused.
    public var rejection: String?
    public var rule: String?

    public init(accepted: Bool, contractId: String, version: String, previousVersion: String?, mode: String?,
                computedBump: String?, declaredBump: String?, changes: [ContractChange], reasons: [String],
                consumerImpacts: [ConsumerImpact] = [], policyViolations: [PolicyViolation] = [], rejection: String?, rule: String?) {
        self.accepted = accepted
        self.contractId = contractId
        self.version = version
        self.previousVersion = previousVersion
        self.mode = mode
        self.computedBump = computedBump
        self.declaredBump = declaredBump
        self.changes = changes
        self.reasons = reasons
        self.consumerImpacts = consumerImpacts
        self.policyViolations = policyViolations
        self.rejection = rejection
        self.rule = rule
    }
}
