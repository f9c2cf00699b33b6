import ArgumentParser
import DCLApplication
import DCLDomain
import DCLQualityRunner
import Foundation

struct QualityImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Record results that dbt, Great Expectations or Soda produced, mapped onto the contract's rules.",
        usage: """
        dcl quality import --format dbt|gx|soda <file> <id> [--json] [--actor <name>] [--ledger <path> | --kafka <host:port>]
        """,
        discussion: """
        Reads dbt's target/run_results.json, a Great Expectations validation result (JSON), or a Soda scan \
        result (soda scan … --scan-results-file FILE). Each result is mapped onto one of the contract's rules \
        (latest version): by the rule's name, else by what it checks — dbt's not_null_orders_id, GX's \
        expect_column_values_to_not_be_null on id and Soda's missing_count(id) all map onto not_null_id. \
        Results that map onto no rule, or onto several, and results without a verdict (errors, skipped \
        tests) are listed and not recorded. The mapped ones are recorded as one run (origin dbt, gx or soda).

        Exit status: 0 every recorded result passed; 1 some failed (recorded); 2 an unreadable file, or none \
        of its results maps onto a rule (nothing recorded).

        Examples:
          dcl quality import --format dbt target/run_results.json sales.crm_orders
          dcl quality import --format gx validation.json sales.crm_orders
          dcl quality import --format soda scan-results.json sales.crm_orders --json
        """)

    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var actor: ActorOptions
    @Option(help: ArgumentHelp("The tool that wrote the file: dbt, gx or soda.", valueName: "dbt|gx|soda")) var format: String
    @Argument(help: "The results file.") var file: String
    @Argument(help: "The contract id.") var id: String
    @Flag(help: "Print what was recorded and what was not as JSON.") var json = false

    func run() async throws {
        let contractId = try Output.parseContractID(id)
        guard let format = QualityImporter.Format(rawValue: format.lowercased()) else {
            throw CLIError.badInput("--format '\(format)' is not one of dbt, gx, soda")
        }
        guard let data = FileManager.default.contents(atPath: file) else { throw CLIError.badInput("cannot read \(file)") }
        let report: QualityImporter.Report
        do {
            report = try await QualityImporter(service: try ledger.openService()).importResults(
                format: format, text: String(decoding: data, as: UTF8.self), contractId: contractId, actor: try actor.resolved(),
                now: LedgerService.systemNow())
        } catch let error as ExternalResultsError {
            throw CLIError.badInput("\(file): \(error.description)\nnothing was recorded")
        } catch {
            throw CLIError.from(error)
        }
        if json {
            print(try Output.prettyJSON(.object([
                "runId": .string(report.run.runId), "origin": .string(report.run.origin), "passed": .bool(report.run.passed),
                "recorded": .array(report.mapped.map { item in
                    .object(["from": .string(item.result.name), "rule": .string(item.rule.name), "passed": .bool(item.result.passed ?? false),
                             "value": item.result.value.map { .number($0.text) } ?? .null])
                }),
                "unmapped": .array(report.unmapped.map { .object(["from": .string($0.result.name), "reason": .string($0.reason)]) }),
            ])))
        } else {
            print("run \(report.run.runId) (\(report.run.origin)) of \(contractId): \(report.mapped.count) recorded, \(report.unmapped.count) not")
            print(Output.table(["", "rule", "from", "value"], report.mapped.map { item in
                [item.result.passed == true ? "PASS" : "FAIL", item.rule.name, item.result.name, item.result.value?.text ?? "-"]
            }))
            for item in report.unmapped { print("not recorded: \(item.result.name): \(item.reason)") }
        }
        let failed = report.run.results.filter { !$0.passed }.count
        if failed > 0 {
            throw CLIError(exitCode: CLIError.ruleCode, message: "\(failed) of \(report.run.results.count) imported results failed (recorded)")
        }
    }
}
