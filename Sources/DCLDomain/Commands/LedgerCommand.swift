/// What a user asks the ledger to do. `Ledger.decide` turns a command into events or a rejection.
public enum LedgerCommand: Sendable, Hashable {
    case registerDomain(DomainRegistered)
    /// Publish a version; `document` is the source ODCS document to keep beside it, `original` the
    /// file's bytes as text (so `dcl show --original` gives back exactly what was published).
    case publishContract(DataContract, document: JSONValue?, original: String? = nil)
    case deprecateContract(ContractID, reason: String)
    /// Take back a deprecation: the contract returns to its latest version's status.
    case reactivateContract(ContractID, reason: String)
    case retireContract(ContractID, reason: String?)
    case transferOwnership(ContractID, newOwner: EmailAddress)
    case recordQualityCheck(ContractID, rule: String, passed: Bool, value: NumericLiteral?, observedAt: Timestamp)
    /// Every result of one run of the checks against the data, recorded together.
    case recordQualityRun(QualityRun)
    case configureCompatibility(CompatibilityConfigured)
    /// Record a signed checkpoint statement (see `AuditCheckpointRecorded`).
    case recordAuditCheckpoint(AuditCheckpointRecorded)
    /// Issue an API token; the caller made the secret and gives only its hash.
    case issueToken(APITokenIssued)
    case revokeToken(id: String, reason: String?)
    /// Adopt a governance policy mesh-wide or for one domain (replaces one of the same name and scope).
    case adoptPolicy(PolicyAdopted)
    case retirePolicy(PolicyRetired)
    case subscribeConsumer(ConsumerSubscribed)
    case unsubscribeConsumer(ConsumerUnsubscribed)
    /// A consumer signs off a version before it is published.
    case approveVersion(ConsumerApproved)
    case requestPlatform(PlatformRequested)
    case decidePlatformRequest(PlatformRequestDecided)
    case markProvisioned(PlatformProvisioned)
}
