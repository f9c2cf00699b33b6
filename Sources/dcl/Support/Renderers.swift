import DCLApplication
import DCLDomain

/// Text forms of the catalog and a history, shared by `list`, `history` and `demo`.
enum Renderers {
    static func catalog(_ entries: [CatalogEntry]) -> String {
        guard !entries.isEmpty else { return "(no contracts)" }
        let rows = entries.map { entry in
            [entry.domain, entry.product, entry.contractId, entry.version, entry.status, entry.owner,
             "\(entry.slaHours)h/\(entry.freshnessSla)",
             entry.qualityScore.map { "\($0) (\(entry.passedChecks)/\(entry.totalChecks))" } ?? "-"]
        }
        return Output.table(["DOMAIN", "PRODUCT", "CONTRACT", "VERSION", "STATUS", "OWNER", "SLA", "QUALITY"], rows)
    }

    static func history(_ entries: [HistoryEntry]) -> String {
        guard !entries.isEmpty else { return "(no events)" }
        var lines: [String] = []
        for entry in entries {
            let marker = entry.outcome == "accepted" ? "" : " [\(entry.outcome.uppercased()): \(entry.reason ?? "")]"
            lines.append("\(entry.recordedAt)  \(entry.stream.split(separator: "/").first ?? "")#\(entry.sequence)  \(entry.type)  \(entry.version ?? "-")  by \(entry.actor)\(marker)")
            if let changes = entry.changes, !changes.isEmpty {
                for change in changes { lines.append("      \(change)") }
            } else {
                lines.append("      \(entry.summary)")
            }
        }
        return lines.joined(separator: "\n")
    }
}
