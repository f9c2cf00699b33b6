import DCLApplication
import DCLDomain
import Foundation

/// The `dcl quality run` use case: plan the checks of the contract version in force, measure them
/// on the source, decide which pass, and record every result as one batch (`recordQualityRun`).
/// A source that cannot be read fails before anything is recorded.
///
/// ```swift
/// let runner = QualityRunner(service: LedgerService(log: log))
/// let report = try await runner.run(.init(contractId: id, version: nil, source: "orders.csv", objects: [:],
///                                         actor: "ci", observedAt: now))
/// ```
public struct QualityRunner: Sendable {
    public struct Request: Sendable {
        public var contractId: ContractID
        public var version: SemanticVersion?
        public var source: String
        /// Object name → file or table.
        public var objects: [String: String]
        public var actor: String
        public var observedAt: Timestamp
        public var runId: String

        public init(contractId: ContractID, version: SemanticVersion?, source: String, objects: [String: String], actor: String,
                    observedAt: Timestamp, runId: String = UUID().uuidString.lowercased()) {
            self.contractId = contractId
            self.version = version
            self.source = source
            self.objects = objects
            self.actor = actor
            self.observedAt = observedAt
            self.runId = runId
        }
    }

    public let service: LedgerService

    public init(service: LedgerService) { self.service = service }

    /// Throws `QualitySourceError` or `QualityPlanError` (bad input: nothing recorded) and
    /// `LedgerServiceError` (an unknown contract or version: rejected).
    public func run(_ request: Request) async throws -> QualityRunReport {
        let snapshot = try await service.contractSnapshot(request.contractId)
        guard let state = snapshot.state.contracts[request.contractId] else {
            throw LedgerServiceError.rejected(LedgerRejection(.unknownContract, "no contract '\(request.contractId)' in the ledger"))
        }
        let version = request.version ?? state.latestVersion
        guard let record = state.version(version) else {
            throw LedgerServiceError.rejected(LedgerRejection(
                .invalidArgument, "contract '\(request.contractId)' has no version \(version); its versions are: "
                    + state.versions.map(\.contract.version.description).joined(separator: ", ")))
        }
        let plan = try QualityPlanner.plan(contract: record.contract, document: record.document)
        let names = Set(plan.objects.map(\.object))
        if let unknown = request.objects.keys.sorted().first(where: { !names.contains($0) }) {
            throw QualitySourceError("--object \(unknown)=…: version \(version) has no object '\(unknown)'; its objects: "
                + plan.objects.map(\.object).joined(separator: ", "))
        }
        let source = try QualitySourceLocation(parsing: request.source).open(objects: request.objects)

        var objects: [QualityRunReport.ObjectRead] = []
        var lines: [QualityRunReport.Line] = []
        var notRun = plan.skipped
        for object in plan.objects where !object.checks.isEmpty {
            let measured = try await source.measure(object)
            objects.append(.init(object: object.object, location: measured.location, rowsScanned: measured.rowsScanned,
                                 fingerprint: measured.fingerprint))
            for check in object.checks {
                guard let value = measured.values[check.rule] else {
                    notRun.append(.init(rule: check.rule, reason: measured.unmeasured[check.rule] ?? "not measured by this source"))
                    continue
                }
                let result = QualityRunEvaluator.result(for: check, measured: value, rows: measured.rowsScanned,
                                                        fingerprint: measured.fingerprint, observedAt: request.observedAt)
                lines.append(.init(object: object.object, metric: check.metric.name, origin: check.origin, result: result))
            }
        }
        guard !lines.isEmpty else {
            throw QualitySourceError("version \(version) of '\(request.contractId)' has no check this source can run"
                + (notRun.isEmpty ? "" : ": " + notRun.map { "\($0.rule) (\($0.reason))" }.joined(separator: "; ")))
        }
        let run = QualityRun(contractId: request.contractId, version: version, runId: request.runId, observedAt: request.observedAt,
                             origin: "dcl:\(source.kind)", results: lines.map(\.result))
        try await service.execute([.recordQualityRun(run)], actor: request.actor, occurredAt: request.observedAt)
        return QualityRunReport(run: run, version: version, objects: objects, lines: lines, notRun: notRun)
    }
}
