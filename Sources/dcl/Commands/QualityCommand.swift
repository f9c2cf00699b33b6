import ArgumentParser
import DCLApplication
import DCLDomain

struct QualityCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quality",
        abstract: "Run a contract's checks against the data, or record quality-check results.",
        subcommands: [QualityRunCommand.self, QualityImportCommand.self, QualityRecordCommand.self, QualityRunsCommand.self])
}

struct QualityRecordCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Record the result of running one of a contract's quality rules.",
        usage: """
        dcl quality record <id> --rule <rule> (--passed | --failed) [--value <value>] [--observed-at <time>]
                           [--actor <name>] [--ledger <path> | --kafka <host:port> [-X <key=value> ...]]
        """,
        discussion: """
        The rule must be one the contract's latest version declares (see `dcl show ID`). Give exactly one of \
        --passed and --failed. --observed-at is when the data was checked (default: now); a late result counts \
        at that time. A time more than the allowed clock skew ahead of now is refused (default 300 seconds; \
        --max-clock-skew or $DCL_MAX_CLOCK_SKEW); a skew other than the default is recorded with the result, and \
        the dashboard's freshness counts the result only within the skew it was recorded under.

        Examples:
          dcl quality record sales.revenue_metrics --rule not_null_date --passed --value 0
          dcl quality record sales.revenue_metrics --rule range_revenue --failed --observed-at 2026-11-30T06:00:00Z
          dcl quality record sales.revenue_metrics --rule not_null_date --passed --max-clock-skew 900
        """)

    enum Result: String, EnumerableFlag {
        case passed, failed
    }

    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var actor: ActorOptions
    @Argument(help: "The contract id.") var id: String
    @Option(help: "The rule's name.") var rule: String
    @Flag(help: "The check's outcome.") var result: Result
    // `.unconditional` so `--value -5` is the value -5, not an unknown option.
    @Option(parsing: .unconditional, help: "The measured value (e.g. a null count or row count).") var value: String?
    @Option(help: "When the data was checked, ISO 8601 (default: now).") var observedAt: String?
    @Option(help: ArgumentHelp("How far ahead of now --observed-at may be, in seconds (default: $DCL_MAX_CLOCK_SKEW, else 300).",
                               valueName: "seconds"))
    var maxClockSkew: Int64?

    func run() async throws {
        var measured: NumericLiteral?
        if let value {
            guard let number = NumericLiteral(value) else { throw CLIError.badInput("--value '\(value)' is not a number") }
            guard number.isFinite else { throw CLIError.badInput("--value '\(value)' is out of range (at most ±1.7976931348623157e308)") }
            measured = number
        }
        let observed = try observedAt.map { try Output.parseTime($0, option: "--observed-at") } ?? LedgerService.systemNow()
        // The service refuses an observation beyond the skew (exit 2) and records a non-default skew with the result.
        let skew = try ObservationSkewSetting.resolve(flag: maxClockSkew)
        try await record(.recordQualityCheck(try Output.parseContractID(id), rule: rule, passed: result == .passed,
                                             value: measured, observedAt: observed),
                         ledger: ledger, actor: actor, occurredAt: observed, maxClockSkew: skew)
    }
}
