/// What a user asks the ledger to do. `Ledger.decide` turns a command into events or a rejection.
public enum LedgerCommand: Sendable, Hashable {
    case registerDomain(DomainRegistered)
    /// Publish a version; `document` is the source ODCS document to keep beside it.
    case publishContract(DataContract, document: JSONValue?)
    case deprecateContract(ContractID, reason: String)
    case retireContract(ContractID, reason: String?)
    case transferOwnership(ContractID, newOwner: EmailAddress)
    case recordQualityCheck(ContractID, rule: String, passed: Bool, value: NumericLiteral?, observedAt: Timestamp)
    case configureCompatibility(CompatibilityConfigured)
    /// Record a signed checkpoint statement (see `AuditCheckpointRecorded`).
    case recordAuditCheckpoint(AuditCheckpointRecorded)
}
