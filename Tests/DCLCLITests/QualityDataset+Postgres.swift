import DCLTestSupport
import Foundation

extension QualityDataset {
    /// Loads a CSV file of the dataset into a new PostgreSQL table (every column `text`) with
    /// PostgreSQL's own CSV reader (`\copy … WITH (FORMAT csv, HEADER true, FORCE_NULL (…))`), so an
    /// empty field, quoted or not, is NULL as in dcl's CSV reader. An empty file makes an empty table.
    static func loadPostgres(csvPath: String, columns: [String], server: PostgresTestServer, url: String, table: String) throws {
        let quoted = columns.map { "\"\($0)\"" }
        var sql = "CREATE TABLE \"\(table)\" (\(quoted.map { "\($0) text" }.joined(separator: ", ")));\n"
        let size = (try FileManager.default.attributesOfItem(atPath: csvPath)[.size] as? Int) ?? 0
        if size > 0 {
            let path = csvPath.replacingOccurrences(of: "'", with: "''")
            sql += "\\copy \"\(table)\" FROM '\(path)' WITH (FORMAT csv, HEADER true, FORCE_NULL (\(quoted.joined(separator: ", "))))\n"
        }
        try server.psql(url, sql)
    }

    /// Writes the table's rows back out as CSV with psql (NULL as an unquoted empty field), for the
    /// DuckDB oracle to measure what PostgreSQL holds.
    static func exportPostgres(server: PostgresTestServer, url: String, table: String, columns: [String], to path: String) throws {
        let list = columns.map { "\"\($0)\"" }.joined(separator: ", ")
        try server.psql(url, "\\copy (SELECT \(list) FROM \"\(table)\") TO '\(path.replacingOccurrences(of: "'", with: "''"))' "
            + "WITH (FORMAT csv, HEADER true, FORCE_QUOTE *)")
    }
}
