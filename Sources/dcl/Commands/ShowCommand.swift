import ArgumentParser
import DCLApplication
import DCLDomain
import DCLODCS

struct ShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a contract: its latest version, or one version.",
        discussion: """
        --odcs prints a stored version as an ODCS YAML document equal to the one published: every key, value and \
        YAML type kept (an unquoted date stays a date), comments and layout not. --original prints the published \
        file byte for byte (versions recorded before dcl kept files have none: use --odcs).

        Examples:
          dcl show sales.revenue_metrics
          dcl show sales.revenue_metrics --version 1.0.0 --odcs > revenue_metrics-1.0.0.odcs.yaml
          dcl show sales.revenue_metrics --original > revenue_metrics.odcs.yaml
          dcl show sales.revenue_metrics --json
        """
    )

    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var store: StoreOptions
    @Argument(help: "The contract id.") var id: String
    @Option(help: "A version to show instead of the latest.") var version: String?
    @Flag(help: "Print JSON.") var json = false
    @Flag(help: "Print the version as an ODCS YAML document.") var odcs = false
    @Flag(help: "Print the published file exactly as it was written.") var original = false

    func validate() throws {
        if [json, odcs, original].filter({ $0 }).count > 1 { throw ValidationError("choose one of --json, --odcs and --original") }
    }

    func run() async throws {
        try await withExitCodes {
            let contractID = try Output.parseContractID(id)
            guard let model = try await withReadModels(store, ledger, { try await $0.contract(contractID) }) else {
                throw CLIError.rejected("no contract '\(contractID)' in the ledger at \(ledger.description)")
            }
            let state = model.state
            var record = state.versions[state.versions.count - 1]
            var contract = state.latest
            if let version {
                guard let wanted = SemanticVersion(version) else {
                    throw CLIError.badInput("--version '\(version)' is not a semantic version (MAJOR.MINOR.PATCH)")
                }
                guard let found = state.version(wanted) else {
                    throw CLIError.rejected("'\(contractID)' has no version \(wanted); versions: \(state.versions.map { $0.contract.version.description }.joined(separator: ", "))")
                }
                record = found
                contract = found.contract
            }
            if original {
                guard let text = record.original else {
                    throw CLIError.rejected("\(contractID) \(contract.version) was recorded before dcl kept published files; use --odcs")
                }
                print(text, terminator: "")
                return
            }
            if odcs {
                // The original text, when kept, carries YAML types a JSON document cannot (dates).
                let text = record.original.flatMap(ODCSWriter.yaml(reemitting:))
                    ?? ODCSWriter.yaml(for: record.document ?? ODCSWriter.document(for: contract))
                print(text, terminator: "")
                return
            }
            // The same shape as `GET /api/contracts/{id}`.
            let document = ContractDocument(state: state, record: record, quality: model.quality)
            print(json ? try Output.json(document) : document.text)
        }
    }
}

/// What `dcl show` prints without `--json`.
extension ContractDocument {
    var text: String {
        var lines = [
            "\(contract.id)  \(contract.name)  \(contract.version)  [\(status)]",
            "domain: \(contract.domain?.rawValue ?? DataContract.unsetText)   product: \(contract.dataProduct)   owner: \(owner ?? DataContract.unsetText)",
            "SLA: \(contract.serviceLevel.slaHours)h delivery, fresh within \(contract.serviceLevel.freshness)   quality threshold: \(contract.qualityThreshold)",
            "schema version: \(schemaVersion)   versions: \(versions.joined(separator: ", "))",
            "created: \(createdAt)   updated: \(updatedAt)   this version published \(publishedAt) by \(publishedBy)",
        ]
        if let description = contract.description { lines.append("description: \(description)") }
        if !contract.tags.isEmpty { lines.append("tags: \(contract.tags.joined(separator: ", "))") }
        if let deprecationReason { lines.append("deprecated: \(deprecationReason)") }
        for object in contract.schema {
            lines.append("")
            lines.append("\(object.name)\(object.doc.map { " — \($0)" } ?? "")")
            let rows = object.fields.map { field in
                [field.name, field.type.nonNull.description, field.isRequired ? "required" : "optional",
                 [field.primaryKey ? "pk" : nil, field.unique ? "unique" : nil, field.classification].compactMap { $0 }.joined(separator: ","),
                 field.doc ?? ""]
            }
            lines.append(Output.table(["  FIELD", "TYPE", "NULL", "KEYS", "DOC"], rows.map { ["  " + $0[0]] + $0.dropFirst() }))
        }
        if !contract.quality.isEmpty {
            lines.append("")
            lines.append("quality rules:")
            for rule in contract.quality {
                let target = [rule.object, rule.column].compactMap { $0 }.joined(separator: ".")
                lines.append("  \(rule.name): \(rule.kind.expression)\(target.isEmpty ? "" : " on \(target)")")
            }
        }
        lines.append("")
        lines.append("quality: \(qualityScore.map { "\($0) (\(passedChecks)/\(totalChecks) passed, last checked \(lastChecked ?? "-"))" } ?? "no checks recorded")")
        return lines.joined(separator: "\n")
    }
}
