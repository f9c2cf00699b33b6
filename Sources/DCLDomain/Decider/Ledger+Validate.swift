extension Ledger {
    /// The ledger's rules for one recorded event against the state before it.
    /// Returns nil when the event takes effect. Lifecycle rules look only at the same contract's
    /// lifecycle stream, and quality results only at their own stream, so the answer never
    /// depends on how streams (or Kafka partitions and topics) interleave.
    public static func validate(_ record: RecordedEvent, in state: LedgerState) -> LedgerRejection? {
        validate(record, in: state, head: StreamHeadSlot(record.stream, in: state))
    }

    /// `validate` with the stream's head already found (`evolve` then moves it in place).
    static func validate(_ record: RecordedEvent, in state: LedgerState, head slots: StreamHeadSlot) -> LedgerRejection? {
        let head = slots.sequence(in: state)
        if record.sequence <= head {
            return LedgerRejection(.conflict, "sequence \(record.sequence) of \(record.stream) was already taken by an earlier event")
        }
        if record.sequence != head + 1 {
            return LedgerRejection(.sequenceGap, "sequence \(record.sequence) of \(record.stream) skips ahead of its head \(head)")
        }
        if let previousHash = record.previousHash, !slots.hashIs(previousHash, in: state) {
            return LedgerRejection(.conflict, "sequence \(record.sequence) of \(record.stream) does not chain to the stream's accepted head (its batch lost a race)")
        }
        if record.event.stream != record.stream {
            return LedgerRejection(.inconsistentEvent, "a \(record.event.typeName) for \(record.event.stream) was recorded on \(record.stream)")
        }
        switch record.event {
        case .domainRegistered(let event):
            if state.domains[event.domain] != nil {
                return LedgerRejection(.domainExists, "domain '\(event.domain)' is already registered")
            }
            if event.ownerTeam.trimmingSpaces.isEmpty {
                return LedgerRejection(.invalidArgument, "domain '\(event.domain)' needs an owner team")
            }
            return nil

        case .contractPublished(let event):
            return validatePublish(event, existing: state.contracts[event.contract.id])

        case .schemaChanged(let event):
            guard let existing = state.contracts[event.contractId] else { return unknown(event.contractId) }
            let versions = existing.versions
            guard versions.count >= 2, versions[versions.count - 1].contract.version == event.toVersion,
                  versions[versions.count - 2].contract.version == event.fromVersion,
                  versions[versions.count - 1].changes.isEmpty else {
                return LedgerRejection(.inconsistentEvent,
                                       "schema change \(event.fromVersion) → \(event.toVersion) does not follow the latest publish of '\(event.contractId)'")
            }
            return nil

        case .contractDeprecated(let event):
            guard let existing = state.contracts[event.contractId] else { return unknown(event.contractId) }
            if existing.status.isClosed {
                return LedgerRejection(.invalidStatus, "contract '\(event.contractId)' is already \(existing.status.rawValue)")
            }
            if event.reason.trimmingSpaces.isEmpty {
                return LedgerRejection(.invalidArgument, "deprecating '\(event.contractId)' needs a reason consumers can act on")
            }
            return event.version == existing.latestVersion ? nil : staleVersion(event.contractId, event.version, existing)

        case .contractReactivated(let event):
            guard let existing = state.contracts[event.contractId] else { return unknown(event.contractId) }
            if existing.status != .deprecated {
                let hint = existing.status == .retired ? " (retirement is final)" : ""
                return LedgerRejection(.invalidStatus,
                                       "contract '\(event.contractId)' is \(existing.status.rawValue); only a deprecated contract can be reactivated\(hint)")
            }
            if event.reason.trimmingSpaces.isEmpty {
                return LedgerRejection(.invalidArgument, "reactivating '\(event.contractId)' needs a reason for the consumers who saw the deprecation")
            }
            // Back to what the latest version was published as, so every fold restores the same status.
            if event.status != existing.latestPublishedStatus {
                return LedgerRejection(.inconsistentEvent,
                                       "'\(event.contractId)' \(existing.latestVersion) was published as \(existing.latestPublishedStatus.rawValue), not \(event.status.rawValue)")
            }
            return event.version == existing.latestVersion ? nil : staleVersion(event.contractId, event.version, existing)

        case .contractRetired(let event):
            guard let existing = state.contracts[event.contractId] else { return unknown(event.contractId) }
            if existing.status == .retired {
                return LedgerRejection(.contractClosed, "contract '\(event.contractId)' is already retired")
            }
            if existing.status != .deprecated {
                return LedgerRejection(.invalidStatus,
                                       "contract '\(event.contractId)' is \(existing.status.rawValue); only a deprecated contract can be retired (deprecate it first)")
            }
            return event.version == existing.latestVersion ? nil : staleVersion(event.contractId, event.version, existing)

        case .ownershipTransferred(let event):
            guard let existing = state.contracts[event.contractId] else { return unknown(event.contractId) }
            if existing.status == .retired {
                return LedgerRejection(.contractClosed, "contract '\(event.contractId)' is retired")
            }
            if event.previousOwner != existing.owner {
                return LedgerRejection(.inconsistentEvent, "'\(event.contractId)' is owned by \(existing.owner?.rawValue ?? DataContract.unsetText), not \(event.previousOwner?.rawValue ?? DataContract.unsetText)")
            }
            if event.newOwner == existing.owner {
                return LedgerRejection(.noChange, "'\(event.contractId)' is already owned by \(event.newOwner)")
            }
            return nil

        case .qualityCheckRecorded:
            // A fact about the data: valid whatever the lifecycle says (see QualityCheckRecorded).
            return nil

        case .compatibilityConfigured:
            return nil

        case .auditCheckpointRecorded:
            return nil

        case .apiTokenIssued(let event):
            if state.tokens[event.tokenId] != nil {
                return LedgerRejection(.invalidArgument, "token id '\(event.tokenId)' is already taken")
            }
            if event.name.trimmingSpaces.isEmpty || event.name.count > 200 {
                return LedgerRejection(.invalidArgument, "a token needs a name of 1 to 200 characters")
            }
            if !event.admin && event.domains.isEmpty {
                return LedgerRejection(.invalidArgument, "a token needs at least one domain, or to be an admin token")
            }
            if let bad = event.domains.first(where: { DomainName($0) == nil }) {
                return LedgerRejection(.invalidArgument, "'\(bad)' is not a domain name")
            }
            if event.secretHash.count != 64 || !event.secretHash.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) {
                return LedgerRejection(.invalidArgument, "a token's secret hash must be 64 lowercase hex digits")
            }
            return nil

        case .policyAdopted, .policyRetired, .consumerSubscribed, .consumerUnsubscribed, .consumerApproved,
             .platformRequested, .platformRequestDecided, .platformProvisioned:
            return validateGovernance(record.event, in: state)

        case .apiTokenRevoked(let event):
            guard let token = state.tokens[event.tokenId] else {
                return LedgerRejection(.invalidArgument, "no token '\(event.tokenId)'")
            }
            if token.revoked { return LedgerRejection(.noChange, "token '\(event.tokenId)' (\(token.name)) is already revoked") }
            return nil
        }
    }

    /// Rules for governance events: each reads only its own stream's state (the policies, one
    /// contract's consumers, the platform requests), so every fold agrees whatever the interleaving.
    static func validateGovernance(_ event: LedgerEvent, in state: LedgerState) -> LedgerRejection? {
        switch event {
        case .policyAdopted(let event):
            guard Policy.isValidName(event.policy.name) else {
                return LedgerRejection(.invalidArgument, "'\(event.policy.name)' is not a policy name (1–64 of a-z, 0-9 and '-', starting with a letter)")
            }
            if let current = state.policies[event.key], current.policy == event.policy {
                return LedgerRejection(.noChange, "policy \(event.key) is already adopted as written")
            }
            return nil
        case .policyRetired(let event):
            guard state.policies[event.key] != nil else {
                let adopted = state.policies.keys.sorted()
                return LedgerRejection(.unknownPolicy, "no adopted policy \(event.key)"
                    + (adopted.isEmpty ? "; none is adopted" : "; adopted: \(adopted.joined(separator: ", "))"))
            }
            return nil
        case .consumerSubscribed(let event):
            if event.consumer.trimmingSpaces.isEmpty || event.consumer.count > 200 {
                return LedgerRejection(.invalidArgument, "a consumer needs a name of 1 to 200 characters")
            }
            if let major = event.major, major < 0 { return LedgerRejection(.invalidArgument, "--major must be 0 or more") }
            return nil
        case .consumerUnsubscribed(let event):
            guard state.consumers[event.contractId]?[event.consumer] != nil else {
                return LedgerRejection(.unknownConsumer, "'\(event.consumer)' does not subscribe to '\(event.contractId)'")
            }
            return nil
        case .consumerApproved(let event):
            guard state.consumers[event.contractId]?[event.consumer] != nil else {
                return LedgerRejection(.unknownConsumer, "'\(event.consumer)' does not subscribe to '\(event.contractId)'; "
                    + "only a subscribed consumer signs off (dcl consumer subscribe \(event.contractId) --consumer \(event.consumer))")
            }
            return nil
        case .platformRequested(let event):
            if state.platformRequests[event.requestId] != nil {
                return LedgerRejection(.invalidArgument, "platform request id '\(event.requestId)' is already taken")
            }
            if DomainName(event.domain) == nil { return LedgerRejection(.invalidArgument, "'\(event.domain)' is not a domain name") }
            if event.product.trimmingSpaces.isEmpty { return LedgerRejection(.invalidArgument, "a platform request needs a product name") }
            if !(1...event.tier.maxStorageGB).contains(event.storageGB) {
                return LedgerRejection(.invalidArgument, "storage \(event.storageGB) GB is outside 1–\(event.tier.maxStorageGB) GB for tier \(event.tier.rawValue)")
            }
            return nil
        case .platformRequestDecided(let event):
            guard let request = state.platformRequests[event.requestId] else { return unknownRequest(event.requestId) }
            if request.status != .requested {
                return LedgerRejection(.invalidStatus, "platform request \(event.requestId) is already \(request.status.rawValue)")
            }
            if !event.approved, event.reason.map({ $0.trimmingSpaces.isEmpty }) ?? true {
                return LedgerRejection(.invalidArgument, "rejecting platform request \(event.requestId) needs a reason the domain team can act on")
            }
            return nil
        case .platformProvisioned(let event):
            guard let request = state.platformRequests[event.requestId] else { return unknownRequest(event.requestId) }
            if request.status != .approved {
                return LedgerRejection(.invalidStatus, "platform request \(event.requestId) is \(request.status.rawValue); only an approved request is provisioned")
            }
            return nil
        default:
            return nil
        }
    }

    private static func unknownRequest(_ id: String) -> LedgerRejection {
        LedgerRejection(.unknownRequest, "no platform request '\(id)'")
    }

    private static func validatePublish(_ event: ContractPublished, existing: ContractState?) -> LedgerRejection? {
        let contract = event.contract
        let problems = contract.validationProblems
        if !problems.isEmpty {
            return LedgerRejection(.invalidContract, problems.joined(separator: "; "))
        }
        guard contract.status.isPublishable else {
            return LedgerRejection(.invalidStatus,
                                   "a version cannot be published as '\(contract.status.rawValue)'; use `dcl deprecate` or `dcl retire`")
        }
        guard let existing else {
            if let previous = event.previousVersion {
                return LedgerRejection(.inconsistentEvent, "'\(contract.id)' has no version \(previous) to follow")
            }
            return nil
        }
        let latest = existing.latestVersion
        if existing.status.isClosed {
            return LedgerRejection(.contractClosed, "contract '\(contract.id)' is \(existing.status.rawValue); it takes no new versions")
        }
        if contract.version.hasSamePrecedence(as: latest) || existing.version(contract.version) != nil {
            return LedgerRejection(.versionExists, "version \(contract.version) of '\(contract.id)' already exists")
        }
        if contract.version < latest {
            return LedgerRejection(.versionNotIncreasing,
                                   "version \(contract.version) of '\(contract.id)' is not greater than the latest version \(latest)")
        }
        if event.previousVersion != latest {
            return LedgerRejection(.inconsistentEvent,
                                   "version \(contract.version) was decided against \(event.previousVersion.map(\.description) ?? "nothing"), but the latest is \(latest)")
        }
        if contract.domain != existing.domain {
            return LedgerRejection(.domainMismatch,
                                   "'\(contract.id)' belongs to domain '\(existing.domain?.rawValue ?? DataContract.unsetText)'; a new version cannot move it to '\(contract.domain?.rawValue ?? DataContract.unsetText)'")
        }
        // Re-check the recorded decision against the contract's own history (same stream, so every
        // fold agrees): a writer cannot admit a breaking change under a minor version.
        // Under the rules that decided it, so ledgers written by older dcl versions fold as they did.
        let mode = event.compatibility.flatMap { CompatibilityMode(rawValue: $0.mode) } ?? .legacyDefault
        let rules = GradingRules(recorded: event.compatibility?.rules)
        let bump = compatibilityDecision(for: contract, document: event.document, after: existing, mode: mode, rules: rules)
        if !bump.accepted {
            return LedgerRejection(.incompatible, "version \(contract.version) declares \(bump.declared) but requires \(bump.computed) under \(mode)")
        }
        if contract.status.goesBack(from: existing.status) {
            return LedgerRejection(.invalidStatus,
                                   "status cannot go back from '\(existing.status.rawValue)' to '\(contract.status.rawValue)' (proposed → draft → active → deprecated → retired)")
        }
        return nil
    }

    private static func unknown(_ id: ContractID) -> LedgerRejection {
        LedgerRejection(.unknownContract, "no contract '\(id)' in the ledger")
    }

    private static func staleVersion(_ id: ContractID, _ version: SemanticVersion, _ existing: ContractState) -> LedgerRejection {
        LedgerRejection(.inconsistentEvent, "'\(id)' is at \(existing.latestVersion), not \(version)")
    }
}
