import DCLApplication
import DCLDomain
import DCLEventLog
import DCLSQLite
import Foundation
import GRDB
import Testing

/// `SQLiteEventLog.endPosition()` answers from `PRAGMA data_version` while nothing was committed
/// (`SQLiteLogEndWatch`): it must still see every commit, by the log itself, by another connection
/// on the same file, and by a connection that is not a ledger at all, at once.
@Suite("SQLite event log: the log's end seen without a query")
struct LogEndWatchTests {
    /// The end as counted by a connection of the test's own.
    static func counted(_ path: String) throws -> Int64 {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        return try queue.read { db in try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(position), 0) FROM events") ?? 0 }
    }

    @Test("appends by the log itself and by another log on the same file move both logs' end at once")
    func twoWritersOneFile() async throws {
        let folder = try TemporaryFolder()
        let path = folder.path("ledger.db")
        let first = LedgerService(log: try SQLiteEventLog(path: path))
        let second = LedgerService(log: try SQLiteEventLog(path: path))
        #expect(try await first.orderedLog.endPosition() == 0)
        #expect(try await second.orderedLog.endPosition() == 0)
        for round in 0..<12 {
            let writer = round % 3 == 0 ? second : first
            let id = "sales.orders_\(round)"
            var contract = SQLiteEventLogTests.contract("1.0.0")
            contract.id = ContractID(id)!
            contract.dataProduct = "orders_\(round)"
            try await writer.execute([.publishContract(contract, document: nil)], actor: "ana")
            let expected = try Self.counted(path)
            // Asked twice each: the second answer comes from the kept end, and must not be stale.
            for _ in 0..<2 {
                #expect(try await first.orderedLog.endPosition() == expected, "round \(round)")
                #expect(try await second.orderedLog.endPosition() == expected, "round \(round)")
            }
        }
        #expect(try Self.counted(path) > 0)
    }

    @Test("a commit that adds no event leaves the end where it is; the next event is seen")
    func unrelatedCommit() async throws {
        let folder = try TemporaryFolder()
        let path = folder.path("ledger.db")
        let service = LedgerService(log: try SQLiteEventLog(path: path))
        try await service.execute([.publishContract(SQLiteEventLogTests.contract("1.0.0"), document: nil)], actor: "ana")
        let end = try await service.orderedLog.endPosition()
        #expect(end > 0)
        // Another connection commits something else to the file (a table of its own).
        let other = try DatabaseQueue(path: path)
        try await other.write { db in try db.execute(sql: "CREATE TABLE scratch (x INTEGER); INSERT INTO scratch VALUES (1)") }
        try other.close()
        #expect(try await service.orderedLog.endPosition() == end)
        try await service.execute([.publishContract(SQLiteEventLogTests.contract("1.1.0"), document: nil)], actor: "ana")
        #expect(try await service.orderedLog.endPosition() == (try Self.counted(path)))
        #expect(try await service.orderedLog.endPosition() > end)
    }

    @Test("a closed log leaves no write-ahead files behind (the watch's connection closes first)")
    func closeFoldsTheLog() async throws {
        let folder = try TemporaryFolder()
        let path = folder.path("ledger.db")
        let log = try SQLiteEventLog(path: path)
        try await LedgerService(log: log).execute([.publishContract(SQLiteEventLogTests.contract("1.0.0"), document: nil)], actor: "ana")
        #expect(try await log.endPosition() > 0)
        try log.close()
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
        #expect(!FileManager.default.fileExists(atPath: path + "-shm"))
    }
}
