import DCLApplication
import DCLDomain
import Foundation

/// The `dcl quality import` use case: read dbt, Great Expectations or Soda results, map them onto
/// the contract's rules and record the mapped ones as one run (`origin` dbt, gx or soda). Results
/// that map onto no rule are reported, not recorded; a file with none that maps records nothing.
///
/// ```swift
/// let report = try await QualityImporter(service: service).importResults(
///     format: .dbt, text: try String(contentsOfFile: "target/run_results.json"), contractId: id, actor: "ci", now: now)
/// ```
public struct QualityImporter: Sendable {
    public enum Format: String, Sendable, CaseIterable {
        case dbt, gx, soda
    }

    public struct Report: Sendable {
        public var run: QualityRun
        public var mapped: [ExternalResultMapper.Mapped]
        public var unmapped: [ExternalResultMapper.Unmapped]
    }

    public let service: LedgerService

    public init(service: LedgerService) { self.service = service }

    public func importResults(format: Format, text: String, contractId: ContractID, actor: String,
                              now: Timestamp) async throws -> Report {
        let results: ExternalResults
        switch format {
        case .dbt: results = try DBTRunResults.read(text)
        case .gx: results = try GXValidationResult.read(text)
        case .soda: results = try SodaScanResult.read(text)
        }
        let snapshot = try await service.contractSnapshot(contractId)
        guard let state = snapshot.state.contracts[contractId] else {
            throw LedgerServiceError.rejected(LedgerRejection(.unknownContract, "no contract '\(contractId)' in the ledger"))
        }
        let (mapped, unmapped) = ExternalResultMapper.map(results.results, onto: state.latest.quality)
        guard !mapped.isEmpty else {
            throw ExternalResultsError("none of the \(results.results.count) results maps onto a rule of '\(contractId)' "
                + "\(state.latestVersion) (its rules: \(state.latest.quality.map(\.name).joined(separator: ", ")))"
                + (unmapped.isEmpty ? "" : ":\n" + unmapped.map { "  \($0.result.name): \($0.reason)" }.joined(separator: "\n")))
        }
        // A time in the file's future is the other machine's clock; the import's own time is used then.
        let observedAt = results.observedAt.flatMap { ObservationClock.isPlausible(observedAt: $0, recordedAt: now) ? $0 : nil } ?? now
        let run = QualityRun(
            contractId: contractId, version: nil, runId: results.runId ?? UUID().uuidString.lowercased(), observedAt: observedAt,
            origin: results.tool,
            results: mapped.map { item in
                QualityRun.Result(rule: item.rule.name, passed: item.result.passed!, value: item.result.value,
                                  threshold: "\(results.tool) verdict on \(item.result.name)", rowsScanned: item.result.rowsScanned,
                                  fingerprint: nil)
            })
        try await service.execute([.recordQualityRun(run)], actor: actor, occurredAt: observedAt)
        return Report(run: run, mapped: mapped, unmapped: unmapped)
    }
}
