import Foundation

/// Resolves a file location from a flag, else an environment variable, else a default, refusing
/// locations that cannot hold a file.
///
/// An empty path used to reach SQLite, which opens a *temporary* database for `""`: `dcl publish
/// --ledger ''` printed "recorded" and kept nothing. A set-but-empty variable is refused the same
/// way as an empty flag, so `DCL_LEDGER=` and `--ledger ''` behave alike.
///
/// ```swift
/// let path = try FileLocation.resolve(flag: "--ledger", value: nil, environment: "DCL_LEDGER", default: ".dcl/ledger.db")
/// ```
enum FileLocation {
    static func resolve(flag: String, value: String?, environment variable: String, default fallback: String) throws -> String {
        if let value { return try check(value, source: flag) }
        if let value = ProcessInfo.processInfo.environment[variable] { return try check(value, source: "$\(variable)") }
        return fallback
    }

    /// Refuses an empty (or blank) path, a path naming a folder, and one ending in `/`.
    static func check(_ path: String, source: String) throws -> String {
        if path.trimmingCharacters(in: .whitespaces).isEmpty {
            throw CLIError.badInput("\(source) is empty; give the path of a file (nothing was read or written)")
        }
        if path.hasSuffix("/") {
            throw CLIError.badInput("\(source) '\(path)' ends in '/'; give the path of a file, not a folder")
        }
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            throw CLIError.badInput("\(source) '\(path)' is a folder; give the path of a file")
        }
        return path
    }
}
