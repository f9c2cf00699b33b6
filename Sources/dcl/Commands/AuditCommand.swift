import ArgumentParser
import DCLApplication
import DCLEventLog
import Foundation

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Check the ledger's integrity.",
        subcommands: [AuditVerifyCommand.self])
}

struct AuditVerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Recompute every event's SHA-256 hash and every stream's chain.",
        discussion: """
        Exit 0 when every event verifies; exit 1 naming the first event whose content does not match
        its hash or whose previous hash does not match its stream's previous event.
        The canonical form is documented in docs/event-format.md so auditors can recompute it with other tools.
        """)

    @OptionGroup var ledger: LedgerOptions
    @Flag(help: "Print JSON.") var json = false

    struct Result: Encodable {
        var intact: Bool
        var eventsChecked: Int
        var streamsChecked: Int
        var firstFailure: String?
        var eventId: String?
        var position: Int64?
    }

    func run() async throws {
        try await withExitCodes {
            guard let service = try ledger.openForReading() else {
                throw CLIError.badInput("no ledger at \(ledger.path)")
            }
            let events: [StoredEvent]
            do { events = try await service.log.readAll() } catch { throw CLIError.from(error) }
            let report = AuditVerifier.verify(events)
            let result = Result(intact: report.firstFailure == nil, eventsChecked: report.eventsChecked,
                                streamsChecked: report.streamsChecked, firstFailure: report.firstFailure?.description,
                                eventId: report.firstFailure?.eventId, position: report.firstFailure?.position)
            if json {
                print(try Output.json(result))
            } else if let failure = report.firstFailure {
                print("TAMPERED: \(failure)")
            } else {
                print("intact: \(report.eventsChecked) events in \(report.streamsChecked) streams verify")
            }
            if let failure = report.firstFailure {
                throw CLIError.rejected("audit failed at event \(failure.eventId) (position \(failure.position))")
            }
        }
    }
}
