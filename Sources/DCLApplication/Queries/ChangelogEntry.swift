/// A contract's current read models as a changelog publishes them (see `ChangelogSink`).
///
/// ```swift
/// let change = ChangelogEntry(contractId: "sales.orders", catalog: entry, quality: summary)
/// if change.catalog == nil { print("retired: a tombstone") }
/// ```
public struct ChangelogEntry: Sendable, Hashable {
    public var contractId: String
    /// The entry `dcl catalog --json` lists; nil once the contract is retired (a tombstone).
    public var catalog: CatalogEntry?
    public var quality: QualityChangelogValue

    public init(contractId: String, catalog: CatalogEntry?, quality: QualityChangelogValue) {
        self.contractId = contractId
        self.catalog = catalog
        self.quality = quality
    }
}
