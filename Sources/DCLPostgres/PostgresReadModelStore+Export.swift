import DCLProjections
import Foundation
import PostgresNIO

extension PostgresReadModelStore {
    /// Every read model as sorted text (`dcl projections export`): the SQLite store's queries
    /// (`CanonicalExport.tables`) and its rendering (`CanonicalExport.line`, `foldStateLine`), so two
    /// stores built from one ledger print the same bytes. Booleans are printed as SQLite stores
    /// them, 0 and 1.
    ///
    /// On a partitioned log the fold state's accepted count and record time are added up over the
    /// partitions, as a store folded in one global order holds them.
    public func canonicalExport() async throws -> String {
        let lines = try await read { connection in
            var lines: [String] = []
            for table in CanonicalExport.tables {
                for row in try await self.rows(PostgresStatement(table.sql), on: connection) {
                    var values: [String: ExportValue] = [:]
                    for cell in row { values[cell.columnName] = try Self.exportValue(cell) }
                    lines.append(try CanonicalExport.line(table.name, values))
                }
            }
            let stored = try await self.rows("SELECT state FROM fold_checkpoint WHERE id = 1", on: connection).first?.text("state")
            let partitions = try await self.rows("""
                SELECT count(*) AS counted, COALESCE(sum(accepted), 0)::bigint AS accepted FROM log_cursor WHERE events > 0
                """, on: connection).first
            let standing = try await standing(on: connection)
            if let foldState = try CanonicalExport.foldStateLine(
                globalState: stored, partitionsCounted: (try partitions?.int64("counted") ?? 0) > 0,
                acceptedInPartitions: Int(try partitions?.int64("accepted") ?? 0), lastRecordedAt: standing.lastRecordedAt?.iso8601) {
                lines.append(foldState)
            }
            return lines.sorted()
        }
        return lines.map { $0 + "\n" }.joined()
    }

    /// A cell as the export renders it: integers (and booleans, as 0 or 1) as integers, reals as
    /// reals, everything else as its text.
    static func exportValue(_ cell: PostgresCell) throws -> ExportValue {
        guard cell.bytes != nil else { return .null }
        switch cell.dataType {
        case .int2, .int4, .int8: return .integer(try cell.decode(Int64.self))
        case .bool: return .integer(try cell.decode(Bool.self) ? 1 : 0)
        case .float4, .float8: return .real(try cell.decode(Double.self))
        default: return .text(try cell.decode(String.self))
        }
    }
}
