import DCLApplication
import DCLEventLog
import Hummingbird

/// Liveness, readiness, the projectors' standing and the audit.
struct OperationsRoutes: Sendable {
    let ports: LedgerPorts

    /// `GET /healthz`: the process answers.
    func health(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        ResponseCache.response(try Self.healthy.get())
    }

    /// The liveness answer, rendered once: it never changes.
    private static let healthy = Result { ResponseCache.Body(bytes: try JSONResponse.bytes(Readiness(status: "ok")), contentType: "application/json") }

    /// `GET /readyz`: 200 while every projector is within `readinessMaxLag` events of the log's end, else 503.
    func ready(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let status = try await ports.reads.projectionStatus()
        let logEnd = status.map(\.logEnd).max() ?? 0
        let position = status.map(\.position).min() ?? 0
        let lag = logEnd - position
        let ready = lag <= ports.readinessMaxLag
        return try JSONResponse.make(Readiness(status: ready ? "ready" : "catching-up", logEnd: logEnd, position: position,
                                               lag: lag, maxLag: ports.readinessMaxLag),
                                     status: ready ? .ok : .serviceUnavailable)
    }

    /// `GET /metrics`: Prometheus text format; the projector gauges are read at scrape time.
    func metrics(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        ports.metrics.updateProjectors(try await ports.reads.projectionStatus())
        return JSONResponse.text(ports.metrics.registry.emitToString(), contentType: "text/plain; version=0.0.4; charset=utf-8")
    }

    /// `GET /api/projections/status`
    func projections(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        try JSONResponse.make(try await ports.reads.projectionStatus())
    }

    /// `GET /api/audit/verify`: recomputes every hash and chain. 200 with `intact` either way: a
    /// tampered ledger is a finding, not a failure of the request.
    func auditVerify(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        // Partition by partition, a batch at a time, through the audits' own reader (`auditLog`).
        try JSONResponse.make(AuditReport(try await AuditVerifier.verify(ports.auditLog)))
    }
}
