extension Ledger {
    /// Folds one recorded event. An event that breaks a rule (most often: its stream sequence
    /// was already taken by an earlier event) is kept in `rejected` and changes nothing else.
    public static func evolve(_ state: LedgerState, _ record: RecordedEvent) -> LedgerState {
        var state = state
        evolve(&state, record)
        return state
    }

    /// The same fold step, in place: folding loops use it so the state's dictionaries are
    /// mutated rather than copied for every event.
    public static func evolve(_ state: inout LedgerState, _ record: RecordedEvent) {
        state.position = max(state.position, record.position)
        let head = StreamHeadSlot(record.stream, in: state)
        if let rejection = validate(record, in: state, head: head) {
            state.rejected.append(RejectedEvent(eventId: record.eventId, position: record.position, stream: record.stream,
                                                sequence: record.sequence, type: record.event.typeName, reason: rejection))
            return
        }
        head.move(record.stream, to: record.sequence, hash: record.hash, in: &state)
        state.acceptedCount += 1
        apply(record, to: &state)
    }

    /// Folds a sequence of events in order.
    public static func fold<Events: Sequence>(_ events: Events, from state: LedgerState = LedgerState()) -> LedgerState
    where Events.Element == RecordedEvent {
        var state = state
        for record in events { evolve(&state, record) }
        return state
    }

    /// What an event already found valid does to the state, without checking it again or
    /// moving its stream's head: how a store merges the global part of the fold state (domains,
    /// policies, tokens, consumers, platform requests, compatibility settings) that projectors
    /// owning different partitions folded, each from its own streams (see `Ledger.validate`:
    /// every rule reads only its own stream's part, so the order of such merges is irrelevant).
    public static func applyAccepted(_ record: RecordedEvent, to state: inout LedgerState) {
        apply(record, to: &state)
    }

    private static func apply(_ record: RecordedEvent, to state: inout LedgerState) {
        switch record.event {
        case .domainRegistered(let event):
            state.domains[event.domain] = DomainState(registration: event, registeredAt: record.occurredAt)

        case .contractPublished(let event):
            let version = ContractVersionRecord(contract: event.contract, document: event.document, sequence: record.sequence,
                                                occurredAt: record.occurredAt, recordedAt: record.recordedAt, actor: record.actor,
                                                decision: event.compatibility, original: event.original)
            guard var existing = state.contracts[event.contract.id] else {
                state.contracts[event.contract.id] = ContractState(first: version)
                return
            }
            if existing.versions[existing.versions.count - 1].contract.schema != event.contract.schema {
                existing.schemaVersion = event.contract.version
            }
            existing.versions.append(version)
            existing.status = event.contract.status
            existing.owner = event.contract.owner
            existing.updatedAt = record.occurredAt
            state.contracts[event.contract.id] = existing

        case .schemaChanged(let event):
            state.contracts[event.contractId]?.versions.mutateLast { $0.changes = event.changes }

        case .contractDeprecated(let event):
            state.contracts[event.contractId]?.status = .deprecated
            state.contracts[event.contractId]?.deprecationReason = event.reason
            state.contracts[event.contractId]?.updatedAt = record.occurredAt

        case .contractReactivated(let event):
            state.contracts[event.contractId]?.status = event.status
            state.contracts[event.contractId]?.deprecationReason = nil
            state.contracts[event.contractId]?.updatedAt = record.occurredAt

        case .contractRetired(let event):
            state.contracts[event.contractId]?.status = .retired
            state.contracts[event.contractId]?.updatedAt = record.occurredAt

        case .ownershipTransferred(let event):
            state.contracts[event.contractId]?.owner = event.newOwner
            state.contracts[event.contractId]?.updatedAt = record.occurredAt

        case .qualityCheckRecorded(let event):
            state.quality[event.contractId, default: QualitySummary()].record(event, recordedAt: record.recordedAt)

        case .compatibilityConfigured(let event):
            state.compatibility.apply(event)

        case .auditCheckpointRecorded:
            // Evidence for auditors: it moves its stream's head and nothing else.
            break

        case .apiTokenIssued(let event):
            state.tokens[event.tokenId] = APITokenState(event)

        case .apiTokenRevoked(let event):
            state.tokens[event.tokenId]?.revoked = true

        case .policyAdopted(let event):
            state.policies[event.key] = AdoptedPolicy(policy: event.policy, domain: event.domain, reason: event.reason,
                                                      adoptedAt: record.occurredAt, adoptedBy: record.actor)

        case .policyRetired(let event):
            state.policies[event.key] = nil

        case .consumerSubscribed(let event):
            var subscription = ConsumerSubscription(event, at: record.occurredAt)
            // Subscribing again (other fields, say) keeps the sign-offs already given.
            subscription.approvedVersions = state.consumers[event.contractId]?[event.consumer]?.approvedVersions ?? []
            state.consumers[event.contractId, default: [:]][event.consumer] = subscription

        case .consumerUnsubscribed(let event):
            state.consumers[event.contractId]?[event.consumer] = nil
            if state.consumers[event.contractId]?.isEmpty == true { state.consumers[event.contractId] = nil }

        case .consumerApproved(let event):
            state.consumers[event.contractId]?[event.consumer]?.approvedVersions.append(event.version)

        case .platformRequested(let event):
            state.platformRequests[event.requestId] = PlatformRequestState(event, by: record.actor, at: record.occurredAt)

        case .platformRequestDecided(let event):
            state.platformRequests[event.requestId]?.status = event.approved ? .approved : .rejected
            state.platformRequests[event.requestId]?.decidedBy = record.actor
            state.platformRequests[event.requestId]?.decidedAt = record.occurredAt
            state.platformRequests[event.requestId]?.reason = event.reason

        case .platformProvisioned(let event):
            state.platformRequests[event.requestId]?.status = .provisioned
            state.platformRequests[event.requestId]?.provisionedAt = record.occurredAt
            state.platformRequests[event.requestId]?.note = event.note
        }
    }
}

extension Array {
    mutating func mutateLast(_ body: (inout Element) -> Void) {
        guard !isEmpty else { return }
        body(&self[count - 1])
    }
}
