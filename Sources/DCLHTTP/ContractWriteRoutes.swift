import DCLApplication
import DCLDomain
import DCLODCS
import Foundation
import Hummingbird

/// Write routes over the command port: each parses the request into `LedgerCommand`s, calls
/// `LedgerService.execute`, and renders what was recorded. The ledger's rules decide; a rejection
/// comes back as a problem with the rule's id and the CLI's message.
struct ContractWriteRoutes: Sendable {
    let ports: LedgerPorts
    var gate: TokenGate { TokenGate(ports: ports) }

    /// Where ODCS errors in a request body point (in place of a file name).
    static let bodyName = "request body"

    /// `POST /api/contracts`: an ODCS v3.1 document (YAML or JSON). 201 when recorded, 200 when the
    /// ledger already holds that version with the same content.
    func publish(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let read = try ODCSReader.read(yaml: try await RequestInput.bodyText(request), file: Self.bodyName)
        // Moving a contract to another domain is refused by the ledger, but never on another domain's token;
        // a contract without a domain is everyone's, so only an admin token writes it.
        // The posted bytes are kept, as `dcl publish` keeps the file's (`dcl show --original`).
        let outcome = try await gate.execute([.publishContract(read.contract, document: read.document, original: read.original)],
                                             request, context: context, contracts: [read.contract.id]) { current in
            guard let domain = read.contract.domain else { return nil }
            return current.map { Array(Set($0 + [domain])) }
        }
        ports.metrics.recordAppended(outcome.recorded.map(\.envelope.type))
        let unchanged = outcome.unchanged.isEmpty ? [] : ["\(read.contract.id) \(read.contract.version)"]
        return try JSONResponse.make(try RecordedEvents(outcome, unchangedNames: unchanged), status: outcome.recorded.isEmpty ? .ok : .created)
    }

    /// `POST /api/contracts/check`: the dry run of a publish (as `dcl check FILE`); writes nothing.
    func check(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let read = try ODCSReader.read(yaml: try await RequestInput.bodyText(request), file: Self.bodyName)
        // The same use case as `dcl check FILE`.
        return try JSONResponse.make(try await ports.commands.dryRunPublish(read.contract, document: read.document, original: read.original).check)
    }

    struct DeprecateBody: Decodable { var reason: String }
    struct RetireBody: Decodable { var reason: String? }
    struct TransferBody: Decodable { var owner: String }

    /// `POST /api/contracts/{id}/deprecate` with `{"reason": …}`
    func deprecate(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let id = try RequestInput.contractID(context)
        let body = try await RequestInput.json(DeprecateBody.self, from: request)
        return try await record([.deprecateContract(id, reason: body.reason)], request, context, contracts: [id])
    }

    /// `POST /api/contracts/{id}/reactivate` with `{"reason": …}`
    func reactivate(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let id = try RequestInput.contractID(context)
        let body = try await RequestInput.json(DeprecateBody.self, from: request)
        return try await record([.reactivateContract(id, reason: body.reason)], request, context, contracts: [id])
    }

    /// `POST /api/contracts/{id}/retire` with `{"reason": …}` (optional)
    func retire(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let id = try RequestInput.contractID(context)
        let body = try await RequestInput.json(RetireBody.self, from: request)
        return try await record([.retireContract(id, reason: body.reason)], request, context, contracts: [id])
    }

    /// `POST /api/contracts/{id}/transfer` with `{"owner": "e-mail"}`
    func transfer(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let id = try RequestInput.contractID(context)
        let body = try await RequestInput.json(TransferBody.self, from: request)
        guard let owner = EmailAddress(body.owner) else { throw APIProblem.badBody("owner: '\(body.owner)' is not an e-mail address") }
        return try await record([.transferOwnership(id, newOwner: owner)], request, context, contracts: [id])
    }

    struct QualityResult: Decodable {
        var contractId: String?
        var rule: String
        var passed: Bool
        /// A number, as JSON number or string (kept as written).
        var value: NumericText?
        var observedAt: String?
    }

    struct QualityBatch: Decodable { var results: [QualityResult] }

    /// `POST /api/contracts/{id}/quality`: one result of one of the contract's rules.
    func recordQuality(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let id = try RequestInput.contractID(context)
        let result = try await RequestInput.json(QualityResult.self, from: request)
        let command = try Self.qualityCommand(result, id: id, at: "(body)")
        guard case .recordQualityCheck(_, _, _, _, let observedAt) = command else { preconditionFailure("built above") }
        // As the CLI does: the event occurred when the data was checked.
        return try await record([command], request, context, contracts: [id], occurredAt: observedAt)
    }

    /// `POST /api/quality`: a batch `{"results": [{contractId, rule, passed, value?, observedAt?}, …]}`,
    /// recorded all or none. Each result's observation time is in its event; the batch is one append.
    func recordQualityBatch(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let batch = try await RequestInput.json(QualityBatch.self, from: request)
        guard !batch.results.isEmpty else { throw APIProblem.badBody("results: give at least one result") }
        var commands: [LedgerCommand] = []
        var contracts: [ContractID] = []
        for (index, result) in batch.results.enumerated() {
            let place = "results[\(index)]"
            guard let text = result.contractId else { throw APIProblem.badBody("\(place).contractId: required member is missing") }
            guard let id = ContractID(text) else { throw APIProblem.badBody("\(place).contractId: '\(text)' is not a contract id") }
            commands.append(try Self.qualityCommand(result, id: id, at: place))
            contracts.append(id)
        }
        return try await record(commands, request, context, contracts: contracts)
    }

    static func qualityCommand(_ result: QualityResult, id: ContractID, at place: String) throws -> LedgerCommand {
        var measured: NumericLiteral?
        if let value = result.value {
            guard let number = NumericLiteral(value.text) else { throw APIProblem.badBody("\(place).value: '\(value.text)' is not a number") }
            guard number.isFinite else {
                throw APIProblem.badBody("\(place).value: '\(value.text)' is out of range (at most ±1.7976931348623157e308)")
            }
            measured = number
        }
        var observed = LedgerService.systemNow()
        if let text = result.observedAt {
            guard let time = Timestamp(iso8601: text) else {
                throw APIProblem.badBody("\(place).observedAt: '\(text)' is not an ISO 8601 time (e.g. 2026-11-25T08:00:00Z)")
            }
            observed = time
        }
        return .recordQualityCheck(id, rule: result.rule, passed: result.passed, value: measured, observedAt: observed)
    }

    struct CompatibilityBody: Decodable {
        var mode: String
        var domain: String?
        var contract: String?
    }

    /// `PUT /api/config/compatibility` with `{"mode": …, "domain"?: …, "contract"?: …}` (global when neither).
    func configureCompatibility(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let body = try await RequestInput.json(CompatibilityBody.self, from: request)
        guard let mode = CompatibilityMode(parsing: body.mode) else {
            throw APIProblem.badBody("mode: '\(body.mode)' is not one of \(CompatibilityMode.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let setting: CompatibilityConfigured
        // A contract's setting is written in the contract's current domain; the others name theirs.
        let contracts: [ContractID]
        let domains: [DomainName]?
        switch (body.domain, body.contract) {
        case (.some, .some): throw APIProblem.badBody("give domain or contract, not both")
        case (.some(let domain), nil):
            guard let name = DomainName(domain) else { throw APIProblem.badBody("domain: '\(domain)' is not a domain name") }
            setting = CompatibilityConfigured(scope: .domain, subject: domain, mode: mode)
            contracts = []
            domains = [name]
        case (nil, .some(let contract)):
            guard let id = ContractID(contract) else { throw APIProblem.badBody("contract: '\(contract)' is not a contract id") }
            setting = CompatibilityConfigured(scope: .contract, subject: id.rawValue, mode: mode)
            contracts = [id]
            domains = nil
        case (nil, nil):
            setting = CompatibilityConfigured(scope: .global, subject: "global", mode: mode)
            contracts = []
            domains = nil
        }
        let outcome = try await gate.execute([.configureCompatibility(setting)], request, context: context, contracts: contracts) { current in
            contracts.isEmpty ? domains : current
        }
        return try created(outcome)
    }

    /// Authorizes a write on `contracts` (each in its current domain), executes the commands
    /// through the command port and answers 201 with what was recorded.
    private func record(_ commands: [LedgerCommand], _ request: Request, _ context: BasicRequestContext, contracts: [ContractID],
                        occurredAt: Timestamp? = nil) async throws -> Response {
        try created(try await gate.execute(commands, request, context: context, contracts: contracts, occurredAt: occurredAt))
    }

    /// 201 with what was recorded, counted in the metrics.
    private func created(_ outcome: CommandOutcome) throws -> Response {
        ports.metrics.recordAppended(outcome.recorded.map(\.envelope.type))
        return try JSONResponse.make(try RecordedEvents(outcome), status: .created)
    }
}
