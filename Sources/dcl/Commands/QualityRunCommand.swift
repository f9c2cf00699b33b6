import ArgumentParser
import DCLApplication
import DCLDomain
import DCLQualityRunner

struct QualityRunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a contract's checks against the data itself and record every result.",
        usage: """
        dcl quality run <id> --source <source> [--version <version>] [--object <name=file-or-table> ...] [--json]
                        [--actor <name>] [--ledger <path> | --kafka <host:port> [-X <key=value> ...]]
        """,
        discussion: """
        Checks what the contract version in force (or --version) promises: its schema (logical types, \
        required, unique, primary key, logicalTypeOptions), its quality rules (not_null, unique, range, \
        accepted_values, regex, row_count, freshness), ODCS library metrics with any mustBe… comparison in \
        rows or percent, and type: sql rules (database sources only). Every result is recorded as one run \
        (run id, version, rule, measured value, threshold, rows scanned, a fingerprint of the data read).

        Sources: a CSV file or a folder of CSV files (one per object: <physicalName or name>.csv), read as a \
        stream in one pass per file; a SQLite database (sqlite:PATH, or a .db/.sqlite/.sqlite3 path); or a \
        PostgreSQL database (postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE, no TLS; the password may come \
        from PGPASSWORD). On a database every check of a table is one aggregate query, run by the database in \
        one scan (no row is copied out), plus one query per sql rule. --object NAME=FILE_OR_TABLE picks another \
        file or table for an object (on PostgreSQL also NAME=SCHEMA.TABLE).

        Exit status: 0 every check passed; 1 some failed (all results are recorded); 2 bad input or a source \
        that cannot be read (nothing is recorded). Rules it cannot run are listed as not run.

        Examples:
          dcl quality run sales.revenue_metrics --source revenue_metrics.csv
          dcl quality run sales.crm_orders --source exports/ --object orders=orders-2026-12-01.csv
          dcl quality run sales.crm_orders --source sqlite:warehouse.db --object orders=orders_v2 --json
          dcl quality run sales.crm_orders --source postgres://reader@db.internal:5432/shop --object orders=sales.orders
        """)

    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var actor: ActorOptions
    @Argument(help: "The contract id.") var id: String
    @Option(help: "The contract version whose checks to run (default: the latest).") var version: String?
    @Option(help: ArgumentHelp("The data: a CSV file or folder, sqlite:PATH or postgres://USER@HOST[:PORT]/DB.",
                                  valueName: "source")) var source: String
    @Option(help: ArgumentHelp("A file or table for one schema object (repeatable).", valueName: "name=file-or-table"))
    var object: [String] = []
    @Flag(help: "Print the run as JSON.") var json = false

    func run() async throws {
        let contractId = try Output.parseContractID(id)
        var pinned: SemanticVersion?
        if let version {
            guard let parsed = SemanticVersion(version) else { throw CLIError.badInput("--version '\(version)' is not a semantic version") }
            pinned = parsed
        }
        var objects: [String: String] = [:]
        for pair in object {
            guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex, pair.index(after: equals) != pair.endIndex else {
                throw CLIError.badInput("--object '\(pair)' is not NAME=FILE_OR_TABLE")
            }
            let name = String(pair[..<equals])
            guard objects[name] == nil else { throw CLIError.badInput("--object \(name) is given twice") }
            objects[name] = String(pair[pair.index(after: equals)...])
        }
        let report: QualityRunReport
        do {
            report = try await QualityRunner(service: try ledger.openService()).run(.init(
                contractId: contractId, version: pinned, source: source, objects: objects, actor: try actor.resolved(),
                observedAt: LedgerService.systemNow()))
        } catch let error as QualitySourceError {
            throw CLIError.badInput(error.description + "\nnothing was recorded")
        } catch let error as QualityPlanError {
            throw CLIError.badInput(error.description + "\nnothing was recorded")
        } catch {
            throw CLIError.from(error)
        }
        print(json ? try Output.prettyJSON(Self.json(report)) : Self.text(report))
        if !report.run.passed {
            throw CLIError(exitCode: CLIError.ruleCode, message: "\(report.failed.count) of \(report.lines.count) checks failed (all recorded)")
        }
    }

    static func text(_ report: QualityRunReport) -> String {
        var lines = ["run \(report.run.runId) of \(report.run.contractId) \(report.version) (\(report.run.origin))"]
        for object in report.objects {
            lines.append("  \(object.object): \(object.location), \(object.rowsScanned) rows, \(object.fingerprint)")
        }
        lines.append(Output.table(["", "rule", "object", "value", "threshold"], report.lines.map { line in
            [line.result.passed ? "PASS" : "FAIL", line.result.rule, line.object, line.result.value?.text ?? "-", line.result.threshold ?? ""]
        }))
        for skipped in report.notRun { lines.append("not run: \(skipped.rule): \(skipped.reason)") }
        let failed = report.failed.count
        lines.append(failed == 0 ? "all \(report.lines.count) checks passed; recorded" : "\(failed) of \(report.lines.count) checks FAILED; recorded")
        return lines.joined(separator: "\n")
    }

    static func json(_ report: QualityRunReport) -> JSONValue {
        .object([
            "runId": .string(report.run.runId),
            "contractId": .string(report.run.contractId.rawValue),
            "version": .string(report.version.description),
            "origin": .string(report.run.origin),
            "observedAt": .string(report.run.observedAt.iso8601),
            "passed": .bool(report.run.passed),
            "objects": .array(report.objects.map { object in
                .object(["object": .string(object.object), "location": .string(object.location),
                         "rowsScanned": .integer(object.rowsScanned), "fingerprint": .string(object.fingerprint)])
            }),
            "results": .array(report.lines.map { line in
                .object(["rule": .string(line.result.rule), "object": .string(line.object), "metric": .string(line.metric),
                         "from": .string(line.origin), "passed": .bool(line.result.passed),
                         "value": line.result.value.map { .number($0.text) } ?? .null,
                         "threshold": line.result.threshold.map(JSONValue.string) ?? .null,
                         "rowsScanned": line.result.rowsScanned.map(JSONValue.integer) ?? .null])
            }),
            "notRun": .array(report.notRun.map { .object(["rule": .string($0.rule), "reason": .string($0.reason)]) }),
        ])
    }
}
