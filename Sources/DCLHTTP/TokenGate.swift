import DCLApplication
import DCLDomain
import Hummingbird
import Logging

/// Checks the bearer token of a request against the ledger's tokens and decides what it may write.
/// Secrets are compared by hash and never logged; a refusal is logged with the token's id and name.
struct TokenGate: Sendable {
    let ports: LedgerPorts

    /// The live token a request presents, nil when it presents none; 401 when it presents one that
    /// is malformed, unknown or revoked.
    func token(of request: Request) async throws -> APITokenState? {
        guard let id = try Self.presentedTokenId(request) else { return nil }
        return try Self.liveToken(id, request, in: try await ports.commands.tokens())
    }

    /// The actor to record for a write touching `domains` (nil: a mesh-wide write, admin tokens only),
    /// or a 401/403 problem. The token's name is the actor; with open writes and no token, the
    /// `DCL-Actor` header or the server's default.
    func authorizeWrite(_ request: Request, context: some RequestContext, domains: [DomainName]?) async throws -> String {
        try await authorizeWrite(request, context: context, contracts: []) { _ in domains }
    }

    /// As `authorizeWrite(_:context:domains:)` for a write on `contracts`: `domains` gets the domains
    /// they are in now (nil when one has none; a contract the ledger does not have adds nothing, its
    /// command fails on its own, recording nothing) and returns the domains the write touches.
    /// The tokens and the contracts' domains come from one read of the log by the command port, not
    /// through the read side, so a write does not wait for the read models to catch up with the
    /// writes before it.
    func authorizeWrite(_ request: Request, context: some RequestContext, contracts: [ContractID],
                        domains: ([DomainName]?) -> [DomainName]? = { $0 }) async throws -> String {
        guard let id = try Self.presentedTokenId(request) else { return try tokenlessActor(request) }
        let access = try await ports.commands.writeAccess(contracts: contracts)
        return try check(id, request, context: context, access: access, domains: domains)
    }

    /// Executes `commands` (a write on `contracts`) through the command port, authorized as
    /// `authorizeWrite(_:context:contracts:domains:)` authorizes: the token check is decided on the
    /// tokens and domains read in the same read of the log as the streams the commands decide on,
    /// so a write costs one read of the log before its append. A refusal records nothing.
    func execute(_ commands: [LedgerCommand], _ request: Request, context: some RequestContext, contracts: [ContractID],
                 occurredAt: Timestamp? = nil, domains: ([DomainName]?) -> [DomainName]? = { $0 }) async throws -> CommandOutcome {
        guard let id = try Self.presentedTokenId(request) else {
            return try await ports.commands.execute(commands, actor: try tokenlessActor(request), occurredAt: occurredAt)
        }
        return try await ports.commands.execute(commands, occurredAt: occurredAt, authorizing: contracts) { access in
            try check(id, request, context: context, access: access, domains: domains)
        }
    }

    /// The actor of a write without a token: with open writes the `DCL-Actor` header or the
    /// server's default; otherwise 401.
    private func tokenlessActor(_ request: Request) throws -> String {
        if ports.access.openWrites { return RequestInput.actor(request, default: ports.defaultActor) }
        throw Self.unauthorized("writes need an API token (dcl token create --domain D): send 'Authorization: Bearer <token secret>'")
    }

    /// The token's name when token `id`, presented by the request, may write in the domains
    /// `domains` makes of the contracts' current ones (all of them for an admin token); 401/403
    /// otherwise, a refusal logged with the token's id and name (never its secret).
    private func check(_ id: String, _ request: Request, context: some RequestContext, access: WriteAccess,
                       domains: ([DomainName]?) -> [DomainName]?) throws -> String {
        let token = try Self.liveToken(id, request, in: access.tokens)
        if token.admin { return token.name }
        guard let domains = domains(access.domains) else {
            context.logger.warning("write refused", metadata: ["token": "\(token.tokenId)", "tokenName": "\(token.name)",
                                                               "scope": "mesh-wide", "path": "\(request.uri.path)"])
            throw APIProblem(status: .forbidden, slug: "forbidden", title: "Forbidden",
                             detail: "token '\(token.name)' may write only in \(token.domains.joined(separator: ", ")); a mesh-wide setting needs an admin token",
                             extensions: ["token": token.name])
        }
        if let outside = domains.first(where: { !token.mayWrite(in: $0) }) {
            context.logger.warning("write refused", metadata: ["token": "\(token.tokenId)", "tokenName": "\(token.name)",
                                                               "domain": "\(outside)", "path": "\(request.uri.path)"])
            throw APIProblem(status: .forbidden, slug: "forbidden", title: "Forbidden",
                             detail: "token '\(token.name)' may write only in \(token.domains.joined(separator: ", ")), not in domain '\(outside)'",
                             extensions: ["token": token.name, "domain": outside.rawValue])
        }
        return token.name
    }

    /// The token id the request's bearer secret claims, nil without an Authorization header; 401
    /// when the header is not a bearer secret shaped like one.
    private static func presentedTokenId(_ request: Request) throws -> String? {
        guard let header = request.headers[.authorization] else { return nil }
        guard header.lowercased().hasPrefix("bearer ") else { throw unauthorized("the Authorization header must be 'Bearer <token secret>'") }
        guard let id = APITokenSecret.tokenId(of: presentedSecret(header)) else { throw unknownToken }
        return id
    }

    /// The token `id` names, when the request's secret is its live secret; 401 otherwise.
    private static func liveToken(_ id: String, _ request: Request, in tokens: [String: APITokenState]) throws -> APITokenState {
        guard let header = request.headers[.authorization], let token = tokens[id],
              APITokenSecret.verifies(presentedSecret(header), for: token) else { throw unknownToken }
        return token
    }

    private static func presentedSecret(_ header: String) -> String {
        String(header.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces)
    }

    private static var unknownToken: APIProblem { unauthorized("the token is not one this ledger issued, or it was revoked") }

    static func unauthorized(_ detail: String) -> APIProblem {
        APIProblem(status: .unauthorized, slug: "unauthorized", title: "Unauthorized", detail: detail)
    }
}

/// With `readsNeedToken`, refuses every request but the probes that presents no valid token.
struct ReadAccessMiddleware<Context: RequestContext>: RouterMiddleware {
    let gate: TokenGate

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if gate.ports.access.readsNeedToken, request.uri.path != "/healthz", request.uri.path != "/readyz", try await gate.token(of: request) == nil {
            throw TokenGate.unauthorized("this server answers only requests with an API token: send 'Authorization: Bearer <token secret>'")
        }
        return try await next(request, context)
    }
}
