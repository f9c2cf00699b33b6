import DCLApplication
import Hummingbird
import Logging

/// The API's routes over the ledger's ports (see docs/http-api.md and docs/openapi.yaml).
///
/// ```swift
/// let router = buildRouter(ports: ports)
/// let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 8080)))
/// try await app.runService()
/// ```
public func buildRouter(ports: LedgerPorts) -> Router<BasicRequestContext> {
    let router = Router(context: BasicRequestContext.self)
    router.add(middleware: RequestMetricsMiddleware(metrics: ports.metrics))
    router.add(middleware: ProblemMiddleware())
    router.add(middleware: ReadAccessMiddleware(gate: TokenGate(ports: ports)))
    let operations = OperationsRoutes(ports: ports)
    let reads = ContractReadRoutes(ports: ports)
    let writes = ContractWriteRoutes(ports: ports)

    router.get("/healthz", use: operations.health)
    router.get("/readyz", use: operations.ready)
    router.get("/api/projections/status", use: operations.projections)
    router.get("/api/audit/verify", use: operations.auditVerify)
    router.get("/metrics", use: operations.metrics)

    router.get("/api/contracts", use: reads.list)
    router.post("/api/contracts", use: writes.publish)
    router.post("/api/contracts/check", use: writes.check)
    router.get("/api/contracts/{id}", use: reads.show)
    router.get("/api/contracts/{id}/versions", use: reads.versions)
    router.get("/api/contracts/{id}/diff", use: reads.diff)
    router.get("/api/contracts/{id}/history", use: reads.history)
    router.post("/api/contracts/{id}/deprecate", use: writes.deprecate)
    router.post("/api/contracts/{id}/reactivate", use: writes.reactivate)
    router.post("/api/contracts/{id}/retire", use: writes.retire)
    router.post("/api/contracts/{id}/transfer", use: writes.transfer)
    router.post("/api/contracts/{id}/quality", use: writes.recordQuality)
    router.get("/api/contracts/{id}/quality/runs", use: reads.qualityRuns)
    router.get("/api/contracts/{id}/quality/runs/{runId}", use: reads.qualityRun)
    router.post("/api/quality", use: writes.recordQualityBatch)
    router.put("/api/config/compatibility", use: writes.configureCompatibility)
    router.get("/api/dashboard/quality", use: reads.qualityDashboard)

    let governance = GovernanceRoutes(ports: ports)
    router.get("/api/mesh/metrics", use: governance.meshMetrics)
    router.get("/api/mesh/maturity", use: governance.meshMaturity)
    router.get("/api/policies/compliance", use: governance.compliance)
    router.get("/api/notifications", use: governance.notifications)

    let registry = SchemaRegistryRoutes(ports: ports)
    router.get("/subjects", use: registry.subjects)
    router.post("/subjects/{subject}", use: registry.lookup)
    router.get("/subjects/{subject}/versions", use: registry.versions)
    router.get("/subjects/{subject}/versions/{version}", use: registry.version)
    router.get("/schemas/ids/{id}", use: registry.schemaByID)
    router.post("/compatibility/subjects/{subject}/versions/{version}", use: registry.compatibility)
    router.get("/config/{subject}", use: registry.config)
    router.put("/config/{subject}", use: registry.setConfig)

    let dashboard = DashboardRoutes(ports: ports)
    router.get("/", use: dashboard.home)
    router.get("/ui", use: dashboard.catalog)
    router.get("/ui/contracts/{id}", use: dashboard.contract)
    router.get("/ui/quality", use: dashboard.quality)
    router.get("/ui/audit", use: dashboard.audit)
    return router
}

/// The server as a `ServiceLifecycle` service: the API on `host:port`. `onServerRunning` gets the
/// bound port (useful with port 0).
///
/// ```swift
/// let app = buildApplication(ports: ports, host: "127.0.0.1", port: 8080)
/// try await ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [.sigterm], logger: logger)).run()
/// ```
public func buildApplication(ports: LedgerPorts, host: String, port: Int, logger: Logger = Logger(label: "dcl.http"),
                             onServerRunning: @escaping @Sendable (_ port: Int) async -> Void = { _ in }) -> some ApplicationProtocol {
    var logger = logger
    logger.handler.metadataProvider = RequestIDs.metadataProvider(after: logger.handler.metadataProvider)
    return Application(router: buildRouter(ports: ports),
                configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "dcl"),
                onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) },
                logger: logger)
}
