import DCLApplication
import DCLDomain

/// The catalog page (`GET /ui`): the search form with its filters, one page of matching products.
struct CatalogPageModel: Sendable {
    struct Option: Sendable {
        var value: String
        var label: String
        var selected: Bool
    }

    struct Row: Sendable {
        var contractId: String
        var href: String
        var name: String
        var domain: String
        var version: String
        var status: String
        var owner: String
        var score: String
        var checks: String
        var tags: String
    }

    static let pageSize = 50

    var frame: PageFrame
    var q: String?
    var domain: String?
    var owner: String?
    var tag: String?
    var field: String?
    var statuses: [Option]
    var entries: [Row]
    var hasEntries: Bool
    var total: Int
    var shownRange: String?
    var previousHref: String?
    var nextHref: String?
    var clearHref: String

    /// `slice`: the page of `pageSize` matches from `offset` on, and how many match in all.
    init(filter: CatalogFilter, slice: CatalogSlice, offset: Int, asOf: String?) {
        let query: [(String, String?)] = [("q", filter.text), ("domain", filter.domain), ("owner", filter.owner), ("tag", filter.tag),
                                          ("field", filter.field), ("status", filter.status?.rawValue)]
        frame = PageFrame(title: "Catalog", path: "/ui", asOf: asOf, keep: query + [("offset", offset > 0 ? String(offset) : nil)])
        q = filter.text
        domain = filter.domain
        owner = filter.owner
        tag = filter.tag
        field = filter.field
        let chosen = filter.status?.rawValue
        statuses = [Option(value: "", label: "any", selected: chosen == nil)]
            + ["active", "draft", "proposed", "deprecated", "retired"].map { Option(value: $0, label: $0, selected: chosen == $0) }
        if let chosen, !["active", "draft", "proposed", "deprecated", "retired"].contains(chosen) {
            statuses.append(Option(value: chosen, label: chosen, selected: true))
        }
        entries = slice.entries.prefix(Self.pageSize).map { entry in
            Row(contractId: entry.contractId, href: DashboardLinks.href(DashboardLinks.contractPath(entry.contractId), [("asOf", asOf)]),
                name: entry.name, domain: entry.domain, version: entry.version, status: entry.status, owner: entry.owner,
                score: entry.qualityScore ?? "–", checks: entry.totalChecks == 0 ? "" : "(\(entry.passedChecks)/\(entry.totalChecks))",
                tags: entry.tags.joined(separator: ", "))
        }
        hasEntries = !entries.isEmpty
        total = slice.total
        shownRange = slice.total > entries.count && !entries.isEmpty ? "\(offset + 1)–\(offset + entries.count)" : nil
        previousHref = offset > 0 ? DashboardLinks.href("/ui", query + [("offset", String(max(0, offset - Self.pageSize))), ("asOf", asOf)]) : nil
        nextHref = offset + Self.pageSize < slice.total
            ? DashboardLinks.href("/ui", query + [("offset", String(offset + Self.pageSize)), ("asOf", asOf)]) : nil
        clearHref = DashboardLinks.href("/ui", [("asOf", asOf)])
    }
}
