import ArgumentParser
import DCLDomain
import Foundation

/// Who is writing: recorded on every event.
struct ActorOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Who records the events (default: $DCL_ACTOR, else the OS user).", valueName: "name"))
    var actor: String?

    func resolved() throws -> String {
        let environment = ProcessInfo.processInfo.environment
        let name = actor ?? environment["DCL_ACTOR"].flatMap { $0.isEmpty ? nil : $0 } ?? environment["USER"]
            ?? environment["LOGNAME"] ?? Self.osUser() ?? "unknown"
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, trimmed.count <= 200 else {
            throw CLIError.badInput("--actor must be 1 to 200 characters")
        }
        // An actor is printed on history lines; a newline or escape in it could forge a line.
        if let unsafe = TerminalText.firstUnsafe(in: trimmed) {
            throw CLIError.badInput("--actor has a control or invisible character (\(TerminalText.describe(unsafe.scalar))) at character \(unsafe.index); use printable text")
        }
        return trimmed
    }

    private static func osUser() -> String? {
        guard let entry = getpwuid(getuid()), let name = entry.pointee.pw_name else { return nil }
        return String(cString: name)
    }
}
