import ArgumentParser
import DCLProjections
import Foundation

/// `dcl projections export`: every read model of a store as sorted text (`CanonicalExport`).
struct ProjectionsExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Print every read model of the store, sorted, one row per line: two stores built from one ledger print the same bytes.",
        discussion: """
        Each line is a table name, a tab, and the row as JSON with sorted keys; lines are sorted. Store \
        positions, checkpoints and counters are left out (a row is named by its event id), so a store \
        followed incrementally, one rebuilt with `dcl project --rebuild`, and one whose projector was killed \
        and resumed export identical text when they have folded the same ledger (on Kafka too, where a \
        store numbers events in the order it read the partitions). The store first catches up with the \
        ledger unless --stale-ok.

        Examples:
          dcl projections export > now.txt
          dcl projections export --store rebuilt.db --stale-ok | diff now.txt -
                                            compare two stores
        """)

    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var store: StoreOptions

    func validate() throws {
        if store.asOf != nil || store.toPosition != nil {
            throw ValidationError("export prints the read models as they are; --as-of and --to-position are not available here")
        }
    }

    func run() async throws {
        try await withExitCodes {
            let models = try await store.openReadModels(ledger: ledger)
            let text = try await CanonicalExport.text(of: models.store)
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }
}
