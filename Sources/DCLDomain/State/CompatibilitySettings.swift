/// The compatibility modes configured so far, and the rule for which one applies.
public struct CompatibilitySettings: Sendable, Hashable, Codable {
    public var global: CompatibilityMode?
    public var domains: [String: CompatibilityMode] = [:]
    public var contracts: [String: CompatibilityMode] = [:]

    public init() {}

    /// Contract setting, else its domain's (when it has one), else the global one, else `CompatibilityMode.default`.
    public func mode(for contract: ContractID, in domain: DomainName?) -> CompatibilityMode {
        contracts[contract.rawValue] ?? domain.flatMap { domains[$0.rawValue] } ?? global ?? .default
    }

    mutating func apply(_ event: CompatibilityConfigured) {
        switch event.scope {
        case .global: global = event.mode
        case .domain: domains[event.subject] = event.mode
        case .contract: contracts[event.subject] = event.mode
        }
    }
}
