import Logging
import ServiceLifecycle

/// Keeps a `ProjectedReadSide` current between requests, so `/readyz` and reads find little to do:
/// catches up every `pollInterval` through the read side's own serialized catch-up (so it never
/// races a request's). On graceful shutdown it finishes the catch-up in hand, then returns.
///
/// ```swift
/// let follower = ReadSideFollower(reads: reads)
/// try await ServiceGroup(configuration: .init(services: [.init(service: app), .init(service: follower)], logger: logger)).run()
/// ```
public struct ReadSideFollower: Service {
    public let reads: ProjectedReadSide
    public let pollInterval: Duration
    let logger: Logger

    public init(reads: ProjectedReadSide, pollInterval: Duration = .milliseconds(200), logger: Logger = Logger(label: "dcl.serve.follower")) {
        self.reads = reads
        self.pollInterval = pollInterval
        self.logger = logger
    }

    public func run() async throws {
        logger.info("read-model follower started", metadata: ["store": "\(reads.store.location)"])
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            try await reads.catchUp()
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: pollInterval) }
        }
        logger.info("read-model follower stopped")
    }
}
