import DCLDomain
import Foundation

/// The clock skew `quality record` allows: `--max-clock-skew`, else `$DCL_MAX_CLOCK_SKEW`, else
/// `ObservationClock.defaultMaximumSkew` (300 seconds).
///
/// ```swift
/// let skew = try ObservationSkewSetting.resolve(flag: nil)   // TimeSpan(seconds: 300) unless the variable is set
/// ```
enum ObservationSkewSetting {
    static func resolve(flag: Int64?) throws -> TimeSpan {
        if let flag { return try check(flag, source: "--max-clock-skew") }
        if let text = ProcessInfo.processInfo.environment["DCL_MAX_CLOCK_SKEW"] {
            guard let seconds = Int64(text.trimmingCharacters(in: .whitespaces)) else {
                throw CLIError.badInput("$DCL_MAX_CLOCK_SKEW '\(TerminalText.escaped(text))' is not a whole number of seconds")
            }
            return try check(seconds, source: "$DCL_MAX_CLOCK_SKEW")
        }
        return ObservationClock.defaultMaximumSkew
    }

    private static func check(_ seconds: Int64, source: String) throws -> TimeSpan {
        guard (0...31_536_000).contains(seconds) else {
            throw CLIError.badInput("\(source) must be 0 to 31536000 seconds (one year), not \(seconds)")
        }
        return TimeSpan(seconds: seconds)
    }
}
