import DCLDomain

/// One contract as the read models hold it: its lifecycle state (every version with its
/// document) and its quality totals. What `dcl show` prints.
public struct ContractReadModel: Sendable, Hashable {
    public var state: ContractState
    public var quality: QualitySummary

    public init(state: ContractState, quality: QualitySummary) {
        self.state = state
        self.quality = quality
    }
}
