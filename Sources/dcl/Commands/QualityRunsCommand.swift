import ArgumentParser
import DCLApplication
import DCLDomain

/// `dcl quality runs ID [--run RUN_ID] [--json]`: a contract's quality runs from the read models.
struct QualityRunsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs",
        abstract: "A contract's quality runs, newest first: origin, version, checks passed and failed, rows, fingerprint.",
        discussion: """
        A run is every result one `dcl quality run` or `dcl quality import` recorded together (they share a run \
        id); a result typed in with `dcl quality record` is a run of its own (origin `manual`). With --run, one \
        run's results, failed ones marked.

        Examples:
          dcl quality runs sales.revenue_metrics
          dcl quality runs sales.revenue_metrics --run 5f0c2b1e-8c1d-4d6a-9b7e-2f4f2c9d1a3b
          dcl quality runs sales.revenue_metrics --as-of 2026-11-01T00:00:00Z --json
        """)

    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var store: StoreOptions
    @Argument(help: "The contract id.") var id: String
    @Option(name: .customLong("run"), help: "Show this run's results (a run id from the list).") var runId: String?
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        let contractID = try Output.parseContractID(id)
        if let runId {
            let (detail, known) = try await withReadModels(store, ledger) { models in
                (try await models.qualityRun(of: contractID, runId: runId), try await models.contract(contractID) != nil)
            }
            guard let detail else {
                throw CLIError.rejected(known ? "contract '\(contractID)' has no quality run '\(runId)' (see dcl quality runs \(contractID))"
                                              : "no contract '\(contractID)' in the ledger at \(ledger.description)")
            }
            print(json ? try Output.json(detail) : Self.render(detail))
            return
        }
        let (runs, known) = try await withReadModels(store, ledger) { models in
            (try await models.qualityRuns(of: contractID), try await models.contract(contractID) != nil)
        }
        guard known else { throw CLIError.rejected("no contract '\(contractID)' in the ledger at \(ledger.description)") }
        if json {
            print(try Output.json(runs))
            return
        }
        guard !runs.isEmpty else {
            print("No quality runs for \(contractID) yet: dcl quality run \(contractID) --source DATA, or dcl quality import.")
            return
        }
        print(Output.table(["RUN", "ORIGIN", "VERSION", "STARTED", "CHECKS", "PASSED", "FAILED", "ROWS", "FINGERPRINT"], runs.map { run in
            [run.runId, run.origin, run.contractVersion ?? "-", run.startedAt, String(run.checks), String(run.passed), String(run.failed),
             run.rowsScanned.map(String.init) ?? "-", run.fingerprint ?? "-"]
        }))
    }

    static func render(_ detail: QualityRunDetail) -> String {
        let run = detail.summary
        let head = "run \(run.runId) of \(run.contractId): \(run.origin), version \(run.contractVersion ?? "-"), started \(run.startedAt), "
            + "\(run.checks) checks, \(run.failed) failed" + (run.rowsScanned.map { ", \($0) rows" } ?? "")
            + (run.fingerprint.map { ", \($0)" } ?? "")
        let table = Output.table(["RULE", "RESULT", "VALUE", "THRESHOLD"], detail.results.map { result in
            [result.rule, result.passed ? "passed" : "FAILED", result.value ?? "-", result.threshold ?? "-"]
        })
        return TerminalText.escaped(head) + "\n" + table
    }
}
