import DCLApplication
import DCLDomain
import DCLODCS
import Hummingbird

/// Read routes over the query port: each parses the request, asks `ReadSide`, renders JSON (or ODCS
/// YAML). Every read takes `?asOf=`.
struct ContractReadRoutes: Sendable {
    let ports: LedgerPorts

    /// `GET /api/contracts?q=&domain=&owner=&tag=&field=&status=&limit=&offset=&asOf=`
    func list(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let filter = CatalogFilter(text: RequestInput.query(request, "q"), domain: RequestInput.query(request, "domain"),
                                   owner: RequestInput.query(request, "owner"), tag: RequestInput.query(request, "tag"),
                                   field: RequestInput.query(request, "field"), status: try RequestInput.status(request))
        let limit = try RequestInput.integer(request, "limit", default: 50, range: 1...1000)
        let offset = try RequestInput.integer(request, "offset", default: 0, range: 0...Int(Int32.max))
        let entries = try await ports.reads.withQueries(asOf: try RequestInput.asOf(request)) { try await $0.catalog(filter) }
        let page = Array(entries.dropFirst(offset).prefix(limit))
        return try JSONResponse.make(CatalogPage(items: page, total: entries.count, limit: limit, offset: offset))
    }

    /// `GET /api/contracts/{id}?version=&asOf=`; `Accept: application/yaml` for the ODCS document.
    func show(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let id = try RequestInput.contractID(context)
        let wanted = try RequestInput.version(request, "version")
        guard let model = try await ports.reads.withQueries(asOf: try RequestInput.asOf(request), { try await $0.contract(id) }) else {
            throw APIProblem.notFound("no contract '\(id)' in the ledger")
        }
        let record = try Self.record(of: model.state, version: wanted)
        if RequestInput.wantsYAML(request) {
            return JSONResponse.text(ODCSWriter.yaml(for: record.document ?? ODCSWriter.document(for: record.contract)),
                                     contentType: "application/yaml")
        }
        return try JSONResponse.make(ContractDocument(state: model.state, record: record, quality: model.quality))
    }

    /// `GET /api/contracts/{id}/versions?asOf=`
    func versions(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let id = try RequestInput.contractID(context)
        let versions = try await ports.reads.withQueries(asOf: try RequestInput.asOf(request)) { try await $0.versions(of: id) }
        guard !versions.isEmpty else { throw APIProblem.notFound("no contract '\(id)' in the ledger") }
        var latest: [String: String] = [:]
        for version in versions { latest[String(version.major)] = version.version }
        return try JSONResponse.make(VersionList(contractId: id.rawValue, versions: versions, latestPerMajor: latest))
    }

    /// `GET /api/contracts/{id}/diff?from=&to=&asOf=`: `to` defaults to the latest version.
    func diff(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let id = try RequestInput.contractID(context)
        guard let from = try RequestInput.version(request, "from") else { throw APIProblem.badParameter("from", "is required (a version)") }
        let to = try RequestInput.version(request, "to")
        guard let model = try await ports.reads.withQueries(asOf: try RequestInput.asOf(request), { try await $0.contract(id) }) else {
            throw APIProblem.notFound("no contract '\(id)' in the ledger")
        }
        let old = try Self.record(of: model.state, version: from, parameter: "from")
        let new = try Self.record(of: model.state, version: to, parameter: "to")
        return try JSONResponse.make(VersionDiff(contractId: id.rawValue, from: old.contract.version.description,
                                                 to: new.contract.version.description,
                                                 changes: ContractDiff.changes(from: old.contract, to: new.contract)))
    }

    /// `GET /api/contracts/{id}/history?asOf=`: every event of the contract, accepted or not.
    func history(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let id = try RequestInput.contractID(context)
        let entries = try await ports.reads.withQueries(asOf: try RequestInput.asOf(request)) { try await $0.timeline(of: id) }
        guard !entries.isEmpty else { throw APIProblem.notFound("no events for '\(id)'") }
        return try JSONResponse.make(entries)
    }

    /// `GET /api/contracts/{id}/quality/runs?asOf=`: the contract's quality runs, newest first.
    func qualityRuns(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let id = try RequestInput.contractID(context)
        let (known, runs) = try await ports.reads.withQueries(asOf: try RequestInput.asOf(request)) { queries in
            (try await queries.contract(id) != nil, try await queries.qualityRuns(of: id))
        }
        guard known else { throw APIProblem.notFound("no contract '\(id)' in the ledger") }
        return try JSONResponse.make(QualityRunList(contractId: id.rawValue, runs: runs))
    }

    /// `GET /api/contracts/{id}/quality/runs/{runId}?asOf=`: one run with its results.
    func qualityRun(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let id = try RequestInput.contractID(context)
        let raw = context.parameters.get("runId") ?? ""
        guard let runId = raw.removingPercentEncoding, !runId.isEmpty else { throw APIProblem.badParameter("runId", "is required") }
        let (known, run) = try await ports.reads.withQueries(asOf: try RequestInput.asOf(request)) { queries in
            (try await queries.contract(id) != nil, try await queries.qualityRun(of: id, runId: runId))
        }
        guard known else { throw APIProblem.notFound("no contract '\(id)' in the ledger") }
        guard let run else { throw APIProblem.notFound("contract '\(id)' has no quality run '\(runId)'") }
        return try JSONResponse.make(run)
    }

    /// `GET /api/dashboard/quality?domain=&all=&asOf=`
    func qualityDashboard(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let domain = RequestInput.query(request, "domain")
        let all = try RequestInput.flag(request, "all")
        let rows = try await ports.reads.withQueries(asOf: try RequestInput.asOf(request)) {
            try await $0.qualityDashboard(domain: domain, includeInactive: all)
        }
        return try JSONResponse.make(rows)
    }

    /// One version of a contract (the latest when `version` is nil), or a 404 naming the versions it has.
    static func record(of state: ContractState, version: SemanticVersion?, parameter: String = "version") throws -> ContractVersionRecord {
        guard let version else { return state.versions[state.versions.count - 1] }
        guard let found = state.version(version) else {
            throw APIProblem(status: .notFound, slug: "unknown-version", title: "Not found",
                             detail: "'\(state.id)' has no version \(version); versions: \(state.versions.map { $0.contract.version.description }.joined(separator: ", "))",
                             extensions: ["parameter": parameter])
        }
        return found
    }
}
