/// One page of a filtered catalog and how many entries match in all, as `GET /api/contracts`
/// returns it: a read model that pages in its query reads only the page's rows.
///
/// ```swift
/// let slice = try await queries.catalogPage(CatalogFilter(text: "orders"), limit: 50, offset: 0)
/// print("\(slice.entries.count) of \(slice.total)")
/// ```
public struct CatalogSlice: Sendable, Equatable {
    /// The entries of the page, in catalog order (domain, then contract id).
    public var entries: [CatalogEntry]
    /// Every entry the filter matches, on this page or not.
    public var total: Int

    public init(entries: [CatalogEntry], total: Int) {
        self.entries = entries
        self.total = total
    }
}
