import DCLProjections
import Foundation
import PostgresNIO

extension PostgresReadModelStore {
    /// Every read model as sorted text (`dcl projections export`): the same queries and the same
    /// rendering as the SQLite store's (`CanonicalExport`), so two stores built from one ledger
    /// print the same bytes. Booleans are rendered as SQLite stores them, as 0 and 1.
    ///
    /// On a partitioned log the fold state's accepted count and record time are the checkpoint
    /// header's (every partition's added up), as a single projector's store holds them.
    public func canonicalExport() async throws -> String {
        let lines = try await read { connection in
            var rows: [CanonicalExport.Row] = []
            for table in CanonicalExport.tables {
                for row in try await self.rows(PostgresStatement(table.sql), on: connection) {
                    var values: [String: ExportValue] = [:]
                    for cell in row { values[cell.columnName] = try Self.exportValue(cell) }
                    rows.append(CanonicalExport.Row(table: table.name, values: values))
                }
            }
            var foldState: CanonicalExport.FoldState?
            if let row = try await self.rows("SELECT last_recorded_at, state FROM fold_checkpoint WHERE id = 1", on: connection).first {
                foldState = CanonicalExport.FoldState(lastRecordedAt: try row.textOrNil("last_recorded_at"), stateText: try row.text("state"))
            }
            let partitioned = try await self.rows("SELECT count(*) AS n FROM log_cursor WHERE events > 0", on: connection).first?.int64("n") ?? 0
            if partitioned > 0 {
                let header = try await checkpointHeader(on: connection)
                var state = header.state
                state.position = 0
                foldState = CanonicalExport.FoldState(lastRecordedAt: header.lastRecordedAt?.iso8601,
                                                      stateText: String(decoding: try ReadModelRows.encoder().encode(state), as: UTF8.self))
            }
            return try CanonicalExport.lines(rows: rows, foldState: foldState)
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
