import DCLDomain
import Foundation
import GRDB

/// A SQLite database as a quality source: each object is a table or view (`--object NAME=TABLE`,
/// else its `physicalName`, else its name), its columns mapped to properties by `name`, else
/// `physicalName`. Every check of an object is pushed down into one aggregate query that SQLite
/// runs in one scan; no row is copied out. Value tests SQL cannot say (types, patterns, formats,
/// lengths, ranges over text) run inside that scan as SQL functions backed by the same
/// `ValuePredicate` the CSV source uses, so both sources count alike. Each `sql` rule is one more query.
///
/// ```swift
/// let source = try SQLiteQualitySource(path: "warehouse.db", tables: ["orders": "orders_2026"])
/// let measured = try await source.measure(objectPlan)
/// ```
public struct SQLiteQualitySource: QualitySource {
    public let kind = "sqlite"
    public let path: String
    public var tables: [String: String]
    private let queue: DatabaseQueue

    public init(path: String, tables: [String: String]) throws(QualitySourceError) {
        guard FileManager.default.fileExists(atPath: path) else { throw QualitySourceError("no SQLite database at \(path)") }
        var configuration = Configuration()
        configuration.readonly = true
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
            // Fails here, not mid-run, when the file is not a database.
            _ = try queue.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sqlite_master") }
        } catch {
            throw QualitySourceError("cannot open SQLite database \(path): \(Self.message(error))")
        }
        self.path = path
        self.tables = tables
    }

    static func message(_ error: any Error) -> String {
        (error as? DatabaseError)?.message ?? "\(error)"
    }

    static func identifier(_ name: String) -> String { SQLDialect.identifier(name) }

    public func measure(_ object: ObjectPlan) async throws(QualitySourceError) -> ObjectMeasurement {
        let table = tables[object.object] ?? object.physicalName ?? object.object
        do {
            return try await queue.read { db in try measure(object, table: table, db: db) }
        } catch let error as QualitySourceError {
            throw error
        } catch {
            throw QualitySourceError("\(path) table '\(table)': \(Self.message(error))")
        }
    }

    private func measure(_ object: ObjectPlan, table: String, db: Database) throws -> ObjectMeasurement {
        let tableColumns = try Row.fetchAll(db, sql: "SELECT name FROM pragma_table_info(?)", arguments: [table]).map { $0[0] as String }
        guard !tableColumns.isEmpty else {
            let known = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') ORDER BY name")
            throw QualitySourceError("\(path): no table '\(table)' for object '\(object.object)'; its tables: "
                + (known.isEmpty ? "none" : known.joined(separator: ", ")))
        }
        let from = Self.identifier(table)
        let query = try AggregateQuery(object: object, from: from, tableColumns: tableColumns, dialect: .sqlite,
                                       place: "\(path) table '\(table)'")
        let predicateList = query.predicates
        db.add(function: DatabaseFunction("dcl_valid", argumentCount: 2, pure: true) { values in
            guard let index = Int.fromDatabaseValue(values[0]), let text = String.fromDatabaseValue(values[1]) else { return nil }
            return predicateList[index].accepts(text)
        })
        db.add(function: DatabaseFunction("dcl_epoch_ms", argumentCount: 1, pure: true) { values in
            guard let text = String.fromDatabaseValue(values[0]), let milliseconds = ValueGrammar.epochMilliseconds(text) else { return nil }
            return milliseconds
        })
        db.add(function: DatabaseFunction("dcl_row_hash", argumentCount: nil, pure: true, aggregate: RowChecksum.self))
        guard let row = try Row.fetchOne(db, sql: query.sql) else { throw QualitySourceError("\(path): the aggregate query returned no row") }
        let rows: Int64 = row[0]
        var values = query.values { row[$0] as Int64? }
        let checksum: Int64 = row[query.checksumColumn] ?? 0
        let sqlRules = query.sqlRules
        for check in sqlRules {
            guard case .sql(let text, let column) = check.metric else { continue }
            let rendered = SQLTemplate.render(text, table: from, column: column.flatMap { query.columns[$0] })
            let first: DatabaseValue
            do {
                guard let result = try Row.fetchOne(db, sql: rendered) else {
                    throw QualitySourceError("rule \(check.rule): the query returned no row: \(rendered)")
                }
                first = result.databaseValues.first ?? .null
            } catch let error as DatabaseError {
                throw QualitySourceError("rule \(check.rule): the query failed (\(error.message ?? "\(error)")): \(rendered)")
            }
            let number: NumericLiteral?
            switch first.storage {
            case .int64(let value): number = NumericLiteral(String(value))
            case .double(let value): number = NumericLiteral(value)
            case .string(let text): number = NumericLiteral(text)
            default: number = nil
            }
            guard let number else {
                throw QualitySourceError("rule \(check.rule): the query's first value is not a number: \(rendered)")
            }
            values[check.rule] = .number(number)
        }
        return ObjectMeasurement(location: "\(path) table \(table)", rowsScanned: rows,
                                 fingerprint: "sqlite:rows=\(rows);checksum=\(String(UInt64(bitPattern: checksum), radix: 16))",
                                 values: values)
    }
}

/// An order-independent checksum of a table's rows: the wrapping sum of each row's FNV-1a hash
/// over its columns' `quote()` texts. Same rows, same checksum, whatever the scan order.
struct RowChecksum: DatabaseAggregate {
    var sum: UInt64 = 0

    init() {}

    mutating func step(_ values: [DatabaseValue]) {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for value in values {
            for byte in (String.fromDatabaseValue(value) ?? "NULL").utf8 {
                hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
            }
            hash = (hash ^ 0x1f) &* 0x100_0000_01b3
        }
        sum &+= hash
    }

    func finalize() -> (any DatabaseValueConvertible)? { Int64(bitPattern: sum) }
}
