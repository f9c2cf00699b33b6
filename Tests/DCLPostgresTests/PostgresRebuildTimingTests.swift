import DCLApplication
import DCLDomain
import DCLEventLog
import DCLPostgres
import DCLProjections
import Foundation
import Testing

/// How fast a rebuild writes into PostgreSQL, beside SQLite, on RebuildBaseline's shape of
/// ledger (publishes, then quality results round-robin over the products). Opt-in, it is a
/// measurement: `DCL_PG_REBUILD_EVENTS=100000 swift test --skip-build --filter PostgresRebuildTiming`.
@Suite("PostgreSQL store: rebuild timing")
struct PostgresRebuildTimingTests {
    typealias Fixtures = PostgresFixtures

    static let events = Int(ProcessInfo.processInfo.environment["DCL_PG_REBUILD_EVENTS"] ?? "") ?? 0

    @Test(.enabled(if: events > 0)) func rebuildRate() async throws {
        let folder = Fixtures.Folder()
        let ledger = try Fixtures.service(folder.path("ledger.db"))
        let products = max(10, Self.events / 100)
        let ids = (0..<products).map { ContractID("sales.p\($0)")! }
        for chunk in stride(from: 0, to: products, by: 500) {
            try await ledger.execute(ids[chunk..<min(products, chunk + 500)].map { .publishContract(Fixtures.contract("1.0.0", id: $0.rawValue),
                                                                                                     document: nil) }, actor: "ana")
        }
        var written = products
        var minute: Int64 = 0
        while written < Self.events {
            let count = min(2_000, Self.events - written)
            try await ledger.execute((0..<count).map { index in
                Fixtures.check(ids[(written + index) % products], (written + index) % 7 != 0, at: minute)
            }, actor: "bot")
            written += count
            minute += 1
        }

        let sqlite = try ReadModelStore(path: folder.path("read.db"))
        defer { try? sqlite.close() }
        var started = Date()
        try await Projector(log: ledger.log, store: sqlite, batchSize: 8_192).catchUp()
        let sqliteSeconds = Date().timeIntervalSince(started)

        let postgres = try await Fixtures.store()
        defer { try? postgres.close() }
        started = Date()
        try await Fixtures.project(ledger.log, into: postgres, batchSize: 8_192)
        let postgresSeconds = Date().timeIntervalSince(started)
        print("rebuild of \(written) events: SQLite \(Int(Double(written) / sqliteSeconds)) events/s, "
              + "PostgreSQL \(Int(Double(written) / postgresSeconds)) events/s")
        #expect(try await postgres.canonicalExport() == CanonicalExport.text(of: sqlite))
    }
}
