import DCLDomain

/// Where a log keeps each contract, as read models are published per place: a projector
/// publishes (changelog topics, notifications) only the contracts of the partitions it folds, so
/// two projectors of one group never publish the same contract, and no older value of a contract
/// can land after a newer one (see `ReadModelStoring`, "Publishing").
///
/// The embedded log keeps everything in one place, partition 0. On Kafka a contract's place is
/// the contracts topic's partition of its key, and a group member folds the partitions it owns.
///
/// ```swift
/// let places = try await log.contractPartitions()
/// for partition in places.folded { … }                 // publish each one's changes
/// let partition = places.partition(of: contractId)     // where a changed contract is recorded
/// ```
public struct ContractPartitions: Sendable {
    /// The partitions this reader folds, ascending.
    public var folded: [Int32]
    /// The partition that holds a contract (by its id's text).
    public var partition: @Sendable (String) -> Int32

    public init(folded: [Int32], partition: @escaping @Sendable (String) -> Int32) {
        self.folded = folded
        self.partition = partition
    }

    /// One place for every contract: a log with one global order, or one reader of a whole log.
    public static let single = ContractPartitions(folded: [0]) { _ in 0 }
}
