import DCLApplication
import DCLDomain
import DCLODCS
import HTTPTypes
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
        let page: @Sendable (any LedgerQueries) async throws -> ResponseCache.Body = { queries in
            let slice = try await queries.catalogPage(filter, limit: limit, offset: offset)
            return ResponseCache.Body(bytes: try JSONResponse.bytes(CatalogPage(items: slice.entries, total: slice.total, limit: limit, offset: offset)),
                                      contentType: "application/json")
        }
        return try await answer(.catalog(filter, limit: limit, offset: offset), asOf: try RequestInput.asOf(request), page)
    }

    /// `GET /api/contracts/{id}?version=&asOf=`; `Accept: application/yaml` for the ODCS document.
    func show(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let id = try RequestInput.contractID(context)
        let wanted = try RequestInput.version(request, "version")
        let yaml = RequestInput.wantsYAML(request)
        let render: @Sendable (any LedgerQueries) async throws -> ResponseCache.Body = { queries in
            guard let model = try await queries.contract(id) else { throw APIProblem.notFound("no contract '\(id)' in the ledger") }
            let record = try Self.record(of: model.state, version: wanted)
            if yaml {
                return ResponseCache.Body(bytes: ByteBuffer(string: ODCSWriter.yaml(for: record.document ?? ODCSWriter.document(for: record.contract))),
                                          contentType: "application/yaml")
            }
            return ResponseCache.Body(bytes: try JSONResponse.bytes(ContractDocument(state: model.state, record: record, quality: model.quality)),
                                      contentType: "application/json")
        }
        return try await answer(.contract(id, version: wanted, yaml: yaml), asOf: try RequestInput.asOf(request), render)
    }

    /// A 200 with the body `render` makes. A current read's body comes from `ResponseCache` while
    /// the log has not moved since it was rendered, and is kept there when it is new (rendered once
    /// for all the requests that miss it together); a read
    /// `asOf` a time is rendered each time. Errors (thrown problems) are never kept.
    private func answer(_ key: ResponseCache.Key, asOf: Timestamp?,
                        _ render: @escaping @Sendable (any LedgerQueries) async throws -> ResponseCache.Body) async throws -> Response {
        if let asOf {
            return ResponseCache.response(try await ports.reads.withQueries(asOf: asOf, render))
        }
        let responses = ports.responses
        return try await ports.reads.withCurrentQueries { queries, end in
            if let hit = responses.body(for: key, at: end) { return ResponseCache.response(hit) }
            return ResponseCache.response(try await responses.answer(for: key, at: end) { try await render(queries) })
        }
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

    /// `GET /api/dashboard/quality?domain=&all=&limit=&offset=&asOf=`: every product's row, or with
    /// `limit` or `offset` one page of them and the count of all in `X-Total-Count`.
    func qualityDashboard(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let domain = RequestInput.query(request, "domain")
        let all = try RequestInput.flag(request, "all")
        let paged = RequestInput.query(request, "limit") != nil || RequestInput.query(request, "offset") != nil
        let limit = try RequestInput.integer(request, "limit", default: Int(Int32.max), range: 1...Int(Int32.max))
        let offset = try RequestInput.integer(request, "offset", default: 0, range: 0...Int(Int32.max))
        let asOf = try RequestInput.asOf(request)
        guard paged else {
            let rows = try await ports.reads.withQueries(asOf: asOf) { try await $0.qualityDashboard(domain: domain, includeInactive: all) }
            return try JSONResponse.make(rows)
        }
        let page = try await ports.reads.withQueries(asOf: asOf) {
            try await $0.qualityDashboardPage(domain: domain, includeInactive: all, limit: limit, offset: offset)
        }
        var response = try JSONResponse.make(page.rows)
        if let total = HTTPField.Name("X-Total-Count") { response.headers[total] = String(page.total) }
        return response
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
