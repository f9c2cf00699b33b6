/// The whole ledger folded: domains, contracts, each stream's head, and rejected events.
/// Produced only by `Ledger.evolve`, so every reader computes the same state from the same log.
public struct LedgerState: Sendable, Hashable, Codable {
    public var domains: [DomainName: DomainState] = [:]
    public var contracts: [ContractID: ContractState] = [:]
    /// Quality results per contract. Kept apart from `contracts` because results are facts that
    /// do not depend on the lifecycle (they live on another stream, and on Kafka another topic).
    public var quality: [ContractID: QualitySummary] = [:]
    /// Each stream's last accepted sequence and, for streams read from a log, its hash.
    public var heads: [StreamID: AcceptedHead] = [:]
    public var rejected: [RejectedEvent] = []
    public var compatibility = CompatibilitySettings()
    /// API tokens by id (see `APITokenIssued`).
    public var tokens: [String: APITokenState] = [:]
    /// Governance policies in force, by `AdoptedPolicy.key` (see `PolicyAdopted`).
    public var policies: [String: AdoptedPolicy] = [:]
    /// Each contract's consumers, by consumer name (see `ConsumerSubscribed`).
    public var consumers: [ContractID: [String: ConsumerSubscription]] = [:]
    /// Self-serve platform requests by id (see `PlatformRequested`).
    public var platformRequests: [String: PlatformRequestState] = [:]
    /// The log position of the last event folded (accepted or rejected).
    public var position: Int64 = 0
    public var acceptedCount = 0

    public init() {}

    /// Every member is optional on decode, so a state stored before a member existed (a read-model
    /// checkpoint written before API tokens, say) still reads, with that member empty.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        domains = try container.decodeIfPresent([DomainName: DomainState].self, forKey: .domains) ?? [:]
        contracts = try container.decodeIfPresent([ContractID: ContractState].self, forKey: .contracts) ?? [:]
        quality = try container.decodeIfPresent([ContractID: QualitySummary].self, forKey: .quality) ?? [:]
        let sequences = try container.decodeIfPresent([StreamID: Int64].self, forKey: .streamHeads) ?? [:]
        let hashes = try container.decodeIfPresent([StreamID: String].self, forKey: .headHashes) ?? [:]
        heads = sequences.mapValues { AcceptedHead(sequence: $0) }
        for (stream, hash) in hashes { heads[stream, default: AcceptedHead(sequence: 0)].hash = hash }
        rejected = try container.decodeIfPresent([RejectedEvent].self, forKey: .rejected) ?? []
        compatibility = try container.decodeIfPresent(CompatibilitySettings.self, forKey: .compatibility) ?? CompatibilitySettings()
        tokens = try container.decodeIfPresent([String: APITokenState].self, forKey: .tokens) ?? [:]
        policies = try container.decodeIfPresent([String: AdoptedPolicy].self, forKey: .policies) ?? [:]
        consumers = try container.decodeIfPresent([ContractID: [String: ConsumerSubscription]].self, forKey: .consumers) ?? [:]
        platformRequests = try container.decodeIfPresent([String: PlatformRequestState].self, forKey: .platformRequests) ?? [:]
        position = try container.decodeIfPresent(Int64.self, forKey: .position) ?? 0
        acceptedCount = try container.decodeIfPresent(Int.self, forKey: .acceptedCount) ?? 0
    }

    /// The heads are stored as two objects, sequences and hashes by stream (the form of every
    /// state stored before `AcceptedHead`), so stored states read the same either way.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(domains, forKey: .domains)
        try container.encode(contracts, forKey: .contracts)
        try container.encode(quality, forKey: .quality)
        try container.encode(heads.mapValues(\.sequence), forKey: .streamHeads)
        try container.encode(heads.compactMapValues(\.hash), forKey: .headHashes)
        try container.encode(rejected, forKey: .rejected)
        try container.encode(compatibility, forKey: .compatibility)
        try container.encode(tokens, forKey: .tokens)
        try container.encode(policies, forKey: .policies)
        try container.encode(consumers, forKey: .consumers)
        try container.encode(platformRequests, forKey: .platformRequests)
        try container.encode(position, forKey: .position)
        try container.encode(acceptedCount, forKey: .acceptedCount)
    }

    enum CodingKeys: String, CodingKey {
        case domains, contracts, quality, streamHeads, headHashes, rejected, compatibility, tokens, policies, consumers,
             platformRequests, position, acceptedCount
    }

    public static let empty = LedgerState()

    public func head(of stream: StreamID) -> Int64 { heads[stream]?.sequence ?? 0 }

    /// The hash an event appended to `stream` must chain to (64 zeros for a new stream).
    public func headHash(of stream: StreamID) -> String { heads[stream]?.hash ?? Self.noHeadHash }

    /// What the first event of a stream chains to.
    static let noHeadHash = String(repeating: "0", count: 64)

    /// The contracts whose latest version names this domain, sorted by id.
    public func contracts(in domain: DomainName) -> [ContractState] {
        contracts.values.filter { $0.domain == domain }.sorted { $0.id < $1.id }
    }

    /// Every domain that is registered or named by a contract, sorted.
    public var domainNames: [DomainName] {
        Array(Set(domains.keys).union(contracts.values.compactMap(\.domain))).sorted()
    }

    /// The policies in force for a contract of `domain`: mesh-wide ones and the domain's, by key.
    public func policies(for domain: DomainName?) -> [AdoptedPolicy] {
        policies.values.filter { $0.applies(to: domain) }.sorted { $0.key < $1.key }
    }

    public func qualitySummary(for id: ContractID) -> QualitySummary { quality[id] ?? QualitySummary() }
}
