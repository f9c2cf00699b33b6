/// What every dashboard page shows around its content: the title, the navigation (each link
/// keeping `asOf`), and the "as of" form, which re-asks the same page with the same parameters at
/// another time.
struct PageFrame: Sendable {
    struct Field: Sendable {
        var name: String
        var value: String
    }

    var title: String
    /// The page's path, where the "as of" form sends its query.
    var path: String
    /// The record time the page answers for (nil: now).
    var asOf: String?
    /// The page's other parameters, resent by the "as of" form.
    var keep: [Field]
    var catalogHref: String
    var qualityHref: String
    var auditHref: String
    /// The same page, now.
    var nowHref: String

    init(title: String, path: String, asOf: String?, keep: [(String, String?)] = []) {
        self.title = title
        self.path = path
        self.asOf = asOf
        self.keep = keep.compactMap { name, value in value.flatMap { $0.isEmpty ? nil : Field(name: name, value: $0) } }
        catalogHref = DashboardLinks.href("/ui", [("asOf", asOf)])
        qualityHref = DashboardLinks.href("/ui/quality", [("asOf", asOf)])
        auditHref = DashboardLinks.href("/ui/audit", [("asOf", asOf)])
        nowHref = DashboardLinks.href(path, keep)
    }
}
