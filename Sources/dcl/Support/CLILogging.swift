import Foundation
import Logging

/// The CLI's swift-log setup. Library logs — librdkafka's own lines among them, which the Kafka
/// clients route through swift-log — go to standard error, and only at or above
/// `$DCL_LOG_LEVEL` (default `critical`): a command reports its own failure in one clear line,
/// so a refused connection no longer prints eight librdkafka lines, nor a warning on every
/// command against the development broker. `DCL_LOG_LEVEL=debug` shows everything.
///
/// ```swift
/// CLILogging.bootstrap()   // once, before any Logger is made
/// ```
enum CLILogging {
    static let variable = "DCL_LOG_LEVEL"

    /// The level named by `$DCL_LOG_LEVEL`, or `.critical`; nil with the bad text when it names none.
    static func level(environment: [String: String] = ProcessInfo.processInfo.environment) -> Result<Logger.Level, CLIError> {
        guard let text = environment[variable], !text.isEmpty else { return .success(.critical) }
        guard let level = Logger.Level(rawValue: text.lowercased()) else {
            let names = Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")
            return .failure(.badInput("$\(variable) '\(text)' is not a log level; use one of \(names)"))
        }
        return .success(level)
    }

    static func bootstrap() throws {
        let level = try level().get()
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}
