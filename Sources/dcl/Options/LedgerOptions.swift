import ArgumentParser
import DCLApplication
import DCLSQLite
import Foundation

/// Where the ledger lives.
struct LedgerOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The embedded ledger file (default: $DCL_LEDGER, else .dcl/ledger.db under the current folder).",
        valueName: "path"))
    var ledger: String?

    var path: String {
        ledger ?? ProcessInfo.processInfo.environment["DCL_LEDGER"].flatMap { $0.isEmpty ? nil : $0 } ?? ".dcl/ledger.db"
    }

    /// Opens the ledger for writing, creating it if needed.
    func openService() throws -> LedgerService {
        do {
            return LedgerService(log: try OpenFiles.ledger(path))
        } catch {
            throw CLIError.from(error)
        }
    }

    /// Opens an existing ledger for reading; a missing file reads as an empty ledger
    /// (nothing is created by a read).
    func openForReading() throws -> LedgerService? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return try openService()
    }
}
