import DCLODCS
import Foundation

/// `DocumentLimits` for this run: the defaults, each overridable by an environment variable
/// (`DCL_MAX_DOCUMENT_BYTES`, `DCL_MAX_PROPERTIES`, `DCL_MAX_DEPTH`, `DCL_MAX_STRING_LENGTH`,
/// `DCL_MAX_QUALITY_RULES`), so an operator can raise one for an unusual contract without a rebuild.
///
/// ```swift
/// let limits = try DocumentLimitSettings.resolve()   // DocumentLimits.standard unless a variable is set
/// ```
enum DocumentLimitSettings {
    static func resolve(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> DocumentLimits {
        var limits = DocumentLimits.standard
        func read(_ name: String, _ value: inout Int) throws {
            guard let text = environment[name] else { return }
            guard let number = Int(text.trimmingCharacters(in: .whitespaces)), number > 0 else {
                throw CLIError.badInput("$\(name) must be a whole number above 0, not '\(text)'")
            }
            value = number
        }
        try read("DCL_MAX_DOCUMENT_BYTES", &limits.maxDocumentBytes)
        try read("DCL_MAX_PROPERTIES", &limits.maxProperties)
        try read("DCL_MAX_DEPTH", &limits.maxDepth)
        try read("DCL_MAX_STRING_LENGTH", &limits.maxStringLength)
        try read("DCL_MAX_QUALITY_RULES", &limits.maxQualityRules)
        return limits
    }
}
