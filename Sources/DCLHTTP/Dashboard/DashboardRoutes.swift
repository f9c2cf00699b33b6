import DCLApplication
import DCLDomain
import DCLEventLog
import Foundation
import HTTPTypes
import Hummingbird
import Mustache

/// The web dashboard: server-rendered HTML pages over the same query port as the JSON API
/// (`ReadSide`/`LedgerQueries`), each taking `?asOf=`. Handlers parse, ask the port, fill a page
/// model and render its Mustache template; a failure renders the problem as an HTML page with the
/// problem's status.
struct DashboardRoutes: Sendable {
    let ports: LedgerPorts

    /// No script may run and nothing may load from elsewhere: contract text is hostile input, and
    /// escaping is then not the only line of defence.
    static let contentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

    /// `GET /`: the dashboard's front page is the catalog.
    func home(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        Response(status: .found, headers: [.location: "/ui"])
    }

    /// `GET /ui?q=&domain=&owner=&tag=&field=&status=&offset=&asOf=`: the catalog and its search.
    func catalog(_ request: Request, _ context: BasicRequestContext) async -> Response {
        await page(request, context) { asOf, asOfText in
            let filter = CatalogFilter(text: RequestInput.query(request, "q"), domain: RequestInput.query(request, "domain"),
                                       owner: RequestInput.query(request, "owner"), tag: RequestInput.query(request, "tag"),
                                       field: RequestInput.query(request, "field"), status: try RequestInput.status(request))
            let offset = try RequestInput.integer(request, "offset", default: 0, range: 0...Int(Int32.max))
            let slice = try await ports.reads.withQueries(asOf: asOf) {
                try await $0.catalogPage(filter, limit: CatalogPageModel.pageSize, offset: offset)
            }
            return Self.render("catalog", CatalogPageModel(filter: filter, slice: slice, offset: offset, asOf: asOfText))
        }
    }

    /// `GET /ui/contracts/{id}?version=&from=&to=&asOf=`: one contract; the diff compares `from`
    /// and `to` (by default the latest version and the one before it).
    func contract(_ request: Request, _ context: BasicRequestContext) async -> Response {
        await page(request, context) { asOf, asOfText in
            let id = try RequestInput.contractID(context)
            let wanted = try RequestInput.version(request, "version")
            let from = try RequestInput.version(request, "from")
            let to = try RequestInput.version(request, "to")
            let (found, results, timeline, runs, latestRun) = try await ports.reads.withQueries(asOf: asOf) { queries in
                (try await queries.contract(id), try await queries.qualityResults(of: id), try await queries.timeline(of: id),
                 try await queries.qualityRuns(of: id), try await queries.latestQualityRun(of: id))
            }
            guard let model = found else { throw APIProblem.notFound("no contract '\(id)' in the ledger") }
            let state = model.state
            let shown = try ContractReadRoutes.record(of: state, version: wanted)
            var diffFrom: ContractVersionRecord?
            var diffTo: ContractVersionRecord?
            if state.versions.count > 1 || from != nil || to != nil {
                let newer = try ContractReadRoutes.record(of: state, version: to, parameter: "to")
                diffTo = newer
                if let from {
                    diffFrom = try ContractReadRoutes.record(of: state, version: from, parameter: "from")
                } else {
                    // The version before `to`, or `to` itself when it is the first.
                    let index = state.versions.firstIndex { $0.contract.version == newer.contract.version } ?? 0
                    diffFrom = state.versions[max(0, index - 1)]
                }
            }
            return Self.render("contract", ContractPageModel(model: model, shown: shown, diffFrom: diffFrom, diffTo: diffTo,
                                                             results: results, timeline: timeline, runs: runs, latestRun: latestRun,
                                                             asOf: asOfText))
        }
    }

    /// `GET /ui/quality?domain=&all=&asOf=`: the seed's quality dashboard, per domain.
    func quality(_ request: Request, _ context: BasicRequestContext) async -> Response {
        await page(request, context) { asOf, asOfText in
            let domain = RequestInput.query(request, "domain")
            let all = try RequestInput.flag(request, "all")
            let rows = try await ports.reads.withQueries(asOf: asOf) { try await $0.qualityDashboard(domain: domain, includeInactive: all) }
            return Self.render("quality", QualityPageModel(rows: rows, domain: domain, all: all, asOf: asOfText))
        }
    }

    /// `GET /ui/audit?asOf=`: every hash and chain of the events recorded up to then, and the projectors.
    func audit(_ request: Request, _ context: BasicRequestContext) async -> Response {
        await page(request, context) { asOf, asOfText in
            // Each stream up to its first event recorded after then, so every chain checked is whole
            // (writers' clocks differ: a later sequence can carry an earlier time), read as
            // `GET /api/audit/verify` reads them.
            var cut = Set<StreamID>()
            let report = try await AuditVerifier.verify(ports.auditLog, include: { stored in
                guard let asOf else { return true }
                if cut.contains(stored.envelope.stream) { return false }
                if stored.envelope.recordedAt <= asOf { return true }
                cut.insert(stored.envelope.stream)
                return false
            })
            let projectors = try await ports.reads.projectionStatus()
            return Self.render("audit", AuditPageModel(report: report, projectors: projectors, asOf: asOfText))
        }
    }

    /// Runs `build` with the request's `asOf` (parsed and as written), and answers its page as
    /// HTML, or the problem it threw as an HTML error page with the problem's status.
    private func page(_ request: Request, _ context: BasicRequestContext,
                      _ build: (_ asOf: Timestamp?, _ asOfText: String?) async throws -> String) async -> Response {
        var asOfText: String?
        do {
            let asOf = try RequestInput.asOf(request)
            asOfText = asOf == nil ? nil : RequestInput.query(request, "asOf")
            return Self.html(try await build(asOf, asOfText), status: .ok)
        } catch {
            let problem = APIProblem.from(error)
            if problem.status.code >= 500 {
                context.logger.error("page failed", metadata: ["path": "\(request.uri.path)", "problem": "\(problem.slug)",
                                                               "detail": "\(problem.detail)"])
            }
            return Self.html(Self.render("error", ErrorPageModel(problem: problem, asOf: asOfText)), status: problem.status)
        }
    }

    static func render(_ template: String, _ model: some Sendable) -> String {
        DashboardTemplates.library.render(model, withTemplate: template) ?? ""
    }

    static func html(_ text: String, status: HTTPResponse.Status) -> Response {
        var headers: HTTPFields = [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"]
        if let policy = HTTPField.Name("Content-Security-Policy") { headers[policy] = contentSecurityPolicy }
        if let sniffing = HTTPField.Name("X-Content-Type-Options") { headers[sniffing] = "nosniff" }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
