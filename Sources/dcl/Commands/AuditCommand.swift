import ArgumentParser
import DCLApplication
import DCLDomain
import DCLEventLog
import DCLKafka
import DCLProjections
import Foundation

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Check the ledger's integrity.",
        subcommands: [AuditVerifyCommand.self, AuditCheckpointCommand.self, AuditKeygenCommand.self, AuditReplayCommand.self])
}

struct AuditVerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Recompute every event's SHA-256 hash and every stream's chain.",
        discussion: """
        Exit 0 when every event verifies; exit 1 naming the first event whose content does not match its \
        hash or whose previous hash does not match its stream's previous event, or a stream whose history \
        differs from the checkpoint: --checkpoint FILE (one you kept elsewhere), else the latest checkpoint \
        recorded in the ledger (`dcl audit checkpoint`). Only a checkpoint shows a deleted tail. \
        --public-key pins the key the checkpoint must be signed with.

        On Kafka (--kafka) it also lists every record on the ledger topics that is not a readable event \
        (quarantined by readers: not JSON, truncated, an unknown envelope version, a wrong key or topic, \
        oversized) with its topic, partition, offset and reason, and exits 1 when there is one.

        The canonical form is documented in docs/event-format.md so auditors can recompute it with other tools.

        Examples:
          dcl audit verify
          dcl audit verify --ledger backup/ledger.db --json
          dcl audit verify --checkpoint checkpoints/2026-12-01.json --public-key auditor.pem.pub
          dcl audit verify --kafka localhost:9092
        """)

    @OptionGroup var ledger: LedgerOptions
    @Flag(help: "Print JSON.") var json = false
    @Option(help: ArgumentHelp("A checkpoint file to compare the ledger with (default: the latest recorded in the ledger).", valueName: "file"))
    var checkpoint: String?
    @Option(help: ArgumentHelp("The public key (PEM) the checkpoint must be signed with (default: $DCL_AUDIT_PUBLIC_KEY).", valueName: "file"))
    var publicKey: String?

    func run() async throws {
        try await withExitCodes {
            guard let service = try ledger.openForReading() else {
                throw CLIError.badInput("no ledger at \(ledger.description)")
            }
            // One pass over the log in batches: the chain and the checkpoint's heads are checked
            // as the events come, so memory follows the streams, not the ledger. With a
            // checkpoint the pass reads every partition up to the checkpoint's end cursor first.
            var pending = try await CheckpointCheck.prepare(file: checkpoint, publicKey: publicKey, log: service.log)
            let report: AuditVerifier.Report
            do {
                report = try await AuditVerifier.verify(service.log, checkpointEnd: pending?.check.end, visitAll: pending != nil) { stored, beforeEnd in
                    pending?.check.add(stored, beforeEnd: beforeEnd)
                }
            } catch { throw CLIError.from(error) }
            let anchored = pending?.outcome
            var quarantine: [KafkaQuarantinedMessage] = []
            var location: KafkaRecordLocation?
            if let kafka = service.log as? KafkaEventLog {
                // The pass read every partition to its end, meeting every unreadable record.
                quarantine = kafka.quarantinedByCursorReads()
                if let failure = report.firstFailure {
                    do { location = try await kafka.location(of: failure.envelope) } catch { throw CLIError.from(error) }
                }
            }
            // The same shape as `GET /api/audit/verify`, with the checkpoint's verdict and, on Kafka,
            // where records are stored and which ones readers quarantined.
            var result = AuditReport(report)
            result.intact = result.intact && (anchored?.report.isIntact ?? true) && quarantine.isEmpty
            result.checkpoint = anchored?.source
            result.checkpointKey = anchored?.report.keyFingerprint
            result.checkpointFindings = anchored?.report.findings.map(\.description)
            result.checkpointNotes = anchored.map { $0.report.notes }
            result.location = location?.description
            if service.log is KafkaEventLog {
                result.quarantined = quarantine.map {
                    AuditReport.QuarantinedRecord(topic: $0.topic, partition: $0.partition, offset: $0.offset, key: $0.key, reason: $0.reason)
                }
            }
            if json {
                print(try Output.json(result))
            } else {
                if let failure = report.firstFailure {
                    print(TerminalText.escaped("TAMPERED: \(failure)" + (location.map { ", stored at \($0)" } ?? "")))
                } else {
                    print("chain intact: \(report.eventsChecked) events in \(report.streamsChecked) streams verify")
                }
                if let anchored {
                    for finding in anchored.report.findings { print(TerminalText.escaped("TAMPERED against the checkpoint: \(finding)")) }
                    for note in anchored.report.notes { print(TerminalText.escaped("note: \(note)")) }
                    if anchored.report.isIntact {
                        print("checkpoint intact: every stream reaches the head recorded by \(anchored.source) (key \(anchored.report.keyFingerprint))")
                    }
                } else {
                    print("no checkpoint: a deleted tail cannot be detected (create one with `dcl audit checkpoint`)")
                }
                for record in quarantine {
                    print(TerminalText.escaped("QUARANTINED \(record.topic) partition \(record.partition) offset \(record.offset): \(record.reason)"))
                }
            }
            if let failure = report.firstFailure {
                throw CLIError.rejected("audit failed at event \(failure.eventId) (position \(failure.position))")
            }
            if let anchored, let first = anchored.report.findings.first {
                throw CLIError.rejected(TerminalText.escaped("audit failed against \(anchored.source): \(first)"))
            }
            if let first = quarantine.first {
                throw CLIError.rejected(TerminalText.escaped(
                    "audit failed: \(quarantine.count) record\(quarantine.count == 1 ? " is" : "s are") on the ledger topics but not readable "
                    + "events (quarantined; first \(first.topic) partition \(first.partition) offset \(first.offset): \(first.reason))"))
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
            let store = try FileLocation.check(store, source: "--store")
            if FileManager.default.fileExists(atPath: store) { throw CLIError.badInput("\(store) already exists; replay writes a new store") }
            if let toPosition, toPosition < 0 { throw CLIError.badInput("--to-position must be 0 or more") }
            let limit = ProjectionLimit(toPosition: toPosition, asOf: try asOf.map { try Output.parseTime($0, option: "--as-of") })
            guard let service = try ledger.openForReading() else { throw CLIError.badInput("no ledger at \(ledger.description)") }
            let models = try await OpenFiles.readModels(store)
            let report = try await Projector(log: service.log, store: models, limit: limit).catchUp()
            let cutoff = ReplayCutoff(asOf: limit.asOf, toPosition: limit.toPosition, position: report.position)
            try await models.freeze(at: cutoff)
            print("replayed \(report.events) event\(report.events == 1 ? "" : "s") into \(store) (\(cutoff)); "
                  + "the store is frozen at this cutoff and is never caught up (read it with --stale-ok)")
        }
    }
}
