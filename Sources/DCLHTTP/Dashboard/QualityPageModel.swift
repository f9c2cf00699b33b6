import DCLApplication
import Foundation

/// The quality dashboard page (`GET /ui/quality`): the seed's dashboard, one table per domain,
/// each domain with its products, checks and overall pass rate.
struct QualityPageModel: Sendable {
    struct Row: Sendable {
        var product: String
        var href: String
        var status: String
        var totalChecks: Int
        var passedChecks: Int
        var score: String
        var scoreClass: String
        var threshold: String
        var slaAdherence: String
        var freshness: String
        var lastChecked: String
    }

    struct Domain: Sendable {
        var name: String
        var products: Int
        var checks: Int
        var score: String
        var rows: [Row]
    }

    var frame: PageFrame
    var domain: String?
    var all: Bool
    var domains: [Domain]

    init(rows: [QualityDashboardRow], domain: String?, all: Bool, asOf: String?) {
        frame = PageFrame(title: "Quality", path: "/ui/quality", asOf: asOf, keep: [("domain", domain), ("all", all ? "true" : nil)])
        self.domain = domain
        self.all = all
        var grouped: [Domain] = []
        for row in rows {
            let line = Row(product: row.product, href: DashboardLinks.href(DashboardLinks.contractPath(row.contractId), [("asOf", asOf)]),
                           status: row.status, totalChecks: row.totalChecks, passedChecks: row.passedChecks,
                           score: row.qualityScore ?? "–", scoreClass: row.meetsThreshold.map { $0 ? "ok" : "bad" } ?? "",
                           threshold: row.qualityThreshold, slaAdherence: row.slaAdherence ?? "–", freshness: row.freshness,
                           lastChecked: row.lastChecked ?? "–")
            // The rows come sorted by domain: a new name starts a new table.
            if grouped.last?.name == row.domain {
                grouped[grouped.count - 1].rows.append(line)
            } else {
                grouped.append(Domain(name: row.domain, products: 0, checks: 0, score: "–", rows: [line]))
            }
        }
        domains = grouped.map { group in
            var group = group
            let total = group.rows.reduce(0) { $0 + $1.totalChecks }
            let passed = group.rows.reduce(0) { $0 + $1.passedChecks }
            group.products = group.rows.count
            group.checks = total
            group.score = total == 0 ? "–" : String(format: "%.4f", Double(passed) / Double(total))
            return group
        }
    }
}
