import DCLApplication
import DCLDomain
import DCLEventLog
import DCLProjections
import Foundation
import Logging
import PostgresNIO

/// The read-model store in a PostgreSQL database (`--store postgres://USER@HOST:PORT/DB`): the same
/// read models, queries and canonical export as the SQLite store (`ReadModelStore`), for several
/// projectors on several machines writing one store.
///
/// Tables and columns are the SQLite store's, with PostgreSQL types (`bigint`, `boolean`, `text`
/// in the "C" collation, so sorting and comparing are byte-wise as in SQLite). Each batch is one
/// transaction; its rows go in with one statement per table (arrays unnested, see `NullableArray`).
/// On a partitioned log (`ProjectionBatch.fromCursor`) a batch locks only its own partitions'
/// `log_cursor` rows, and the shared fold-state row only when it carries global events, so
/// projectors owning different partitions commit side by side (see `commit(_:rate:)`).
///
/// ```swift
/// let store = try await PostgresReadModelStore(url: "postgres://dcl@127.0.0.1:5432/readmodels")
/// let entries = try await store.catalog(CatalogFilter(text: "orders"))
/// let export = try await store.canonicalExport()   // the same bytes as the SQLite store's
/// try store.close()
/// ```
public final class PostgresReadModelStore: Sendable {
    /// The URL without its password: what messages name the store by.
    public let location: String
    let client: PostgresClient
    /// Runs the client's connection pool until `close()` cancels it.
    private let running: Task<Void, Never>
    /// Whether the catalog's text search can narrow by the `pg_trgm` index (see `catalogWhere`).
    let trigramSearch: Bool
    let logger: Logger

    /// Connects and brings the schema up to date (safe when several processes open a new store at
    /// once: the migrations run under an advisory lock, see `migrate`).
    public convenience init(url: String) async throws {
        try await self.init(location: try PostgresStoreURL(url))
    }

    public init(location: PostgresStoreURL, logger: Logger = Logger(label: "dcl.store.postgres", factory: { _ in SwiftLogNoOpLogHandler() })) async throws {
        self.location = location.display
        self.logger = logger
        var configuration = PostgresClient.Configuration(host: location.host, port: location.port, username: location.user,
                                                         password: location.password, database: location.database, tls: .disable)
        // A projector holds one connection for its commit and reads on others; a few suffice.
        configuration.options.maximumConnections = 8
        configuration.options.connectTimeout = .seconds(10)
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        running = Task { await client.run() }
        do {
            trigramSearch = try await PostgresReadModelStore.migrate(client, logger: logger)
        } catch {
            running.cancel()
            throw ProjectionError(.unavailable, "cannot open read-model store '\(location.display)': \(Self.message(error))")
        }
    }

    /// Closes every connection (the pool stops when its task is cancelled). Idempotent.
    public func close() throws {
        running.cancel()
    }

    deinit { running.cancel() }

    /// What went wrong, said plainly: the server's message, or why the connection failed.
    static func message(_ error: any Error) -> String {
        if let error = error as? ProjectionError { return error.message }
        guard let error = error as? PSQLError else { return "\(error)" }
        if let message = error.serverInfo?[.message] {
            return message + (error.serverInfo?[.detail].map { " (\($0))" } ?? "")
        }
        if let underlying = error.underlying { return "\(underlying)" }
        return "\(error.code)"
    }

    /// Runs `body` in one transaction on one connection; rolls back when it throws, and rethrows
    /// its error as it is (a `.staleCheckpoint` stays one).
    @discardableResult
    func transaction<Result: Sendable>(_ isolation: String = "READ COMMITTED",
                                       _ body: (PostgresConnection) async throws -> Result) async throws -> Result {
        do {
            return try await client.withConnection { connection in
                try await connection.query(PostgresQuery(unsafeSQL: "BEGIN ISOLATION LEVEL \(isolation)"), logger: logger)
                do {
                    let result = try await body(connection)
                    try await connection.query("COMMIT", logger: logger)
                    return result
                } catch {
                    _ = try? await connection.query("ROLLBACK", logger: logger)
                    throw error
                }
            }
        } catch let error as ProjectionError {
            throw error
        } catch {
            throw ProjectionError(.unavailable, "read-model store '\(location)': \(Self.message(error))")
        }
    }

    /// Runs `body` on one connection in a read-only snapshot: every query it makes sees the same
    /// committed state (a commit between two of them would pair one batch's position with
    /// another's rows).
    func read<Result: Sendable>(_ body: (PostgresConnection) async throws -> Result) async throws -> Result {
        try await transaction("REPEATABLE READ READ ONLY", body)
    }

    /// Every row of `query`, random access by column name.
    func rows(_ query: PostgresStatement, on connection: PostgresConnection) async throws -> [PostgresRandomAccessRow] {
        var rows: [PostgresRandomAccessRow] = []
        for try await row in try await connection.query(query.query, logger: logger) { rows.append(row.makeRandomAccess()) }
        return rows
    }

    /// Runs a statement that returns no rows.
    func execute(_ query: PostgresStatement, on connection: PostgresConnection) async throws {
        try await connection.query(query.query, logger: logger)
    }
}
