/// The one aggregate query that measures every check of an object on a database table, in one
/// scan: `SELECT COUNT(*), <one expression per check>, <checksum> FROM table`. Shared by the SQLite
/// and PostgreSQL sources; `SQLDialect` says where their SQL differs. `type: sql` rules are not
/// part of it (each runs as its own query, `sqlRules`).
///
/// ```swift
/// let query = AggregateQuery(object: plan, table: "\"orders\"", columns: ["id": "\"id\""],
///                            tableColumns: ["\"id\"", "\"name\""], dialect: .sqlite)
/// // query.sql: SELECT COUNT(*), COUNT(*) - COUNT("id"), …, dcl_row_hash(quote("id"), quote("name")) FROM "orders"
/// ```
struct AggregateQuery {
    /// Where a check's value is in the result row.
    struct Placement {
        var rule: String
        var column: Int
        /// Freshness: the newest time (milliseconds), nil when none; else a count.
        var isNewest: Bool
    }

    var sql: String
    var placements: [Placement]
    /// SQLite: the predicates `dcl_valid(i, text)` refers to, by index.
    var predicates: [ValuePredicate]
    var sqlRules: [QualityCheck]
    /// The result column of the checksum (the last).
    var checksumColumn: Int
    /// Property name → its column as SQL, for every column the checks read (and `type: sql` rules' `{column}`).
    var columns: [String: String]

    /// The query over `table` (its quoted SQL name in `from`) whose columns are `tableColumns` (plain names):
    /// each property the checks read is the first of its names (`physicalName`, then its own) the table has.
    /// `place` names the table in the error when one is missing (`"orders.db table 'orders'"`).
    init(object: ObjectPlan, from table: String, tableColumns: [String], dialect: SQLDialect,
         place: String) throws(QualitySourceError) {
        var columns: [String: String] = [:]
        for column in object.readColumns {
            let names = object.columns[column] ?? [column]
            guard let found = names.first(where: tableColumns.contains) else {
                throw QualitySourceError("\(place): no column \(names.map { "'\($0)'" }.joined(separator: " or ")) "
                    + "for property '\(column)'; its columns: \(tableColumns.joined(separator: ", "))")
            }
            columns[column] = SQLDialect.identifier(found)
        }
        self.init(object: object, table: table, columns: columns, tableColumns: tableColumns.map(SQLDialect.identifier),
                  dialect: dialect)
    }

    /// Each check's value from the result row, read with `cell(column)` (nil for SQL NULL): the newest time
    /// for freshness, else a count (NULL counts as 0).
    func values(reading cell: (Int) throws -> Int64?) rethrows -> [String: ObjectMeasurement.Value] {
        var values: [String: ObjectMeasurement.Value] = [:]
        for placement in placements {
            let value = try cell(placement.column)
            values[placement.rule] = placement.isNewest ? .newest(value) : .count(value ?? 0)
        }
        return values
    }

    /// - Parameters:
    ///   - table: the table as SQL (quoted identifier).
    ///   - columns: property name → its column as SQL (quoted identifier), for every column the checks read.
    ///   - tableColumns: every column of the table as SQL, for the checksum.
    init(object: ObjectPlan, table: String, columns: [String: String], tableColumns: [String], dialect: SQLDialect) {
        var predicates: [ValuePredicate] = []
        var expressions: [String] = ["COUNT(*)"]
        var placements: [Placement] = []
        var sqlRules: [QualityCheck] = []
        func column(_ name: String) -> String { columns[name]! }
        func text(_ name: String) -> String { dialect.text(column(name)) }
        func countWhere(_ condition: String) -> String { "COALESCE(SUM(CASE WHEN \(condition) THEN 1 ELSE 0 END), 0)" }
        for check in object.checks {
            let expression: String
            switch check.metric {
            case .rowCount: expression = "COUNT(*)"
            case .nullValues(let name): expression = "COUNT(*) - COUNT(\(column(name)))"
            case .missingValues(let name, let listed):
                let values = ([""] + listed).map(SQLDialect.literal).joined(separator: ", ")
                expression = countWhere("\(column(name)) IS NULL OR \(text(name)) IN (\(values))")
            case .duplicateValues(let name):
                expression = "COUNT(\(column(name))) - COUNT(DISTINCT \(column(name)))"
            case .invalidValues(let name, .oneOf(let values)):
                expression = values.isEmpty ? "COUNT(\(column(name)))"
                    : countWhere("\(column(name)) IS NOT NULL AND \(text(name)) NOT IN (\(values.sorted().map(SQLDialect.literal).joined(separator: ", ")))")
            case .invalidValues(let name, let predicate):
                let accepted: String
                switch dialect {
                case .sqlite:
                    predicates.append(predicate)
                    accepted = "dcl_valid(\(predicates.count - 1), \(text(name)))"
                case .postgres:
                    accepted = PostgresValueSQL.accepts(predicate, text: text(name))
                }
                expression = countWhere("\(column(name)) IS NOT NULL AND NOT \(accepted)")
            case .primaryKeyViolations(let names):
                let parts = names.map(column)
                let anyNull = parts.map { "\($0) IS NULL" }.joined(separator: " OR ")
                let allSet = parts.map { "\($0) IS NOT NULL" }.joined(separator: " AND ")
                let key = parts.count == 1 ? parts[0] : parts.map(dialect.keyPart).joined(separator: " || ',' || ")
                expression = "\(countWhere(anyNull)) + COUNT(CASE WHEN \(allSet) THEN 1 END) "
                    + "- COUNT(DISTINCT CASE WHEN \(allSet) THEN \(key) END)"
            case .newest(let name):
                switch dialect {
                case .sqlite: expression = "MAX(dcl_epoch_ms(\(text(name))))"
                case .postgres: expression = "MAX(\(PostgresValueSQL.epochMilliseconds(text(name))))"
                }
            case .sql:
                sqlRules.append(check)
                continue
            }
            let isNewest: Bool
            if case .newest = check.metric { isNewest = true } else { isNewest = false }
            placements.append(Placement(rule: check.rule, column: expressions.count, isNewest: isNewest))
            expressions.append(expression)
        }
        expressions.append(dialect.checksum(tableColumns: tableColumns))
        sql = "SELECT \(expressions.joined(separator: ", ")) FROM \(table)"
        self.placements = placements
        self.predicates = predicates
        self.sqlRules = sqlRules
        checksumColumn = expressions.count - 1
        self.columns = columns
    }
}
