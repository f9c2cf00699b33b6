import DCLDomain
import DCLEventLog

/// Which parts of the fold state a batch of events reads and writes: the contracts its events
/// belong to (lifecycle state, quality totals, both streams' heads) and the heads of its other
/// streams (domains, governance). Domains and compatibility settings are global and small, and
/// always held.
///
/// A projector holds only the parts of the batch it folds and of the batch before it (whose
/// commit may still be running), so its memory follows the batch size, not the ledger's size.
///
/// ```swift
/// let parts = FoldParts(events)
/// parts.contracts    // ids whose stored state the fold needs
/// ```
public struct FoldParts: Sendable, Hashable {
    public var contracts = Set<ContractID>()
    /// Streams that belong to no contract.
    public var streams = Set<StreamID>()

    public init() {}

    public init(contracts: Set<ContractID>, streams: Set<StreamID>) {
        self.contracts = contracts
        self.streams = streams
    }

    public init(_ events: [StoredEvent]) {
        for event in events { insert(event.envelope.stream) }
    }

    mutating func insert(_ stream: StreamID) {
        if let id = stream.contractID { contracts.insert(id) } else { streams.insert(stream) }
    }

    public func union(_ other: FoldParts) -> FoldParts {
        var both = self
        both.contracts.formUnion(other.contracts)
        both.streams.formUnion(other.streams)
        return both
    }

    public mutating func formUnion(_ other: FoldParts) {
        contracts.formUnion(other.contracts)
        streams.formUnion(other.streams)
    }

    func holds(_ stream: StreamID) -> Bool {
        if let id = stream.contractID { return contracts.contains(id) }
        return streams.contains(stream)
    }

    /// Drops from `state` every contract and stream head outside these parts.
    func evictOthers(from checkpoint: inout ProjectionCheckpoint) {
        checkpoint.state.contracts = checkpoint.state.contracts.filter { contracts.contains($0.key) }
        checkpoint.state.quality = checkpoint.state.quality.filter { contracts.contains($0.key) }
        checkpoint.state.heads = checkpoint.state.heads.filter { holds($0.key) }
        checkpoint.onTimeChecks = checkpoint.onTimeChecks.filter { contracts.contains($0.key) }
    }

    /// What of `self` is not in `loaded`.
    ///
    /// Walks `self`, a batch's parts, and looks each up in `loaded`: `Set.subtracting` walks its
    /// argument instead, and what a projector holds (every contract of a rebuild, ~10,000 in the
    /// benchmarks) is far larger than what one batch touches (a few hundred contracts on Kafka,
    /// where a batch comes from a few partitions).
    public func subtracting(_ loaded: FoldParts) -> FoldParts {
        FoldParts(contracts: contracts.filter { !loaded.contracts.contains($0) },
                  streams: streams.filter { !loaded.streams.contains($0) })
    }

    public var isEmpty: Bool { contracts.isEmpty && streams.isEmpty }
}
