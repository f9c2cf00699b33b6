import DCLApplication
import DCLEventLog

/// The application's ports the HTTP layer calls: the command port (`LedgerService.execute`) for
/// writes, the query port (`ReadSide`, over `LedgerQueries`) for reads.
///
/// ```swift
/// let log = try SQLiteEventLog(path: ".dcl/ledger.db")
/// let ports = LedgerPorts(commands: LedgerService(log: log),
///                         reads: ProjectedReadSide(log: log, store: try ReadModelStore(path: ".dcl/readmodels.db")))
/// let router = buildRouter(ports: ports)
/// ```
public struct LedgerPorts: Sendable {
    public var commands: LedgerService
    public var reads: any ReadSide
    /// The actor recorded for writes that do not name one (`DCL-Actor` header).
    public var defaultActor: String
    /// `/readyz` answers 200 while the read models are at most this many events behind the log.
    public var readinessMaxLag: Int64
    /// Who may read and write (by default: writes need a token of the domain, reads are open).
    public var access: AccessPolicy
    /// What `/metrics` reports.
    public var metrics: ServerMetrics
    /// Rendered answers to the hottest reads, kept until the log moves.
    public var responses: ResponseCache
    /// The log audits read (`GET /api/audit/verify`, `/ui/audit`): the command port's log unless
    /// given. On Kafka the serve command passes a second client, so that an audit's pass from the
    /// beginning does not take the partition reader the server's projector streams with.
    public var auditLog: any EventLog

    public init(commands: LedgerService, reads: any ReadSide, defaultActor: String = "http", readinessMaxLag: Int64 = 1000,
                access: AccessPolicy = AccessPolicy(), metrics: ServerMetrics = ServerMetrics(),
                responses: ResponseCache = ResponseCache(), auditLog: (any EventLog)? = nil) {
        self.commands = commands
        self.reads = reads
        self.defaultActor = defaultActor
        self.readinessMaxLag = readinessMaxLag
        self.access = access
        self.metrics = metrics
        self.responses = responses
        self.auditLog = auditLog ?? commands.log
    }
}
