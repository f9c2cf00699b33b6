import DCLApplication
import DCLDomain
import Hummingbird

/// Governance read routes: each parses the request, asks the read side's governance queries and
/// renders the same JSON as the matching `dcl … --json` command (the answers are computed in
/// DCLApplication, see `GovernanceQueries.meshMetrics()`).
struct GovernanceRoutes: Sendable {
    let ports: LedgerPorts

    /// `GET /api/mesh/metrics`: as `dcl mesh metrics --json`.
    func meshMetrics(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        try RequestInput.refuseAsOf(request)
        return try JSONResponse.make(try await ports.reads.withGovernance { try await $0.meshMetrics() })
    }

    /// `GET /api/mesh/maturity`: as `dcl mesh maturity --json`.
    func meshMaturity(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        try RequestInput.refuseAsOf(request)
        return try JSONResponse.make(try await ports.reads.withGovernance { try await $0.meshMaturity() })
    }

    /// `GET /api/policies/compliance?domain=`: as `dcl policy compliance --json`.
    func compliance(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        try RequestInput.refuseAsOf(request)
        let domain = try RequestInput.domain(request)
        return try JSONResponse.make(try await ports.reads.withGovernance { try await $0.complianceReport(domain: domain) })
    }

    /// `GET /api/notifications?contract=&consumer=`: as `dcl consumer notifications --json`.
    func notifications(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        try RequestInput.refuseAsOf(request)
        let contract = try RequestInput.query(request, "contract").map { text in
            guard let id = ContractID(text) else {
                throw APIProblem.badParameter("contract", "'\(text)' is not a contract id (printable, no spaces or '/', at most 200 characters)")
            }
            return id
        }
        let consumer = RequestInput.query(request, "consumer")
        return try JSONResponse.make(try await ports.reads.withGovernance { try await $0.notifications(contract: contract, consumer: consumer) })
    }
}
