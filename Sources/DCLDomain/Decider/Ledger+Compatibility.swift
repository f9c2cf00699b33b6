extension Ledger {
    /// The bump a new version needs after the contract's accepted versions, under `mode` and `rules`.
    static func compatibilityDecision(for contract: DataContract, document: JSONValue?, after existing: ContractState,
                                      mode: CompatibilityMode, rules: GradingRules = .current) -> BumpDecision {
        ContractChangeClassifier.requiredBump(from: existing.latest, to: contract, mode: mode,
                                              history: existing.versions.map(\.contract),
                                              documents: (existing.versions.last?.document, document), rules: rules)
    }

    /// What `dcl check FILE` reports: the decision publishing `contract` would get, without recording anything.
    public static func dryRun(_ contract: DataContract, document: JSONValue? = nil, state: LedgerState) -> BumpDecision? {
        guard let existing = state.contracts[contract.id] else { return nil }
        return compatibilityDecision(for: contract, document: document, after: existing,
                                     mode: state.compatibility.mode(for: contract.id, in: existing.domain))
    }
}

extension CompatibilityDecision {
    /// The summary of a `BumpDecision` kept with the version.
    public init(_ decision: BumpDecision) {
        self.init(mode: decision.mode.rawValue, computedBump: decision.computed.rawValue, declaredBump: decision.declared.rawValue,
                  comparedWith: decision.comparedVersions.map(\.description),
                  ruleIds: decision.incompatibilities.map(\.incompatibility.ruleId.rawValue), reasons: decision.reasons,
                  rules: decision.rules.rawValue)
    }
}
