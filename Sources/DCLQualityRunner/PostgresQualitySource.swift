import DCLDomain
import Foundation
import Logging
import PostgresNIO

/// A PostgreSQL database as a quality source (`--source postgres://USER[:PASSWORD]@HOST[:PORT]/DB`):
/// each object is a table or view (`--object NAME=TABLE` or `NAME=SCHEMA.TABLE`, else its
/// `physicalName`, else its name, found on the search path), its columns mapped to properties by
/// `name`, else `physicalName`. Every check of an object is pushed down into one aggregate query
/// (`AggregateQuery`, PostgreSQL dialect): PostgreSQL scans the table once, computes the fingerprint
/// (row count and a checksum over every row's text) in the same scan, and sends back one row. No
/// table row reaches the client. Each `type: sql` rule is one more query, run as written with its
/// placeholders filled.
///
/// ```swift
/// let source = try PostgresQualitySource(url: "postgres://ci@db.internal:5432/shop", tables: ["orders": "sales.orders"])
/// let measured = try await source.measure(objectPlan)
/// ```
public struct PostgresQualitySource: QualitySource {
    public let kind = "postgres"
    /// The URL without its password, for messages and the report.
    public let displayURL: String
    public var tables: [String: String]
    private let configuration: PostgresConnection.Configuration

    public init(url: String, tables: [String: String]) throws(QualitySourceError) {
        guard let components = URLComponents(string: url), let host = components.host, !host.isEmpty else {
            throw QualitySourceError("--source \(url): not a PostgreSQL URL; write postgres://USER@HOST[:PORT]/DATABASE")
        }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty, !database.contains("/") else {
            throw QualitySourceError("--source \(url): name one database after the host, e.g. postgres://USER@\(host)/shop")
        }
        guard let user = components.user, !user.isEmpty else {
            throw QualitySourceError("--source \(url): name the user, e.g. postgres://reader@\(host)/\(database)")
        }
        let port = components.port ?? 5432
        for item in components.queryItems ?? [] {
            switch (item.name, item.value ?? "") {
            case ("sslmode", "disable"), ("sslmode", "allow"), ("sslmode", "prefer"): continue
            case ("sslmode", let mode):
                throw QualitySourceError("--source: sslmode=\(mode) is not supported; dcl connects to PostgreSQL without TLS "
                    + "(sslmode=disable), so use it on a trusted network or through a tunnel")
            default:
                throw QualitySourceError("--source: unknown URL parameter '\(item.name)'; only sslmode=disable is understood")
            }
        }
        let password = components.password ?? ProcessInfo.processInfo.environment["PGPASSWORD"]
        configuration = PostgresConnection.Configuration(host: host, port: port, username: user, password: password, database: database,
                                                         tls: .disable)
        displayURL = "postgres://\(user)@\(host):\(port)/\(database)"
        self.tables = tables
    }

    /// Quiet: a failure reaches the user as the run's error message, not as a log line.
    private static let logger = Logger(label: "dcl.quality.postgres", factory: { _ in SwiftLogNoOpLogHandler() })

    /// What went wrong, said plainly: the server's own message, or why the connection failed.
    static func message(_ error: any Error) -> String {
        guard let error = error as? PSQLError else { return "\(error)" }
        if let message = error.serverInfo?[.message] {
            return message + (error.serverInfo?[.hint].map { " (\($0))" } ?? "")
        }
        if let underlying = error.underlying { return "\(underlying)" }
        return "\(error.code)"
    }

    public func measure(_ object: ObjectPlan) async throws(QualitySourceError) -> ObjectMeasurement {
        let table = tables[object.object] ?? object.physicalName ?? object.object
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: Self.logger)
        } catch {
            throw QualitySourceError("cannot connect to PostgreSQL at \(displayURL): \(Self.message(error))")
        }
        do {
            let measured = try await measure(object, table: table, on: connection)
            try? await connection.close()
            return measured
        } catch {
            try? await connection.close()
            if let error = error as? QualitySourceError { throw error }
            throw QualitySourceError("\(displayURL) table '\(table)': \(Self.message(error))")
        }
    }

    /// `sales.orders` → `"sales"."orders"`; `orders` → `"orders"` (found on the search path).
    static func qualifiedName(_ table: String) -> String {
        table.split(separator: ".", maxSplits: 1).map { SQLDialect.identifier(String($0)) }.joined(separator: ".")
    }

    private func rows(_ sql: PostgresQuery, on connection: PostgresConnection) async throws -> [PostgresRandomAccessRow] {
        var rows: [PostgresRandomAccessRow] = []
        for try await row in try await connection.query(sql, logger: Self.logger) { rows.append(row.makeRandomAccess()) }
        return rows
    }

    private func measure(_ object: ObjectPlan, table: String, on connection: PostgresConnection) async throws -> ObjectMeasurement {
        let from = Self.qualifiedName(table)
        let tableColumns = try await rows("""
            SELECT attname::text FROM pg_catalog.pg_attribute
            WHERE attrelid = to_regclass(\(from)) AND attnum > 0 AND NOT attisdropped ORDER BY attnum
            """, on: connection).map { try $0[0].decode(String.self) }
        guard !tableColumns.isEmpty else {
            let known = try await rows("""
                SELECT CASE WHEN table_schema = 'public' THEN '' ELSE table_schema || '.' END || table_name
                FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1
                """, on: connection).map { try $0[0].decode(String.self) }
            throw QualitySourceError("\(displayURL): no table '\(table)' for object '\(object.object)'; its tables: "
                + (known.isEmpty ? "none" : known.joined(separator: ", ")))
        }
        let query = try AggregateQuery(object: object, from: from, tableColumns: tableColumns, dialect: .postgres,
                                       place: "\(displayURL) table '\(table)'")
        guard let row = try await rows(PostgresQuery(unsafeSQL: query.sql), on: connection).first else {
            throw QualitySourceError("\(displayURL): the aggregate query returned no row")
        }
        let count = try row[0].decode(Int64.self)
        var values = try query.values { try row[$0].decode(Int64?.self) }
        let checksum = try row[query.checksumColumn].decode(String.self)
        for check in query.sqlRules {
            guard case .sql(let text, let column) = check.metric else { continue }
            let rendered = SQLTemplate.render(text, table: from, column: column.flatMap { query.columns[$0] })
            let first: PostgresCell
            do {
                guard let result = try await rows(PostgresQuery(unsafeSQL: rendered), on: connection).first, result.count > 0 else {
                    throw QualitySourceError("rule \(check.rule): the query returned no row: \(rendered)")
                }
                first = result[0]
            } catch let error as QualitySourceError {
                throw error
            } catch {
                throw QualitySourceError("rule \(check.rule): the query failed (\(Self.message(error))): \(rendered)")
            }
            guard let number = Self.number(first) else {
                throw QualitySourceError("rule \(check.rule): the query's first value is not a number: \(rendered)")
            }
            values[check.rule] = .number(number)
        }
        return ObjectMeasurement(location: "\(displayURL) table \(table)", rowsScanned: count,
                                 fingerprint: "postgres:rows=\(count);checksum=\(checksum)", values: values)
    }

    /// A `sql` rule's first value as a number, whatever numeric (or numeric text) type it has.
    static func number(_ cell: PostgresCell) -> NumericLiteral? {
        guard cell.bytes != nil else { return nil }
        switch cell.dataType {
        case .int2, .int4, .int8: return (try? cell.decode(Int64.self)).flatMap { NumericLiteral(String($0)) }
        case .float4, .float8: return (try? cell.decode(Double.self)).flatMap { NumericLiteral($0) }
        case .numeric: return (try? cell.decode(Decimal.self)).flatMap { NumericLiteral("\($0)") }
        default: return (try? cell.decode(String.self)).flatMap { NumericLiteral($0.trimmingCharacters(in: .whitespaces)) }
        }
    }
}
