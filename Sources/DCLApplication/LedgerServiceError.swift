import DCLDomain
import DCLEventLog

/// Why a command did not take effect. `isRuleViolation` maps to exit code 1 in the CLI.
public enum LedgerServiceError: Error, Sendable, CustomStringConvertible {
    /// The ledger's rules refused the command (validation, version, status…).
    case rejected(LedgerRejection)
    /// Another writer recorded the same stream sequence first.
    case conflict(EventLogError)
    /// The log could not be read or written.
    case log(EventLogError)
    /// The command's input is impossible before any rule applies (an observation time beyond the
    /// allowed clock skew); nothing was recorded.
    case invalidInput(String)

    public var description: String {
        switch self {
        case .rejected(let rejection): return "rejected (\(rejection.code)): \(rejection.message)"
        case .conflict(let error): return "conflict: \(error.message). Re-run to decide against the new state."
        case .log(let error): return error.message
        case .invalidInput(let message): return message
        }
    }
}
