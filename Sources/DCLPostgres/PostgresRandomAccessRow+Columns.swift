import PostgresNIO

/// Typed column reads by name, so a query's rows read like the SQLite store's `row["column"]`.
///
/// ```swift
/// let id = try row.text("contract_id")
/// let head = try row.int64OrNil("stream_head")
/// ```
extension PostgresRandomAccessRow {
    func text(_ column: String) throws -> String { try self[column].decode(String.self) }
    func textOrNil(_ column: String) throws -> String? { try self[column].decode(String?.self) }
    func int64(_ column: String) throws -> Int64 { try self[column].decode(Int64.self) }
    func int64OrNil(_ column: String) throws -> Int64? { try self[column].decode(Int64?.self) }
    func int(_ column: String) throws -> Int { Int(try int64(column)) }
    func bool(_ column: String) throws -> Bool { try self[column].decode(Bool.self) }
    func double(_ column: String) throws -> Double { try self[column].decode(Double.self) }
}
