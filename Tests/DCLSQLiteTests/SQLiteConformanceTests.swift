import DCLEventLog
import DCLEventLogConformance
import DCLSQLite
import Testing

/// The shared event-log conformance suite, run against real SQLite files.
@Suite("SQLite event log conformance")
struct SQLiteConformanceTests {
    @Test(arguments: EventLogConformance.checks)
    func conformance(_ check: EventLogConformance.Check) async throws {
        let folder = try TemporaryFolder()
        let path = folder.path("ledger.db")
        try await check.run { try SQLiteEventLog(path: path) }
    }
}
