/// Every fact the ledger records. Each case's payload is a versioned, Codable struct;
/// `typeName` and `schemaVersion` go on the envelope so old versions can be upcast on read.
public enum LedgerEvent: Sendable, Hashable {
    case domainRegistered(DomainRegistered)
    case contractPublished(ContractPublished)
    case schemaChanged(SchemaChanged)
    case contractDeprecated(ContractDeprecated)
    case contractReactivated(ContractReactivated)
    case contractRetired(ContractRetired)
    case ownershipTransferred(OwnershipTransferred)
    case qualityCheckRecorded(QualityCheckRecorded)
    case compatibilityConfigured(CompatibilityConfigured)
    case auditCheckpointRecorded(AuditCheckpointRecorded)
    case apiTokenIssued(APITokenIssued)
    case apiTokenRevoked(APITokenRevoked)
    case policyAdopted(PolicyAdopted)
    case policyRetired(PolicyRetired)
    case consumerSubscribed(ConsumerSubscribed)
    case consumerUnsubscribed(ConsumerUnsubscribed)
    case consumerApproved(ConsumerApproved)
    case platformRequested(PlatformRequested)
    case platformRequestDecided(PlatformRequestDecided)
    case platformProvisioned(PlatformProvisioned)

    public var typeName: String {
        switch self {
        case .domainRegistered: return DomainRegistered.typeName
        case .contractPublished: return ContractPublished.typeName
        case .schemaChanged: return SchemaChanged.typeName
        case .contractDeprecated: return ContractDeprecated.typeName
        case .contractReactivated: return ContractReactivated.typeName
        case .contractRetired: return ContractRetired.typeName
        case .ownershipTransferred: return OwnershipTransferred.typeName
        case .qualityCheckRecorded: return QualityCheckRecorded.typeName
        case .compatibilityConfigured: return CompatibilityConfigured.typeName
        case .auditCheckpointRecorded: return AuditCheckpointRecorded.typeName
        case .apiTokenIssued: return APITokenIssued.typeName
        case .apiTokenRevoked: return APITokenRevoked.typeName
        case .policyAdopted: return PolicyAdopted.typeName
        case .policyRetired: return PolicyRetired.typeName
        case .consumerSubscribed: return ConsumerSubscribed.typeName
        case .consumerUnsubscribed: return ConsumerUnsubscribed.typeName
        case .consumerApproved: return ConsumerApproved.typeName
        case .platformRequested: return PlatformRequested.typeName
        case .platformRequestDecided: return PlatformRequestDecided.typeName
        case .platformProvisioned: return PlatformProvisioned.typeName
        }
    }

    /// The current schema version of this event type's payload.
    public var schemaVersion: Int {
        switch self {
        case .domainRegistered: return DomainRegistered.schemaVersion
        case .contractPublished: return ContractPublished.schemaVersion
        case .schemaChanged: return SchemaChanged.schemaVersion
        case .contractDeprecated: return ContractDeprecated.schemaVersion
        case .contractReactivated: return ContractReactivated.schemaVersion
        case .contractRetired: return ContractRetired.schemaVersion
        case .ownershipTransferred: return OwnershipTransferred.schemaVersion
        case .qualityCheckRecorded: return QualityCheckRecorded.schemaVersion
        case .compatibilityConfigured: return CompatibilityConfigured.schemaVersion
        case .auditCheckpointRecorded: return AuditCheckpointRecorded.schemaVersion
        case .apiTokenIssued: return APITokenIssued.schemaVersion
        case .apiTokenRevoked: return APITokenRevoked.schemaVersion
        case .policyAdopted: return PolicyAdopted.schemaVersion
        case .policyRetired: return PolicyRetired.schemaVersion
        case .consumerSubscribed: return ConsumerSubscribed.schemaVersion
        case .consumerUnsubscribed: return ConsumerUnsubscribed.schemaVersion
        case .consumerApproved: return ConsumerApproved.schemaVersion
        case .platformRequested: return PlatformRequested.schemaVersion
        case .platformRequestDecided: return PlatformRequestDecided.schemaVersion
        case .platformProvisioned: return PlatformProvisioned.schemaVersion
        }
    }

    /// The stream this event belongs on.
    public var stream: StreamID {
        switch self {
        case .domainRegistered(let event): return .domain(event.domain)
        case .contractPublished(let event): return .lifecycle(event.contract.id)
        case .schemaChanged(let event): return .lifecycle(event.contractId)
        case .contractDeprecated(let event): return .lifecycle(event.contractId)
        case .contractReactivated(let event): return .lifecycle(event.contractId)
        case .contractRetired(let event): return .lifecycle(event.contractId)
        case .ownershipTransferred(let event): return .lifecycle(event.contractId)
        case .qualityCheckRecorded(let event): return .quality(event.contractId)
        case .compatibilityConfigured(let event): return event.stream
        case .auditCheckpointRecorded(let event): return event.stream
        case .apiTokenIssued, .apiTokenRevoked: return APITokenIssued.stream
        case .policyAdopted, .policyRetired: return PolicyAdopted.stream
        case .consumerSubscribed(let event): return ConsumerSubscribed.stream(for: event.contractId)
        case .consumerUnsubscribed(let event): return ConsumerSubscribed.stream(for: event.contractId)
        case .consumerApproved(let event): return ConsumerSubscribed.stream(for: event.contractId)
        case .platformRequested, .platformRequestDecided, .platformProvisioned: return PlatformRequested.stream
        }
    }

    /// The version of the contract an event speaks of, where it names one.
    public var contractVersion: SemanticVersion? {
        switch self {
        case .domainRegistered, .ownershipTransferred, .compatibilityConfigured, .auditCheckpointRecorded, .apiTokenIssued, .apiTokenRevoked,
             .policyAdopted, .policyRetired, .consumerSubscribed, .consumerUnsubscribed, .platformRequested, .platformRequestDecided,
             .platformProvisioned: return nil
        case .consumerApproved(let event): return event.version
        case .contractPublished(let event): return event.contract.version
        case .schemaChanged(let event): return event.toVersion
        case .contractDeprecated(let event): return event.version
        case .contractReactivated(let event): return event.version
        case .contractRetired(let event): return event.version
        case .qualityCheckRecorded(let event): return event.contractVersion
        }
    }

    /// All event type names, in the order they were introduced.
    public static let typeNames = [
        DomainRegistered.typeName, ContractPublished.typeName, SchemaChanged.typeName, ContractDeprecated.typeName,
        ContractRetired.typeName, OwnershipTransferred.typeName, QualityCheckRecorded.typeName, CompatibilityConfigured.typeName,
        ContractReactivated.typeName,
        AuditCheckpointRecorded.typeName,
        APITokenIssued.typeName, APITokenRevoked.typeName,
        PolicyAdopted.typeName, PolicyRetired.typeName, ConsumerSubscribed.typeName, ConsumerUnsubscribed.typeName, ConsumerApproved.typeName,
        PlatformRequested.typeName, PlatformRequestDecided.typeName, PlatformProvisioned.typeName,
    ]
}
