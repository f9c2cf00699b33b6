import ArgumentParser
import DCLApplication
import DCLDomain
import DCLODCS
import Foundation

struct SchemaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Convert between contracts and schema formats.",
        subcommands: [SchemaImportCommand.self, SchemaExportCommand.self])
}

struct SchemaImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Write an ODCS contract from an Avro schema (.avsc).",
        discussion: """
        Examples:
          dcl schema import order.avsc --domain sales --product orders --owner sales-de@company.com
          dcl schema import order.avsc --domain sales --product orders --version 1.1.0 --output orders.odcs.yaml
        """)

    @Argument(help: "The Avro schema file; its top level must be a record.") var file: String
    @Option(help: "The owning domain.") var domain: String
    @Option(help: "The data product's name.") var product: String
    @Option(help: "The contract version (default 1.0.0).") var version: String = "1.0.0"
    @Option(help: "The owner's e-mail (default: <domain>-data@example.com).") var owner: String?
    @Option(help: "The contract id (default: <domain>.<product>).") var id: String?
    @Option(name: .shortAndLong, help: "Where to write (default: <product>.odcs.yaml; '-' for standard output).") var output: String?
    @Flag(help: "Overwrite an existing file.") var force = false

    func run() async throws {
        try await withExitCodes {
            guard let domainName = DomainName(domain) else { throw CLIError.badInput("--domain '\(domain)' is not a domain name") }
            guard let semver = SemanticVersion(version) else { throw CLIError.badInput("--version '\(version)' is not a semantic version (MAJOR.MINOR.PATCH)") }
            guard let email = EmailAddress(owner ?? "\(domain)-data@example.com") else { throw CLIError.badInput("--owner '\(owner ?? "")' is not an e-mail address") }
            let contractID = try Output.parseContractID(id ?? "\(domain).\(product)")
            guard case .record(var record) = try SchemaFile.readAvro(file) else {
                throw CLIError.badInput("\(file): the top level must be a record to become a contract's schema object")
            }
            record.physicalType = record.physicalType ?? "topic"
            let contract = DataContract(id: contractID, domain: domainName, dataProduct: product, name: product, version: semver,
                                        status: .draft, description: record.doc, owner: email, schema: [record])
            let problems = contract.validationProblems
            if !problems.isEmpty { throw CLIError.badInput("\(file): \(problems.joined(separator: "; "))") }
            let yaml = ODCSWriter.yaml(for: ODCSWriter.document(for: contract))
            let destination = output ?? "\(product).odcs.yaml"
            if destination == "-" { print(yaml, terminator: ""); return }
            if FileManager.default.fileExists(atPath: destination), !force {
                throw CLIError.badInput("\(destination) already exists; pass --force to overwrite it")
            }
            do { try yaml.write(toFile: destination, atomically: true, encoding: .utf8) } catch {
                throw CLIError.badInput("cannot write \(destination): \(error.localizedDescription)")
            }
            print("wrote \(destination) (contract \(contractID) \(semver), \(record.fields.count) fields from \(file))")
        }
    }
}

struct SchemaExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Print a stored version's schema as Avro, JSON Schema or ODCS.",
        discussion: """
        Examples:
          dcl schema export sales.orders --format avro > orders.avsc
          dcl schema export sales.orders --version 1.0.0 --format json-schema
        """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case avro, jsonSchema = "json-schema", odcs
    }

    @OptionGroup var ledger: LedgerOptions
    @Argument(help: "The contract id.") var id: String
    @Option(help: "A version (default: the latest).") var version: String?
    @Option(help: "avro, json-schema or odcs.") var format: Format

    func run() async throws {
        try await withExitCodes {
            let contractID = try Output.parseContractID(id)
            let snapshot = try await ledger.openForReading()?.contractSnapshot(contractID) ?? LedgerSnapshot()
            guard let state = snapshot.state.contracts[contractID] else { throw CLIError.rejected("no contract '\(contractID)' in the ledger at \(ledger.description)") }
            var record = state.versions[state.versions.count - 1]
            if let version {
                guard let wanted = SemanticVersion(version) else { throw CLIError.badInput("--version '\(version)' is not a semantic version") }
                guard let found = state.version(wanted) else { throw CLIError.rejected("'\(contractID)' has no version \(wanted)") }
                record = found
            }
            let contract = record.contract
            switch format {
            case .odcs:
                // As `dcl show --odcs`: the kept original's YAML types (dates) survive.
                let text = record.original.flatMap(ODCSWriter.yaml(reemitting:))
                    ?? ODCSWriter.yaml(for: record.document ?? ODCSWriter.document(for: contract))
                print(text, terminator: "")
            case .avro:
                let json: JSONValue = contract.schema.count == 1 ? contract.schema[0].avroJSON : .array(contract.schema.map(\.avroJSON))
                print(try Output.prettyJSON(json))
            case .jsonSchema:
                print(try Output.prettyJSON(JSONSchemaExporter.document(for: contract)))
            }
        }
    }
}

struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Governance settings, recorded as events.",
        subcommands: [ConfigCompatibilityCommand.self])
}

struct ConfigCompatibilityCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compatibility",
        abstract: "Set the compatibility mode mesh-wide, for a domain, or for one contract.",
        discussion: """
        The most specific setting applies: contract, then domain, then mesh-wide, then BACKWARD. Modes: NONE, \
        BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE (case-insensitive; \
        '-' and '_' alike).

        Examples:
          dcl config compatibility full --domain sales
          dcl config compatibility none --contract sales.scratchpad
          dcl config compatibility backward_transitive
        """)

    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var actor: ActorOptions
    @Argument(help: "The mode.") var mode: String
    @Option(help: "Apply to this domain only.") var domain: String?
    @Option(help: "Apply to this contract only.") var contract: String?

    func validate() throws {
        if domain != nil && contract != nil { throw ValidationError("give --domain or --contract, not both") }
    }

    func run() async throws {
        guard let parsed = CompatibilityMode(parsing: mode) else {
            throw CLIError.badInput("'\(mode)' is not one of \(CompatibilityMode.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let setting: CompatibilityConfigured
        if let domain {
            guard DomainName(domain) != nil else { throw CLIError.badInput("--domain '\(domain)' is not a domain name") }
            setting = CompatibilityConfigured(scope: .domain, subject: domain, mode: parsed)
        } else if let contract {
            setting = CompatibilityConfigured(scope: .contract, subject: try Output.parseContractID(contract).rawValue, mode: parsed)
        } else {
            setting = CompatibilityConfigured(scope: .global, subject: "global", mode: parsed)
        }
        try await record(.configureCompatibility(setting), ledger: ledger, actor: actor)
    }
}
