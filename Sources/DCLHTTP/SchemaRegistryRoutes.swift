import DCLApplication
import DCLDomain
import DCLEventLog
import Foundation
import Hummingbird

/// The Confluent Schema Registry–compatible subset, so Kafka producers and consumers can use `dcl`
/// as their registry. Subject `<contract id>-value`; a subject's version N is the contract's Nth
/// version and its schema is that version's Avro export (as `dcl schema export --format avro`); a
/// schema id is the read models' position of the `ContractPublished` event that recorded the
/// version: on the embedded log its log position, so ids survive restarts and read-model rebuilds;
/// on Kafka, which has no global order, the position the projector gave it, so ids survive
/// restarts and a rebuild may renumber them. Errors use the registry's own form
/// (`{"error_code": 40401, "message": …}`), which its clients parse.
struct SchemaRegistryRoutes: Sendable {
    let ports: LedgerPorts

    static let contentType = "application/vnd.schemaregistry.v1+json"
    static let suffix = "-value"

    /// One subject version as the registry answers it.
    struct SubjectVersion: Encodable, Sendable {
        var subject: String
        var id: Int64
        var version: Int
        var schema: String
    }

    struct SchemaBody: Decodable {
        var schema: String
        var schemaType: String?
    }

    // MARK: Routes

    /// `GET /subjects`
    func subjects(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let entries = try await ports.reads.withQueries(asOf: nil) { try await $0.catalog(CatalogFilter()) }
        return try Self.reply(entries.map { $0.contractId + Self.suffix }.sorted())
    }

    /// `GET /subjects/{subject}/versions`
    func versions(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let subject = try await self.subject(context)
        return try Self.reply(Array(1...subject.versions.count))
    }

    /// `GET /subjects/{subject}/versions/{version|latest}`
    func version(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let subject = try await self.subject(context)
        return try Self.reply(try subject.version(context.parameters.get("version") ?? ""))
    }

    /// `GET /schemas/ids/{id}`: the id is the read models' position of the accepted
    /// `ContractPublished`, found by one lookup there (never by reading the log).
    func schemaByID(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let text = context.parameters.get("id") ?? ""
        guard let id = Int64(text), id > 0,
              let contract = try await ports.reads.withQueries(asOf: nil, { try await $0.contractID(atPosition: id) }),
              let subject = try await subject(of: contract),
              let version = subject.positions.first(where: { $0.value == id })?.key,
              let record = subject.versions.first(where: { $0.contract.version.description == version }) else {
            // Only a version the ledger accepted has an id (a publish rejected at fold is not a schema).
            throw RegistryError.schemaNotFound("schema \(text) not found")
        }
        return try Self.reply(["schema": Self.avroText(record.contract)])
    }

    /// `POST /subjects/{subject}`: is this schema one of the subject's versions? (the first that matches)
    func lookup(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let subject = try await self.subject(context)
        let wanted = try Self.avroType(try await Self.body(request).schema)
        for (index, record) in subject.versions.enumerated() where (try? Self.avroType(Self.avroText(record.contract))) == wanted {
            return try Self.reply(try subject.version(String(index + 1)))
        }
        throw RegistryError.schemaNotFound("the schema is not a version of subject \(subject.name)")
    }

    /// `POST /compatibility/subjects/{subject}/versions/{version|latest}`: can the given schema replace
    /// that version under the subject's mode? Apache Avro's resolution rules, as `dcl check OLD.avsc NEW.avsc --mode M`.
    func compatibility(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let subject = try await self.subject(context)
        let old = try subject.version(context.parameters.get("version") ?? "")
        let new = try Self.avroType(try await Self.body(request).schema)
        let mode = try await self.mode(of: subject)
        var messages: [String] = []
        for direction in mode.directions {
            let oldType = try Self.avroType(old.schema)
            let (reader, writer) = direction == .backward ? (new, oldType) : (oldType, new)
            for item in SchemaResolution.incompatibilities(reader: reader, writer: writer) {
                messages.append("\(direction) \(item.ruleId.rawValue) at \(item.path.isEmpty ? "(root)" : item.path): \(item.message)")
            }
        }
        struct Verdict: Encodable { var is_compatible: Bool; var messages: [String] }
        return try Self.reply(Verdict(is_compatible: messages.isEmpty, messages: messages))
    }

    /// `GET /config/{subject}`: the compatibility mode that applies to the subject's contract.
    func config(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let subject = try await self.subject(context)
        return try Self.reply(["compatibilityLevel": try await mode(of: subject).rawValue])
    }

    /// `PUT /config/{subject}` with `{"compatibility": MODE}`: recorded as a `CompatibilityConfigured` event.
    func setConfig(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let subject = try await self.subject(context)
        struct Body: Decodable { var compatibility: String }
        let body: Body
        do { body = try JSONDecoder().decode(Body.self, from: Data(try await RequestInput.bodyText(request).utf8)) } catch {
            throw RegistryError(status: .unprocessableContent, code: 42203, message: "the body must be {\"compatibility\": MODE}")
        }
        guard let mode = CompatibilityMode(parsing: body.compatibility) else {
            throw RegistryError(status: .unprocessableContent, code: 42203, message: "invalid compatibility level '\(body.compatibility)'")
        }
        let actor = try await TokenGate(ports: ports).authorizeWrite(request, context: context, domains: subject.state.domain.map { [$0] })
        let outcome = try await ports.commands.execute(
            [.configureCompatibility(CompatibilityConfigured(scope: .contract, subject: subject.id.rawValue, mode: mode))], actor: actor)
        ports.metrics.recordAppended(outcome.recorded.map(\.envelope.type))
        return try Self.reply(["compatibility": mode.rawValue])
    }

    // MARK: Parts

    /// A subject's contract: its versions (oldest first) and the log position of each.
    struct Subject: Sendable {
        var name: String
        var id: ContractID
        var state: ContractState
        var versions: [ContractVersionRecord] { state.versions }
        /// Version string → position of the `ContractPublished` that recorded it.
        var positions: [String: Int64]

        func version(_ text: String) throws -> SubjectVersion {
            let number = text == "latest" || text == "-1" ? versions.count : Int(text) ?? 0
            guard (1...versions.count).contains(number) else {
                throw RegistryError(status: .notFound, code: 40402, message: "version \(text) not found for subject \(name)")
            }
            let record = versions[number - 1]
            return SubjectVersion(subject: name, id: positions[record.contract.version.description] ?? 0, version: number,
                                  schema: SchemaRegistryRoutes.avroText(record.contract))
        }
    }

    func subject(_ context: BasicRequestContext) async throws -> Subject {
        let raw = context.parameters.get("subject") ?? ""
        let name = raw.removingPercentEncoding ?? raw
        guard name.hasSuffix(Self.suffix), let id = ContractID(String(name.dropLast(Self.suffix.count))),
              let subject = try await subject(of: id) else {
            throw RegistryError.subjectNotFound(name)
        }
        return subject
    }

    /// The subject of contract `id`, nil when the read models have no such contract.
    func subject(of id: ContractID) async throws -> Subject? {
        let (model, timeline) = try await ports.reads.withQueries(asOf: nil) { queries in
            (try await queries.contract(id), try await queries.timeline(of: id))
        }
        guard let model else { return nil }
        var positions: [String: Int64] = [:]
        for entry in timeline where entry.type == ContractPublished.typeName && entry.outcome == "accepted" {
            if let version = entry.version { positions[version] = entry.position }
        }
        return Subject(name: id.rawValue + Self.suffix, id: id, state: model.state, positions: positions)
    }

    /// The mode that decides the subject's contract: its own, else its domain's, else the global one.
    func mode(of subject: Subject) async throws -> CompatibilityMode {
        let latest = subject.state.latest
        let snapshot = try await ports.commands.focusedSnapshot(for: [.publishContract(latest, document: nil)])
        return snapshot.state.compatibility.mode(for: subject.id, in: latest.domain)
    }

    /// A version's Avro export: its one record, or a union of its records.
    static func avroText(_ contract: DataContract) -> String {
        let json: JSONValue = contract.schema.count == 1 ? contract.schema[0].avroJSON : .array(contract.schema.map(\.avroJSON))
        return json.canonicalText
    }

    static func avroType(_ text: String) throws -> SchemaType {
        do { return try SchemaType(avroJSON: try JSONParser.parse(text)) } catch {
            throw RegistryError(status: .unprocessableContent, code: 42201, message: "invalid Avro schema: \(error)")
        }
    }

    static func body(_ request: Request) async throws -> SchemaBody {
        let body: SchemaBody
        do { body = try JSONDecoder().decode(SchemaBody.self, from: Data(try await RequestInput.bodyText(request).utf8)) } catch {
            throw RegistryError(status: .unprocessableContent, code: 42201, message: "the body must be {\"schema\": \"…\"}")
        }
        if let type = body.schemaType, type.uppercased() != "AVRO" {
            throw RegistryError(status: .unprocessableContent, code: 42201, message: "only AVRO schemas are served, not \(type)")
        }
        return body
    }

    static func reply<T: Encodable>(_ value: T) throws -> Response {
        var response = try JSONResponse.make(value)
        response.headers[.contentType] = contentType
        return response
    }
}
