import ArgumentParser
import DCLApplication
import DCLEventLog
import DCLProjections
import Foundation

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Check the ledger's integrity.",
        subcommands: [AuditVerifyCommand.self, AuditReplayCommand.self])
}

struct AuditVerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Recompute every event's SHA-256 hash and every stream's chain.",
        discussion: """
        Exit 0 when every event verifies; exit 1 naming the first event whose content does not match its \
        hash or whose previous hash does not match its stream's previous event. The canonical form is \
        documented in docs/event-format.md so auditors can recompute it with other tools.

        Examples:
          dcl audit verify
          dcl audit verify --ledger backup/ledger.db --json
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
                throw CLIError.badInput("no ledger at \(ledger.description)")
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

struct AuditReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Rebuild the read models as the ledger stood at a time (or position) into a store you keep.",
        discussion: """
        The store is new and yours to keep: hand it to an auditor, and read it with --stale-ok so it is not \
        brought up to date.

        Examples:
          dcl audit replay --as-of 2026-11-01T00:00:00Z --store audit-2026-11-01.db
          dcl catalog --store audit-2026-11-01.db --stale-ok
        """)

    @OptionGroup var ledger: LedgerOptions
    @Option(help: ArgumentHelp("Record time to replay up to (ISO 8601).", valueName: "time")) var asOf: String?
    @Option(help: ArgumentHelp("Log position to replay up to.", valueName: "n")) var toPosition: Int64?
    @Option(help: ArgumentHelp("The new store to write (must not exist).", valueName: "path")) var store: String

    func validate() throws {
        if asOf == nil && toPosition == nil { throw ValidationError("give --as-of or --to-position") }
    }

    func run() async throws {
        try await withExitCodes {
            if FileManager.default.fileExists(atPath: store) { throw CLIError.badInput("\(store) already exists; replay writes a new store") }
            let limit = ProjectionLimit(toPosition: toPosition, asOf: try asOf.map { try Output.parseTime($0, option: "--as-of") })
            guard let service = try ledger.openForReading() else { throw CLIError.badInput("no ledger at \(ledger.description)") }
            let models = try OpenFiles.readModels(store)
            let report = try await Projector(log: service.log, store: models, limit: limit).catchUp()
            print("replayed \(report.events) events into \(store)")
        }
    }
}
