import DCLProjections
import Foundation

/// Where a PostgreSQL read-model store lives: `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE`
/// (also `postgresql://`), the password else from `PGPASSWORD`. The store's tables are created in
/// that database's default schema. Only `sslmode=disable` (and `allow`, `prefer`) is understood:
/// dcl connects without TLS, as the quality runner's PostgreSQL source does.
///
/// ```swift
/// let url = try PostgresStoreURL("postgres://dcl@db.internal:5432/readmodels")
/// url.display   // "postgres://dcl@db.internal:5432/readmodels" (never the password)
/// PostgresStoreURL.isPostgres("/tmp/readmodels.db")   // false: a SQLite file
/// ```
public struct PostgresStoreURL: Sendable, Hashable, CustomStringConvertible {
    public var user: String
    public var password: String?
    public var host: String
    public var port: Int
    public var database: String

    /// Whether `--store` names a PostgreSQL store rather than a SQLite file.
    public static func isPostgres(_ store: String) -> Bool {
        store.hasPrefix("postgres://") || store.hasPrefix("postgresql://")
    }

    public init(_ text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        func failure(_ message: String) -> ProjectionError {
            ProjectionError(.invalidArgument, "--store \(Self.withoutPassword(text)): \(message)")
        }
        guard Self.isPostgres(text), let components = URLComponents(string: text), let host = components.host, !host.isEmpty else {
            throw failure("not a PostgreSQL URL; write postgres://USER@HOST[:PORT]/DATABASE")
        }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty, !database.contains("/") else {
            throw failure("name one database after the host, e.g. postgres://USER@\(host)/readmodels")
        }
        guard let user = components.user, !user.isEmpty else {
            throw failure("name the user, e.g. postgres://dcl@\(host)/\(database)")
        }
        for item in components.queryItems ?? [] {
            switch (item.name, item.value ?? "") {
            case ("sslmode", "disable"), ("sslmode", "allow"), ("sslmode", "prefer"): continue
            case ("sslmode", let mode):
                throw failure("sslmode=\(mode) is not supported; dcl connects to PostgreSQL without TLS (sslmode=disable), "
                    + "so use it on a trusted network or through a tunnel")
            default:
                throw failure("unknown URL parameter '\(item.name)'; only sslmode=disable is understood")
            }
        }
        self.user = user
        password = components.password ?? environment["PGPASSWORD"]
        self.host = host
        port = components.port ?? 5432
        self.database = database
    }

    /// The URL without its password, for messages.
    public var display: String { "postgres://\(user)@\(host):\(port)/\(database)" }

    public var description: String { display }

    /// `text` with any password replaced, for an error message about a URL that did not parse.
    static func withoutPassword(_ text: String) -> String {
        guard var components = URLComponents(string: text), components.password != nil else { return text }
        components.password = "***"
        return components.string ?? text
    }
}
