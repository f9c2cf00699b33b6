/// One page of the quality dashboard and how many products it lists in all, as
/// `dcl dashboard quality --limit` and `GET /api/dashboard/quality?limit=` answer: a read model
/// that pages in its query looks up the latest quality run of the page's products only.
///
/// ```swift
/// let page = try await queries.qualityDashboardPage(domain: "sales", includeInactive: false, limit: 100, offset: 0)
/// print("\(page.rows.count) of \(page.total) products")
/// ```
public struct QualityDashboardSlice: Sendable, Equatable {
    /// The rows of the page, in dashboard order (domain, product, contract id).
    public var rows: [QualityDashboardRow]
    /// Every product the dashboard lists with these filters, on this page or not.
    public var total: Int

    public init(rows: [QualityDashboardRow], total: Int) {
        self.rows = rows
        self.total = total
    }
}
