import ArgumentParser
import DCLApplication
import DCLEventLog
import DCLHTTP
import DCLKafka
import DCLProjections
import Foundation
import Logging
import ServiceLifecycle

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the ledger over HTTP: the JSON API and a web dashboard (docs/http-api.md), next to a projector keeping the read models current.",
        discussion: """
        Open http://HOST:PORT/ in a browser for the web dashboard: the catalog with search and filters, each \
        contract's schema, versions, diffs, quality trend and timeline, the quality dashboard per domain and the \
        audit, each page with an "as of" time. The JSON API is under /api, the Schema Registry subset at the root.

        Reads answer from the read models, caught up with the ledger first (read-your-writes); every read \
        takes ?asOf=TIME. Writes go through the same rules as the CLI; errors are RFC 9457 problem+json. \
        Every write needs an API token of the domain it writes in (dcl token create --domain D), sent as \
        'Authorization: Bearer SECRET'; the token's name is recorded as the actor. --open-writes accepts writes \
        without one (a developer's machine only); --reads-need-token refuses reads without one. \
        SIGTERM/SIGINT stop accepting connections, finish the requests in hand, and stop keeping the read models current after \
        the catch-up in hand. Prints "listening on http://HOST:PORT" once the port is bound (--port 0 picks a free one).

        Where projectors in a group keep a shared store (dcl project --kafka B --group NAME --store \
        postgres://…), --no-projector leaves the folding to them: the server only reads, waiting up to 2 s \
        for the store to reach the ledger's end a read found.

        Examples:
          dcl token create --domain sales --name sales-ci
          dcl serve
          dcl serve --host 0.0.0.0 --port 8080 --ledger /data/ledger.db --store /data/readmodels.db
          dcl serve --kafka kafka:9092 --store postgres://dcl@db:5432/dcl --no-projector
          curl -s localhost:8080/api/contracts?q=revenue
        """)

    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var actor: ActorOptions
    @Option(name: .long, help: ArgumentHelp("The read-model store (default: $DCL_STORE, else .dcl/readmodels.db).", valueName: "path"))
    var store: String?
    @Option(help: "The address to listen on.") var host = "127.0.0.1"
    @Option(help: "The port to listen on (0: any free port).") var port = 8080
    @Option(help: ArgumentHelp("/readyz answers 503 while the read models are more than this many events behind.", valueName: "n"))
    var readyLag: Int64 = 1000
    @Flag(help: "Accept writes without an API token (actor: the DCL-Actor header, else --actor). Local development only.")
    var openWrites = false
    @Flag(help: "Refuse reads (all but /healthz and /readyz) without a valid API token.")
    var readsNeedToken = false
    @Flag(help: ArgumentHelp(
        "Never fold the log: projectors elsewhere keep the store (dcl project --group members sharing a PostgreSQL store). A read waits up to 2 s for the store to hold the log's end it found, then answers from the store as it stands; /readyz reports the lag."))
    var noProjector = false
    @Option(help: ArgumentHelp("Log level: trace, debug (one line per request, with its id), info, notice, warning, error.", valueName: "level"))
    var logLevel = "info"
    @Option(help: ArgumentHelp("How far ahead of now a quality result's observedAt may be, in seconds (default: $DCL_MAX_CLOCK_SKEW, else 300).",
                               valueName: "seconds"))
    var maxClockSkew: Int64?

    func validate() throws {
        if !(0...65535).contains(port) { throw ValidationError("--port must be 0 to 65535") }
        if readyLag < 0 { throw ValidationError("--ready-lag must be 0 or more") }
        if Logger.Level(rawValue: logLevel) == nil { throw ValidationError("--log-level '\(logLevel)' is not one of trace, debug, info, notice, warning, error, critical") }
    }

    func run() async throws {
        try await withExitCodes {
            let storePath = try StoreOptions.parse(store.map { ["--store", $0] } ?? []).path
            var service = try ledger.openService()
            service.maxClockSkew = try ObservationSkewSetting.resolve(flag: maxClockSkew)
            // A store built from another ledger is refused before the port opens.
            let models: any ReadModelStoring
            if noProjector {
                models = try await OpenFiles.readModels(storePath)
                try await models.checkBelongs(to: service.log)
            } else {
                models = try await OpenFiles.caughtUpReadModels(storePath, log: service.log)
            }
            var logger = Logger(label: "dcl.serve")
            logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
            let reads = ProjectedReadSide(log: service.log, store: models, projects: !noProjector)
            // Audits read the whole ledger from its beginning: on Kafka through clients of their
            // own, leaving the projector's partition reader where it streams.
            let auditLog: (any EventLog)? = try (service.log as? KafkaEventLog).map { try OpenFiles.kafkaLedger($0.configuration) }
            let ports = LedgerPorts(commands: service, reads: reads,
                                    defaultActor: try actor.resolved(), readinessMaxLag: readyLag,
                                    access: AccessPolicy(openWrites: openWrites, readsNeedToken: readsNeedToken), auditLog: auditLog)
            let host = self.host
            let app = buildApplication(ports: ports, host: host, port: port, logger: logger) { bound in
                // Tests and scripts wait for this line to learn the port: written unbuffered.
                FileHandle.standardOutput.write(Data("listening on http://\(host):\(bound)\n".utf8))
            }
            // The follower projects through the read side, so its catch-ups and the requests' never overlap.
            let follower: [ServiceGroupConfiguration.ServiceConfiguration] = noProjector ? [] : [.init(service: ReadSideFollower(reads: reads, logger: logger))]
            let group = ServiceGroup(configuration: .init(
                services: [.init(service: app)] + follower,
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
            try await group.run()
        }
    }
}
