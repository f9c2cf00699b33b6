import DCLEventLog
import Foundation
import Logging
import ServiceLifecycle

/// `dcl project` as a long-running `ServiceLifecycle.Service`: follows the log, committing batch
/// by batch. On SIGINT/SIGTERM it finishes the batch in hand, then returns.
public struct ProjectorService: Service {
    public let projector: Projector
    public let pollInterval: Duration
    let logger: Logger

    public init(projector: Projector, pollInterval: Duration = .milliseconds(200), logger: Logger = Logger(label: "dcl.projector")) {
        self.projector = projector
        self.pollInterval = pollInterval
        self.logger = logger
    }

    public func run() async throws {
        logger.info("projector started", metadata: ["store": "\(projector.store.location)"])
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let report = try await projector.catchUp(shouldStop: { Task.isShuttingDownGracefully })
            if report.events > 0 {
                logger.info("projected", metadata: ["position": "\(report.position)", "events": "\(report.events)"])
            }
            // Sleeping is cut short by shutdown; the batch above always completes first.
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: pollInterval) }
        }
        logger.info("projector stopped")
    }
}
