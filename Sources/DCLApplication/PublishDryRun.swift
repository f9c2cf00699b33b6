import DCLDomain

/// The dry run of a publish: what the ledger's rules would decide for a document, computed
/// exactly as `publish` decides (`Ledger.decide` on the same state) and recording nothing. The one
/// use case behind `dcl check FILE` and `POST /api/contracts/check`, so both answer the same.
///
/// ```swift
/// let run = try await service.dryRunPublish(read.contract, document: read.document, original: read.original)
/// if let rejection = run.rejection { print("would be rejected: \(rejection.message)") }
/// ```
public struct PublishDryRun: Sendable {
    public var check: PublishCheck
    /// The rule that would refuse the publish (nil when it would be accepted).
    public var rejection: LedgerRejection?
    /// The decision of the compatibility rules (nil for a new contract).
    public var decision: BumpDecision?

    /// Decides the publish against `snapshot` (a focused snapshot of the contract's streams, or an
    /// empty one when there is no ledger yet).
    public init(contract: DataContract, document: JSONValue?, original: String?, snapshot: LedgerSnapshot) {
        let command = LedgerCommand.publishContract(contract, document: document, original: original)
        let existing = snapshot.state.contracts[contract.id]
        let decision = Ledger.dryRun(contract, document: document, state: snapshot.state)
        var rejection: LedgerRejection?
        do { _ = try Ledger.decide(command, state: snapshot.state) } catch { rejection = error }
        // One graded line per change: the decision's own list when there is one.
        let changes = decision?.changes.map(\.gradedChange)
            ?? existing.map { existing in
                ContractChangeClassifier.classify(from: existing.latest, to: contract,
                                                  documents: (existing.versions.last?.document, document), rules: .current)
                    .map(\.gradedChange)
            } ?? []
        let review = Ledger.governanceReview(contract, document: document, changes: [], state: snapshot.state)
        let impacts = ConsumerImpact.assess(gradedChanges: changes, consumers: snapshot.state.consumers[contract.id] ?? [:],
                                            contractId: contract.id, version: contract.version)
        self.decision = decision
        self.rejection = rejection
        check = PublishCheck(accepted: rejection == nil, contractId: contract.id.rawValue, version: contract.version.description,
                             previousVersion: existing?.latestVersion.description, mode: decision?.mode.rawValue,
                             computedBump: decision?.computed.rawValue, declaredBump: decision?.declared.rawValue,
                             changes: changes, reasons: decision?.reasons ?? [], consumerImpacts: impacts,
                             policyViolations: review.violations, rejection: rejection?.description,
                             rule: rejection?.code.rawValue)
    }
}

extension LedgerService {
    /// The dry run of publishing `contract` against the ledger as it is now (only the streams the
    /// publish would touch are read).
    public func dryRunPublish(_ contract: DataContract, document: JSONValue?, original: String?) async throws -> PublishDryRun {
        let command = LedgerCommand.publishContract(contract, document: document, original: original)
        return PublishDryRun(contract: contract, document: document, original: original,
                             snapshot: try await focusedSnapshot(for: [command]))
    }
}
