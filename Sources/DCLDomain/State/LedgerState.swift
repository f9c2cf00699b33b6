/// The whole ledger folded: domains, contracts, each stream's head, and rejected events.
/// Produced only by `Ledger.evolve`, so every reader computes the same state from the same log.
public struct LedgerState: Sendable, Hashable, Codable {
    public var domains: [DomainName: DomainState] = [:]
    public var contracts: [ContractID: ContractState] = [:]
    /// Quality results per contract. Kept apart from `contracts` because results are facts that
    /// do not depend on the lifecycle (they live on another stream, and on Kafka another topic).
    public var quality: [ContractID: QualitySummary] = [:]
    /// The last accepted sequence of each stream.
    public var streamHeads: [StreamID: Int64] = [:]
    /// The hash of each stream's accepted head, for streams read from a log.
    public var headHashes: [StreamID: String] = [:]
    public var rejected: [RejectedEvent] = []
    public var compatibility = CompatibilitySettings()
    /// The log position of the last event folded (accepted or rejected).
    public var position: Int64 = 0
    public var acceptedCount = 0

    public init() {}

    public static let empty = LedgerState()

    public func head(of stream: StreamID) -> Int64 { streamHeads[stream] ?? 0 }

    /// The hash an event appended to `stream` must chain to (64 zeros for a new stream).
    public func headHash(of stream: StreamID) -> String { headHashes[stream] ?? String(repeating: "0", count: 64) }

    /// The contracts whose latest version names this domain, sorted by id.
    public func contracts(in domain: DomainName) -> [ContractState] {
        contracts.values.filter { $0.domain == domain }.sorted { $0.id < $1.id }
    }

    /// Every domain that is registered or named by a contract, sorted.
    public var domainNames: [DomainName] {
        Array(Set(domains.keys).union(contracts.values.compactMap(\.domain))).sorted()
    }

    public func qualitySummary(for id: ContractID) -> QualitySummary { quality[id] ?? QualitySummary() }
}
