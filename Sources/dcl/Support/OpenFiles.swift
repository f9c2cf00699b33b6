import Foundation

/// Every SQLite file the process opened. `DCLMain` closes them all before exiting, which
/// checkpoints each write-ahead log into its file: a ledger on disk is always complete by itself,
/// and a command that records nothing leaves the file byte-for-byte as it was.
final class OpenFiles: @unchecked Sendable {
    // @unchecked: `closers` is only read or written while holding `lock`.
    static let shared = OpenFiles()

    private let lock = NSLock()
    private var closers: [@Sendable () async -> Void] = []

    func register(_ close: @escaping @Sendable () async -> Void) {
        lock.withLock { closers.append(close) }
    }

    func closeAll() async {
        let pending = lock.withLock { () -> [@Sendable () async -> Void] in
            defer { closers.removeAll() }
            return closers
        }
        for close in pending.reversed() { await close() }
    }
}

import DCLEventLog
import DCLKafka
import DCLPostgres
import DCLProjections
import DCLSQLite

extension OpenFiles {
    /// Opens the read-model store `location` names — a PostgreSQL database for a
    /// `postgres://USER@HOST:PORT/DB` URL, else the SQLite file at that path —, closed before the
    /// process exits. The rest of the CLI holds it as `any ReadModelStoring`.
    static func readModels(_ location: String) async throws -> any ReadModelStoring {
        if PostgresStoreURL.isPostgres(location) {
            let store = try await PostgresReadModelStore(url: location)
            shared.register { try? store.close() }
            return store
        }
        let store = try ReadModelStore(path: location)
        shared.register { try? store.close() }
        return store
    }

    /// A new SQLite store beside `location`, for a rebuild that replaces it when complete
    /// (`ReadModelStore.replaceOriginal()`).
    static func rebuiltReadModels(_ location: String) throws -> ReadModelStore {
        let store = try ReadModelStore(rebuilding: location)
        shared.register { try? store.close() }
        return store
    }

    /// A new SQLite store beside `location`, which does not exist yet, to be put there when it has
    /// caught up (`ReadModelStore.placeIfAbsent()`); nil when `location` is a PostgreSQL store or
    /// any file is there already. Processes that find no store at once each build their own;
    /// the first in place is kept, and the others catch it up.
    static func createdReadModels(_ location: String) throws -> ReadModelStore? {
        guard !PostgresStoreURL.isPostgres(location), ReadModelStore.canCreateBeside(location) else { return nil }
        let store = try ReadModelStore(creating: location)
        shared.register { try? store.close() }
        return store
    }

    /// The read-model store at `location`, caught up with `log`: what a read that must see every
    /// recorded event, or `dcl serve` before it listens, opens. A SQLite store that does not
    /// exist yet is folded beside it first (`createdReadModels`), the way a rebuild folds: at
    /// 1M events about 4 s instead of about 10.
    static func caughtUpReadModels(_ location: String, log: any EventLog) async throws -> any ReadModelStoring {
        if let fresh = try createdReadModels(location) {
            do {
                try await Projector(log: log, store: fresh).catchUp()
            } catch {
                fresh.discardCreation()
                throw error
            }
            // False: another process put a store there first; catching it up below folds what it lacks.
            _ = try fresh.placeIfAbsent()
        }
        let store = try await readModels(location)
        try await Projector(log: log, store: store).catchUp()
        return store
    }

    /// Connects to the ledger's Kafka topics; the clients are shut down before the process exits.
    static func kafkaLedger(_ configuration: KafkaConfiguration) throws -> KafkaEventLog {
        try BrokerReachability.requireOneAccepting(configuration.bootstrapServers)
        let log = try KafkaEventLog(configuration: configuration)
        shared.register { await log.shutdown() }
        return log
    }

    /// The projector's sink for `dcl.notifications.v1`: a producer that knows the topic exists
    /// (else a clear error now, not a timeout later), flushed and shut down before the process exits.
    static func kafkaNotificationSink(_ configuration: KafkaConfiguration) async throws -> KafkaNotificationSink {
        let producer = try KafkaProducer(configuration: configuration)
        shared.register { await producer.shutdown() }
        do {
            try await producer.prepare(topics: [configuration.notificationsTopic], timeout: configuration.requestTimeout)
        } catch {
            throw CLIError.from(error)
        }
        return KafkaNotificationSink(producer: producer, topic: configuration.notificationsTopic)
    }

    /// The projector's changelog on `dcl.catalog.v1` and `dcl.quality-summary.v1`, or nil (with
    /// a note on standard error) when the cluster lacks them: they are optional, for consumers.
    static func kafkaChangelogSink(_ configuration: KafkaConfiguration) async throws -> KafkaChangelogSink? {
        let producer = try KafkaProducer(configuration: configuration)
        shared.register { await producer.shutdown() }
        do {
            try await producer.prepare(topics: configuration.changelogTopics, timeout: configuration.requestTimeout)
        } catch where error.code == .topicMissing {
            StandardStreams.writeError("dcl: not publishing the changelog topics: \(error.message); "
                                       + "create them compacted with `dcl topics create` (see docs/kafka.md)\n")
            return nil
        } catch {
            throw CLIError.from(error)
        }
        return KafkaChangelogSink(producer: producer, configuration: configuration)
    }

    /// A Kafka admin client for `dcl topics`, after the same fail-fast probe as every other Kafka
    /// command; its librdkafka log lines go through the CLI's logging (`$DCL_LOG_LEVEL`).
    static func kafkaAdmin(_ configuration: KafkaConfiguration) throws -> KafkaAdmin {
        try BrokerReachability.requireOneAccepting(configuration.bootstrapServers)
        return try KafkaAdmin(configuration: configuration)
    }

    /// Opens a ledger file that is closed before the process exits; `readOnly` never writes to
    /// the file or its folder.
    static func ledger(_ path: String, readOnly: Bool = false) throws -> SQLiteEventLog {
        let log = try SQLiteEventLog(path: path, readOnly: readOnly)
        shared.register { try? log.close() }
        return log
    }
}
