extension Ledger {
    /// Turns a command into the events that would record it, each with the stream sequence
    /// it must take, or throws the rule it breaks. Never reads a clock: times come in the command.
    public static func decide(_ command: LedgerCommand, state: LedgerState) throws(LedgerRejection) -> [ProposedEvent] {
        var events: [LedgerEvent] = []
        switch command {
        case .registerDomain(let registration):
            events = [.domainRegistered(registration)]

        case .publishContract(let contract, let document, let original):
            // Publishing is a GitOps step: the same content under a version the ledger holds is
            // already recorded, so there is nothing to decide; other content under it is refused.
            if let stored = state.contracts[contract.id]?.versions.first(where: { $0.contract.version == contract.version }) {
                if let difference = contentDifference(stored: stored, contract: contract, document: document) {
                    throw LedgerRejection(.versionExists, "version \(contract.version) of '\(contract.id)' already exists with other content:\n  - "
                        + difference.joined(separator: "\n  - ") + "\ngive the changed contract a new version")
                }
                return []
            }
            // A contract without a domain (ODCS does not require one) registers none.
            if let domain = contract.domain, state.domains[domain] == nil {
                events.append(.domainRegistered(DomainRegistered(
                    domain: domain, ownerTeam: contract.owner?.rawValue ?? DataContract.unsetText,
                    slaHours: contract.serviceLevel.slaHours, qualityThreshold: contract.qualityThreshold)))
            }
            let existing = state.contracts[contract.id]
            // Ids already recorded keep their spelling; a new one must follow the id grammar.
            if existing == nil, let violation = ContractID.grammarViolation(contract.id.rawValue) {
                throw LedgerRejection(.invalidArgument, "contract id '\(contract.id.printable)' \(violation)")
            }
            var decision: CompatibilityDecision?
            var graded: [ClassifiedChange]?
            // Version, status and domain rules are checked first (by `propose`); compatibility only
            // speaks about a version that could otherwise be accepted.
            if let existing, existing.latestVersion < contract.version, !existing.latestVersion.hasSamePrecedence(as: contract.version),
               !existing.status.isClosed, existing.domain == contract.domain {
                let mode = state.compatibility.mode(for: contract.id, in: existing.domain)
                let bump = compatibilityDecision(for: contract, document: document, after: existing, mode: mode)
                guard bump.accepted else {
                    throw LedgerRejection(.incompatible, "version \(contract.version) of '\(contract.id)' declares a \(bump.declared) bump "
                        + "but its changes require \(bump.computed) under \(mode):\n  - " + bump.reasons.joined(separator: "\n  - "))
                }
                decision = CompatibilityDecision(bump)
                graded = bump.changes
            }
            // Every change, graded: from the decision when there was one, else graded here.
            let changes = existing.map { existing in
                graded ?? ContractChangeClassifier.classify(
                    from: existing.latest, to: contract, documents: (existing.versions.last?.document, document), rules: .current)
            }
            // Federated governance, decided by the writer against the policies in force now (like the
            // compatibility mode): a version that breaks one is refused, naming each policy and path.
            let review = governanceReview(contract, document: document, changes: changes ?? [], state: state)
            if !review.violations.isEmpty {
                throw LedgerRejection(.policyViolation, "'\(contract.id)' \(contract.version) breaks \(review.violations.count) policy rule(s):\n  - "
                    + review.violations.map(\.description).joined(separator: "\n  - "))
            }
            if !review.missingApprovals.isEmpty {
                let consumers = Array(Set(review.missingApprovals.map(\.consumer))).sorted()
                throw LedgerRejection(.approvalRequired, "'\(contract.id)' \(contract.version) breaks subscribed consumers, and policy "
                    + review.approvalPolicies.joined(separator: ", ") + " needs their sign-off first:\n  - "
                    + review.missingApprovals.map(\.description).joined(separator: "\n  - ") + "\nsign off with: "
                    + consumers.map { "dcl approve \(contract.id) --version \(contract.version) --consumer \($0)" }.joined(separator: "; "))
            }
            events.append(.contractPublished(ContractPublished(
                contract: contract, previousVersion: existing?.latestVersion, document: document, compatibility: decision,
                original: original)))
            if let existing, let changes {
                events.append(.schemaChanged(SchemaChanged(
                    contractId: contract.id, fromVersion: existing.latestVersion, toVersion: contract.version,
                    changes: changes.map(\.gradedChange))))
            }

        case .deprecateContract(let id, let reason):
            let existing = try contract(id, in: state)
            events = [.contractDeprecated(ContractDeprecated(contractId: id, version: existing.latestVersion, reason: reason))]

        case .reactivateContract(let id, let reason):
            let existing = try contract(id, in: state)
            events = [.contractReactivated(ContractReactivated(contractId: id, version: existing.latestVersion,
                                                               status: existing.latestPublishedStatus, reason: reason))]

        case .retireContract(let id, let reason):
            let existing = try contract(id, in: state)
            events = [.contractRetired(ContractRetired(contractId: id, version: existing.latestVersion, reason: reason))]

        case .transferOwnership(let id, let newOwner):
            let existing = try contract(id, in: state)
            events = [.ownershipTransferred(OwnershipTransferred(contractId: id, previousOwner: existing.owner, newOwner: newOwner))]

        case .issueToken(let issued):
            events = [.apiTokenIssued(issued)]

        case .revokeToken(let id, let reason):
            events = [.apiTokenRevoked(APITokenRevoked(tokenId: id, reason: reason))]

        case .configureCompatibility(let setting):
            if setting.scope == .domain, DomainName(setting.subject) == nil {
                throw LedgerRejection(.invalidArgument, "'\(setting.subject)' is not a domain name")
            }
            if setting.scope == .contract {
                guard let id = ContractID(setting.subject) else {
                    throw LedgerRejection(.invalidArgument, "'\(setting.subject)' is not a contract id")
                }
                // A mode for a contract that is not in the ledger would be recorded and never apply.
                guard state.contracts[id] != nil else {
                    throw LedgerRejection(.unknownContract, "no contract '\(id.printable)' in the ledger; publish it first, or set the mode for its domain with --domain")
                }
            }
            events = [.compatibilityConfigured(setting)]

        case .adoptPolicy(let adoption):
            if let domain = adoption.domain, DomainName(domain) == nil {
                throw LedgerRejection(.invalidArgument, "'\(domain)' is not a domain name")
            }
            events = [.policyAdopted(adoption)]

        case .retirePolicy(let retirement):
            events = [.policyRetired(retirement)]

        case .subscribeConsumer(let subscription):
            let existing = try contract(subscription.contractId, in: state)
            let paths = existing.latest.fieldPaths
            let unknown = subscription.fields.filter { field in
                !paths.contains { $0 == field || $0.hasPrefix(field + ".") || (!field.contains(".") && $0.hasSuffix("." + field)) }
            }
            if !unknown.isEmpty {
                throw LedgerRejection(.unknownField, "'\(subscription.contractId)' \(existing.latestVersion) has no propert\(unknown.count == 1 ? "y" : "ies") "
                    + unknown.map { "'\($0)'" }.joined(separator: ", ") + "; its properties are: " + paths.joined(separator: ", "))
            }
            events = [.consumerSubscribed(subscription)]

        case .unsubscribeConsumer(let removal):
            events = [.consumerUnsubscribed(removal)]

        case .approveVersion(let approval):
            let existing = try contract(approval.contractId, in: state)
            if approval.version <= existing.latestVersion {
                throw LedgerRejection(.invalidArgument, "'\(approval.contractId)' is already at \(existing.latestVersion); "
                    + "a sign-off is for a version not yet published (greater than \(existing.latestVersion))")
            }
            events = [.consumerApproved(approval)]

        case .requestPlatform(let request):
            events = [.platformRequested(request)]

        case .decidePlatformRequest(let decision):
            events = [.platformRequestDecided(decision)]

        case .markProvisioned(let provisioned):
            events = [.platformProvisioned(provisioned)]

        case .recordAuditCheckpoint(let checkpoint):
            events = [.auditCheckpointRecorded(checkpoint)]

        case .recordQualityCheck(let id, let rule, let passed, let value, let observedAt):
            let existing = try contract(id, in: state)
            guard existing.status != .retired else {
                throw LedgerRejection(.contractClosed, "contract '\(id)' is retired; it takes no more quality results")
            }
            let rules = existing.latest.quality.map(\.name)
            guard rules.contains(rule) else {
                let known = rules.isEmpty ? "it declares no quality rules" : "its rules are: \(rules.joined(separator: ", "))"
                throw LedgerRejection(.unknownRule, "contract '\(id)' \(existing.latestVersion) has no quality rule '\(rule)'; \(known)")
            }
            events = [.qualityCheckRecorded(QualityCheckRecorded(
                contractId: id, rule: rule, passed: passed, value: value, observedAt: observedAt,
                contractVersion: existing.latestVersion))]

        case .recordQualityRun(let run):
            events = try qualityRunEvents(run, in: state)
        }
        return try propose(events, on: state)
    }

    /// Assigns each event the next sequence of its stream and checks the whole batch with the
    /// fold's own rules, so `decide` never proposes what `evolve` would reject.
    static func propose(_ events: [LedgerEvent], on state: LedgerState) throws(LedgerRejection) -> [ProposedEvent] {
        var simulated = state
        var proposed: [ProposedEvent] = []
        for event in events {
            let stream = event.stream
            let sequence = simulated.head(of: stream) + 1
            let record = RecordedEvent(eventId: "proposed-\(proposed.count)", position: simulated.position + 1,
                                       stream: stream, sequence: sequence, occurredAt: Timestamp(millisecondsSinceEpoch: 0),
                                       recordedAt: Timestamp(millisecondsSinceEpoch: 0), actor: "", event: event)
            if let rejection = validate(record, in: simulated) { throw rejection }
            evolve(&simulated, record)
            proposed.append(ProposedEvent(stream: stream, sequence: sequence, event: event))
        }
        return proposed
    }

    /// What differs between a stored version and a contract published again under the same
    /// version, or nil when it is the same content. The stored source document decides (it is what
    /// was hashed and kept); versions recorded without one compare the decoded contracts.
    static func contentDifference(stored: ContractVersionRecord, contract: DataContract, document: JSONValue?) -> [String]? {
        if let storedDocument = stored.document, let document {
            guard storedDocument != document else { return nil }
            let changes = ContractDiff.changes(from: stored.contract, to: contract).map(\.description)
            return changes.isEmpty ? storedDocument.differences(to: document) : changes
        }
        guard stored.contract != contract else { return nil }
        let changes = ContractDiff.changes(from: stored.contract, to: contract).map(\.description)
        return changes.isEmpty ? ["the contract differs outside the compared properties"] : changes
    }

    /// One result event per check of the run, pinned to the version the checks came from. The
    /// rule names are not matched against `DataContract.quality`: a run also checks what the
    /// version's document promises beyond the ledger's rules (schema types, `required`, library
    /// metrics with thresholds, `sql` rules), each under the name the runner or importer gave it.
    private static func qualityRunEvents(_ run: QualityRun, in state: LedgerState) throws(LedgerRejection) -> [LedgerEvent] {
        let existing = try contract(run.contractId, in: state)
        guard existing.status != .retired else {
            throw LedgerRejection(.contractClosed, "contract '\(run.contractId)' is retired; it takes no more quality results")
        }
        let version = run.version ?? existing.latestVersion
        guard existing.version(version) != nil else {
            throw LedgerRejection(.invalidArgument, "contract '\(run.contractId)' has no version \(version); its versions are: "
                + existing.versions.map(\.contract.version.description).joined(separator: ", "))
        }
        guard !run.runId.trimmingSpaces.isEmpty else { throw LedgerRejection(.invalidArgument, "a quality run needs a run id") }
        guard !run.results.isEmpty else {
            throw LedgerRejection(.invalidArgument, "the run of '\(run.contractId)' has no results to record")
        }
        var seen = Set<String>()
        for result in run.results where !seen.insert(result.rule).inserted {
            throw LedgerRejection(.invalidArgument, "the run names rule '\(result.rule)' twice")
        }
        return run.results.map { result in
            .qualityCheckRecorded(QualityCheckRecorded(
                contractId: run.contractId, rule: result.rule, passed: result.passed, value: result.value,
                observedAt: run.observedAt, contractVersion: version, runId: run.runId, threshold: result.threshold,
                rowsScanned: result.rowsScanned, fingerprint: result.fingerprint, origin: run.origin))
        }
    }

    private static func contract(_ id: ContractID, in state: LedgerState) throws(LedgerRejection) -> ContractState {
        guard let existing = state.contracts[id] else {
            throw LedgerRejection(.unknownContract, "no contract '\(id)' in the ledger")
        }
        return existing
    }
}
