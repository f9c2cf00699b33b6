import DCLTestSupport
import DCLApplication
import DCLDomain
import DCLEventLog
import DCLSQLite
import Foundation
import Testing

/// A writer killed mid-append leaves each batch whole or absent, and the ledger verifies.
@Suite("writer crash safety", .serialized)
struct WriterKillTests {
    @Test func sigkillDuringTheDemoLeavesWholeBatches() async throws {
        var generator = SystemRandomNumberGenerator()
        var interrupted = 0
        // The kill lands at a random moment before `window` ms; a run that finished first halves
        // the window, so the test keeps killing mid-way however fast the machine runs the demo.
        var window = 120
        for round in 0..<40 where round < 12 || interrupted < 6 {
            let cli = try CLIHarness()
            defer { cli.remove() }
            let path = cli.path("ledger-\(round).db")
            let process = ChildProcess()
            process.executableURL = CLIHarness.binary
            process.arguments = ["demo", "--ledger", path]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            try await Task.sleep(for: .milliseconds(Int.random(in: 1...window, using: &generator)))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            if process.terminationReason == .uncaughtSignal { interrupted += 1 } else { window = max(2, window / 2) }
            guard FileManager.default.fileExists(atPath: path) else { continue }
            let log = try SQLiteEventLog(path: path)
            let events = try await log.readAll()
            #expect(AuditVerifier.verify(events).firstFailure == nil, "round \(round): the ledger verifies")
            // The demo records revenue_metrics' four results in one batch: all of them or none.
            let revenueChecks = events.filter { $0.envelope.stream == .quality(ContractID("sales.revenue_metrics")!) }.count
            #expect([0, 4].contains(revenueChecks), "round \(round): \(revenueChecks) of one 4-event batch")
            // 1.1.0 is published with its SchemaChanged in one batch.
            let published = events.filter { $0.envelope.type == "ContractPublished" && $0.envelope.contractId == "sales.revenue_metrics" }.count
            let changed = events.filter { $0.envelope.type == "SchemaChanged" }.count
            #expect(published == changed + 1 || (published == 0 && changed == 0), "round \(round): publish and schema change together")
            try log.close()
        }
        #expect(interrupted > 0, "at least one run was killed mid-way")
    }
}
