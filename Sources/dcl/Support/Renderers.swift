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
            // Every recorded text is escaped: one entry can never print as two (see `TerminalText`).
            let safe = TerminalText.escaped
            lines.append(safe("\(entry.recordedAt)  \(entry.stream.split(separator: "/").first ?? "")#\(entry.sequence)  \(entry.type)  \(entry.version ?? "-")  by \(entry.actor)\(marker)"))
            if let changes = entry.changes, !changes.isEmpty {
                for change in changes { lines.append("      " + safe("\(change)")) }
            } else {
                lines.append("      " + safe(entry.summary))
            }
        }
        return lines.joined(separator: "\n")
    }
}
