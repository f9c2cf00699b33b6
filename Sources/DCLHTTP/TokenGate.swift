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
        guard let header = request.headers[.authorization] else { return nil }
        guard header.lowercased().hasPrefix("bearer ") else { throw Self.unauthorized("the Authorization header must be 'Bearer <token secret>'") }
        let secret = String(header.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces)
        guard let id = APITokenSecret.tokenId(of: secret), let token = try await ports.commands.tokens()[id],
              APITokenSecret.verifies(secret, for: token) else {
            throw Self.unauthorized("the token is not one this ledger issued, or it was revoked")
        }
        return token
    }

    /// The actor to record for a write touching `domains` (nil: a mesh-wide write, admin tokens only),
    /// or a 401/403 problem. The token's name is the actor; with open writes and no token, the
    /// `DCL-Actor` header or the server's default.
    func authorizeWrite(_ request: Request, context: some RequestContext, domains: [DomainName]?) async throws -> String {
        guard let token = try await token(of: request) else {
            if ports.access.openWrites { return RequestInput.actor(request, default: ports.defaultActor) }
            throw Self.unauthorized("writes need an API token (dcl token create --domain D): send 'Authorization: Bearer <token secret>'")
        }
        if token.admin { return token.name }
        guard let domains else {
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

    /// The domains the contracts are in now; nil (admin only) when one of them has no domain.
    /// A contract the ledger does not have adds nothing: its command fails on its own, recording nothing.
    /// Read from the contracts' own streams by the command port, not through the read side, so a
    /// write does not wait for the read models to catch up with the writes before it.
    func domains(of ids: [ContractID]) async throws -> [DomainName]? {
        try await ports.commands.currentDomains(of: ids)
    }

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
