import ArgumentParser
import DCLKafka
import DCLKafkaProjection
import DCLPostgres
import DCLProjections
import Foundation
import Logging
import ServiceLifecycle

struct ProjectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "project",
        abstract: "Run the projector: fold the ledger's events into the read models.",
        discussion: """
        Each batch's read-model rows and the position it reaches are written in one transaction, so the \
        projector can be stopped or killed at any point and resumes without loss or duplicates.

        Runs until SIGINT/SIGTERM (finishing the batch in hand), or with --until-caught-up stops at the \
        ledger's end. --rebuild folds the whole ledger again from position zero: a SQLite store is rebuilt \
        in a new file beside it (STORE.rebuilding), which replaces it once complete, so the old read models \
        stay readable until then and a rebuild that fails or is stopped leaves them as they were; a \
        PostgreSQL store is emptied first. A SQLite store that does not exist yet is built the same way, in \
        STORE.creating-PID, and put in place when complete unless another process put a store there first (then \
        that one is caught up instead): shared with no one until complete, the file is written without a \
        write-ahead log and with each contract's rows once (1M events in about 4 s on two cores, against \
        about 10 s folded batch by batch into a shared store). Reads that find no store do the same. A long \
        catch-up (100,000 events or more) builds the timeline's contract index once at the end instead of \
        row by row; one of 65,536 events or more into an existing SQLite store on the embedded log commits \
        its batches in groups of about 131,072 events (or one second), one transaction each, so that each contract's quality \
        row is written once per group (readers see the store as each group leaves it). On a terminal, \
        --until-caught-up and --rebuild show their progress on standard error: position, events/s and the \
        time left.

        With --kafka, every breaking change and deprecation it folds is also produced on the topic \
        dcl.notifications.v1 (key: contract id; value: the notification as JSON, as `dcl consumer \
        notifications --json` shows it), after the batch is committed; a rebuild produces the same values \
        again. Create the topic first (`dcl dev kafka` does).

        Also with --kafka, the current catalog entry (a tombstone once retired) and quality summary of every \
        contract a batch changed are produced on the compacted topics dcl.catalog.v1 and \
        dcl.quality-summary.v1 (key: contract id), after the commit; when the cluster lacks them it says so \
        and publishes nothing there (`dcl topics create` and `dcl dev kafka` create them).

        With --kafka and --group NAME, the projector joins the consumer group NAME and folds only the \
        partitions the group gives it (partition p of both ledger topics), into a store the group's members \
        share: start as many as the topics have partitions, on as many machines, all with the same --store. \
        Each member resumes every partition it is given from the cursor stored with the read models (Kafka's \
        committed offsets are not used), lets a partition go only after committing the batch in hand, and \
        leaves the group on SIGTERM/SIGINT; a killed member's partitions move to the others after 6 s (the \
        session timeout). With --until-caught-up a member stops once every partition, whoever folds it, is \
        in the store up to where the ledger ended when it started.

        Examples:
          dcl project --until-caught-up
          dcl project --rebuild --until-caught-up --store /tmp/fresh.db
          dcl project &            keep the read models current until stopped
          dcl project --kafka localhost:9092 --until-caught-up   also produces dcl.notifications.v1
          dcl project --kafka localhost:9092 --group projectors --store postgres://dcl@db:5432/dcl   one member of a group
        """)

    @OptionGroup var ledger: LedgerOptions
    @Option(name: .long, help: ArgumentHelp("The read-model store: a SQLite file, or postgres://USER@HOST:PORT/DB (default: $DCL_STORE, else .dcl/readmodels.db).", valueName: "path|url"))
    var store: String?
    @Flag(help: "Stop once the read models reach the ledger's end.") var untilCaughtUp = false
    @Flag(help: "Rebuild the read models from position zero (a SQLite store in a new file that replaces it when done).") var rebuild = false
    @Option(help: ArgumentHelp("Events per transaction while following the ledger. A catch-up grows its batches with the backlog, up to \(Projector.defaultMaxBatchSize) (or this size, if larger); a long one into an existing SQLite store commits them in groups (see above).",
                               valueName: "n"))
    var batchSize: Int = 2000
    @Option(help: ArgumentHelp("With --kafka: join this consumer group of projectors and fold only the partitions it gives this one.",
                               valueName: "name"))
    var group: String?

    func validate() throws {
        if batchSize < 1 { throw ValidationError("--batch-size must be at least 1") }
        if let group {
            if group.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--group needs a group name") }
            if rebuild { throw ValidationError("--group cannot be combined with --rebuild: rebuild into a new store with one projector, or start every member on an empty store") }
        }
    }

    func run() async throws {
        try await withExitCodes {
            let path = try StoreOptions.parse(store.map { ["--store", $0] } ?? []).path
            // A SQLite store is rebuilt in a new file beside it, which replaces it once complete; one
            // that does not exist yet is folded the same way, and put in place if still absent then.
            let beside: ReadModelStore?
            if rebuild {
                beside = PostgresStoreURL.isPostgres(path) ? nil : try OpenFiles.rebuiltReadModels(path)
            } else {
                beside = group == nil ? try OpenFiles.createdReadModels(path) : nil
            }
            let models: any ReadModelStoring
            if let beside { models = beside } else { models = try await OpenFiles.readModels(path) }
            if rebuild, let postgres = models as? PostgresReadModelStore { try await postgres.removeAllReadModels() }
            let service = try ledger.openService()
            var projector = Projector(log: service.log, store: models, batchSize: batchSize)
            if let configuration = try ledger.kafka.configuration() {
                // On Kafka, breaking changes and deprecations also go to dcl.notifications.v1.
                projector.notificationSink = try await OpenFiles.kafkaNotificationSink(configuration)
                // And the current catalog entry and quality summary of every contract a batch changes
                // go to the compacted changelog topics dcl.catalog.v1 and dcl.quality-summary.v1.
                projector.changelogSink = try await OpenFiles.kafkaChangelogSink(configuration)
            }
            if let group {
                guard let configuration = try ledger.kafka.configuration(), let log = service.log as? KafkaEventLog else {
                    throw CLIError.badInput("--group needs --kafka (or $DCL_KAFKA): a consumer group shares a Kafka ledger's partitions")
                }
                try await runGroupMember(projector: projector, log: log, configuration: configuration, group: group)
                return
            }
            if untilCaughtUp || beside != nil {
                let bar = ProgressBar(enabled: isatty(STDERR_FILENO) != 0)
                var report: ProjectionReport
                do {
                    report = try await projector.catchUp(progress: bar.update)
                } catch {
                    beside?.discardCreation()
                    throw error
                }
                bar.finish()
                if let beside {
                    var placed = true
                    if beside.createsOriginal { placed = try beside.placeIfAbsent() } else { try beside.replaceOriginal() }
                    // Then go on in the store now in place (following the ledger, or catching up the
                    // one another process put there first); a fold that stops here and placed its
                    // own store has nothing left to do in it.
                    if !untilCaughtUp || !placed {
                        var following = Projector(log: service.log, store: try await OpenFiles.readModels(path), batchSize: batchSize)
                        following.notificationSink = projector.notificationSink
                        following.changelogSink = projector.changelogSink
                        projector = following
                        if untilCaughtUp { report = try await projector.catchUp(progress: bar.update) }
                    }
                }
                if untilCaughtUp {
                    print("read models at position \(report.position) (\(report.events) events folded, \(String(format: "%.0f", report.eventsPerSecond)) events/s)")
                    return
                }
            }
            var logger = Logger(label: "dcl.project")
            logger.logLevel = .info
            logger[metadataKey: "malloc"] = "\(MallocArenas.allocator)"
            logger[metadataKey: "malloc_arenas"] = "\(MallocArenas.limit)"
            let group = ServiceGroup(configuration: .init(
                services: [.init(service: ProjectorService(projector: projector, logger: logger))],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
            try await group.run()
        }
    }
}

extension ProjectCommand {
    /// One member of a projector group, until SIGTERM/SIGINT or (with --until-caught-up) until
    /// the whole ledger is folded.
    func runGroupMember(projector: Projector, log: KafkaEventLog, configuration: KafkaConfiguration, group: String) async throws {
        var logger = Logger(label: "dcl.project")
        logger.logLevel = .info
        var member = KafkaGroupProjector(projector: projector, log: log, configuration: configuration, group: group, logger: logger)
        member.untilCaughtUp = untilCaughtUp
        let started = Date()
        if untilCaughtUp {
            let report = try await member.runMember()
            print("group \(group): this member folded \(report.events) events in \(String(format: "%.1f", Date().timeIntervalSince(started))) s; "
                  + "every partition is in the store")
            return
        }
        let services = ServiceGroup(configuration: .init(
            services: [.init(service: member)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await services.run()
    }
}

/// A one-line progress bar on standard error: position, events/s and ETA.
final class ProgressBar: Sendable {
    let enabled: Bool
    init(enabled: Bool) { self.enabled = enabled }

    @Sendable func update(_ progress: ProjectionProgress) {
        guard enabled, progress.end > 0 else { return }
        let fraction = Double(progress.position) / Double(progress.end)
        let filled = Int(fraction * 30)
        let remaining = progress.eventsPerSecond > 0 ? Double(progress.end - progress.position) / progress.eventsPerSecond : 0
        let line = String(format: "\r[%@%@] %lld/%lld  %.0f events/s  ETA %.0fs ", String(repeating: "#", count: filled),
                          String(repeating: ".", count: 30 - filled), progress.position, progress.end, progress.eventsPerSecond, remaining)
        StandardStreams.writeError(line)
    }

    func finish() {
        if enabled { StandardStreams.writeError("\n") }
    }
}
