import DCLApplication
import DCLEventLog
import DCLODCS
import DCLProjections

/// A failure with the exit code the CLI documents.
struct CLIError: Error {
    static let ruleCode: Int32 = 1
    static let badInputCode: Int32 = 2

    var exitCode: Int32
    var message: String

    /// Rejected by the ledger's rules: validation, conflict, version (exit 1).
    static func rejected(_ message: String) -> CLIError { CLIError(exitCode: ruleCode, message: message) }
    /// Bad input or usage (exit 2).
    static func badInput(_ message: String) -> CLIError { CLIError(exitCode: badInputCode, message: message) }

    /// Maps service and log failures onto exit codes.
    static func from(_ error: any Error) -> CLIError {
        switch error {
        case let error as CLIError: return error
        case let error as LedgerServiceError:
            switch error {
            case .rejected, .conflict: return .rejected(error.description)
            case .log(let failure): return .badInput(failure.message)
            case .invalidInput(let message): return .badInput(message)
            }
        case let error as EventLogError: return .badInput(error.message)
        case let error as ODCSError: return .badInput(error.description)
        case let error as ProjectionError: return .badInput(ReadModelRepairHint.message(for: error))
        default: return .badInput("\(error)")
        }
    }
}

/// Runs a command body, turning any failure into a `CLIError`.
func withExitCodes<T>(_ body: () async throws -> T) async throws -> T {
    do { return try await body() } catch { throw CLIError.from(error) }
}
