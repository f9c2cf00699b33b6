import DCLApplication
import DCLDomain

extension ReadModelRows {
    /// A changelog record pair from a contract's stored catalog entry and quality counts, as both
    /// stores read them: the quality summary with its freshness (the latest observation plus the
    /// freshness SLA), and no catalog entry (a tombstone) once the contract is retired.
    ///
    /// ```swift
    /// let change = ReadModelRows.changelogEntry(entry, status: "active", totalChecks: 2, passedChecks: 1, onTimeChecks: 2,
    ///                                           lastChecked: "2026-11-02T00:00:00.000Z", freshnessSla: "1d", freshnessSeconds: 86_400)
    /// change.quality.freshUntil   // "2026-11-03T00:00:00.000Z"
    /// ```
    public static func changelogEntry(_ entry: CatalogEntry, status: String, totalChecks: Int, passedChecks: Int, onTimeChecks: Int,
                                      lastChecked: String?, freshnessSla: String, freshnessSeconds: Int64) -> ChangelogEntry {
        let freshUntil = lastChecked.flatMap { Timestamp(iso8601: $0) }.map {
            Timestamp(millisecondsSinceEpoch: $0.millisecondsSinceEpoch + freshnessSeconds * 1000).iso8601
        }
        let quality = QualityChangelogValue(
            contractId: entry.contractId, totalChecks: totalChecks, passedChecks: passedChecks, qualityScore: entry.qualityScore,
            slaAdherence: ReadModelStore.ratio(onTimeChecks, totalChecks), lastChecked: lastChecked, freshnessSla: freshnessSla,
            freshUntil: freshUntil)
        return ChangelogEntry(contractId: entry.contractId, catalog: status == ContractStatus.retired.rawValue ? nil : entry, quality: quality)
    }
}
