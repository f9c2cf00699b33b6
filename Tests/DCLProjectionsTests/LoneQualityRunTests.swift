import DCLApplication
import DCLDomain
@testable import DCLProjections
import Foundation
import GRDB
import Testing

/// A quality result that names no run is a run of its own, kept on its timeline row alone: the
/// runs it makes must read as before, and a store that kept such runs in `quality_runs` and
/// `quality_run_results` (before `v13`) must say the same after the migration moves them.
@Suite("quality results without a run")
struct LoneQualityRunTests {
    static let revenue = ContractID("sales.revenue_metrics")!

    /// A published contract (one rule), two typed-in results (one failed), a named run with one
    /// (failed) result, which stays a run of the run tables, and one more typed-in result after it.
    static func ledger(_ folder: ProjectionTests.Folder) async throws -> LedgerService {
        let ledger = try ProjectionTests.service(folder.path("ledger.db"))
        try await ledger.execute([.publishContract(ProjectionTests.contract("1.0.0"), document: nil)], actor: "ana")
        try await ledger.execute([ProjectionTests.check(true, at: 1)], actor: "bot")
        try await ledger.execute([ProjectionTests.check(false, at: 2)], actor: "bot")
        let run = QualityRun(contractId: revenue, version: SemanticVersion("1.0.0"), runId: "run-nightly-1",
                             observedAt: Timestamp(millisecondsSinceEpoch: 1_764_000_000_000 + 3 * 60_000), origin: "dcl:csv",
                             results: [.init(rule: "not_null_date", passed: false, value: nil, threshold: "mustBe 0", rowsScanned: 6,
                                             fingerprint: "sha256:abc")])
        try await ledger.execute([.recordQualityRun(run)], actor: "bot")
        try await ledger.execute([ProjectionTests.check(true, at: 4)], actor: "bot")
        return ledger
    }

    /// Everything the runs read model answers for the contract, as text to compare.
    static func answers(_ store: ReadModelStore) async throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var text = ""
        let runs = try await store.qualityRuns(of: revenue)
        text += String(decoding: try encoder.encode(runs), as: UTF8.self) + "\n"
        for run in runs {
            text += String(decoding: try encoder.encode(try await store.qualityRun(of: revenue, runId: run.runId)), as: UTF8.self) + "\n"
        }
        text += String(decoding: try encoder.encode(try await store.latestQualityRun(of: revenue)), as: UTF8.self) + "\n"
        // As of the second typed-in result: the named run and the last result are not in view yet.
        let view = store.view(atPosition: runs.last!.lastPosition + 1)
        text += String(decoding: try encoder.encode(try await view.qualityRuns(of: revenue)), as: UTF8.self) + "\n"
        text += String(decoding: try encoder.encode(try await view.latestQualityRun(of: revenue)), as: UTF8.self) + "\n"
        text += try await store.canonicalExport()
        return text
    }

    @Test func aResultWithoutARunIsARunOfItsOwnReadFromItsTimelineRow() async throws {
        let folder = ProjectionTests.Folder()
        let ledger = try await Self.ledger(folder)
        let store = try ReadModelStore(path: folder.path("read.db"))
        defer { try? store.close() }
        try await Projector(log: ledger.log, store: store).catchUp()

        let runs = try await store.qualityRuns(of: Self.revenue)
        // Newest first: the last typed-in result, the named run, then the two typed-in results.
        #expect(runs.map(\.checks) == [1, 1, 1, 1])
        #expect(runs.map(\.origin) == ["manual", "dcl:csv", "manual", "manual"])
        #expect(runs.map(\.failed) == [0, 1, 1, 0])
        #expect(runs[1].runId == "run-nightly-1" && runs[1].rowsScanned == 6 && runs[1].fingerprint == "sha256:abc")
        let lone = runs[2]
        #expect(lone.contractVersion == "1.0.0" && lone.firstPosition == lone.lastPosition)
        let detail = try #require(try await store.qualityRun(of: Self.revenue, runId: lone.runId))
        #expect(detail.summary == lone)
        #expect(detail.results.map(\.rule) == ["not_null_date"] && detail.results.map(\.passed) == [false])
        #expect(detail.results.first?.position == lone.firstPosition)
        #expect(try await store.latestQualityRun(of: Self.revenue)?.summary == runs[0])
        #expect(try await store.qualityRun(of: Self.revenue, runId: "no-such-run") == nil)

        // Only the named run has run rows; the typed-in results are on their timeline rows.
        let counts = try await store.pool.read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM quality_runs") ?? -1,
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM quality_run_results") ?? -1,
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_timeline WHERE lone_origin = 'manual'") ?? -1)
        }
        #expect(counts == (1, 1, 3))
        // The export lists every run as the rows a store keeping all of them has.
        let export = try await store.canonicalExport()
        #expect(export.split(separator: "\n").filter { $0.hasPrefix("quality_runs\t") }.count == 4)
        #expect(export.split(separator: "\n").filter { $0.hasPrefix("quality_run_results\t") }.count == 4)
    }

    @Test func aStoreThatKeptSuchRunsInTheRunTablesSaysTheSameAfterTheMigration() async throws {
        let folder = ProjectionTests.Folder()
        let ledger = try await Self.ledger(folder)
        let path = folder.path("read.db")
        var store = try ReadModelStore(path: path)
        try await Projector(log: ledger.log, store: store).catchUp()
        let before = try await Self.answers(store)
        try store.close()

        // The store as the previous release left it: every run in the run tables, no lone_* columns.
        let old = try DatabaseQueue(path: path)
        try await old.write { db in
            try TimelineBeforeV18.restore(db)
            try db.execute(sql: """
                INSERT INTO quality_run_results (position, contract_id, run_id, rule, passed, value, threshold, rows_scanned, fingerprint, recorded_at)
                SELECT position, contract_id, event_id, rule, passed, value, lone_threshold, lone_rows_scanned, lone_fingerprint, recorded_at
                FROM audit_timeline WHERE lone_origin IS NOT NULL;
                INSERT INTO quality_runs (contract_id, run_id, origin, contract_version, started_at, recorded_at, first_position, last_position,
                    checks, passed, failed, rows_scanned, fingerprint)
                SELECT contract_id, event_id, lone_origin, version, checked_at, recorded_at, position, position, 1, passed, 1 - passed,
                    lone_rows_scanned, lone_fingerprint
                FROM audit_timeline WHERE lone_origin IS NOT NULL;
                DROP INDEX lone_runs_by_contract;
                ALTER TABLE audit_timeline DROP COLUMN lone_origin;
                ALTER TABLE audit_timeline DROP COLUMN lone_threshold;
                ALTER TABLE audit_timeline DROP COLUMN lone_rows_scanned;
                ALTER TABLE audit_timeline DROP COLUMN lone_fingerprint;
                DELETE FROM grdb_migrations WHERE identifier = 'v13-results-without-a-run-on-their-timeline-row';
                """)
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM quality_runs") == 4)
        }
        try old.close()

        store = try ReadModelStore(path: path)
        defer { try? store.close() }
        #expect(try await Self.answers(store) == before)
        let counts = try await store.pool.read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM quality_runs") ?? -1,
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM quality_run_results") ?? -1)
        }
        #expect(counts == (1, 1))
        // And the store goes on from there as a new one would.
        try await ledger.execute([ProjectionTests.check(false, at: 5)], actor: "bot")
        try await Projector(log: ledger.log, store: store).catchUp()
        let fresh = try ReadModelStore(path: folder.path("fresh.db"))
        defer { try? fresh.close() }
        try await Projector(log: ledger.log, store: fresh).catchUp()
        #expect(try await Self.answers(store) == Self.answers(fresh))
    }

    /// A view inside a named run cuts it: the cut run comes first, counted up to the view, then the
    /// runs that ended before it, lone ones included, newest first.
    @Test func aViewInsideANamedRunCountsItsPartFirst() async throws {
        let folder = ProjectionTests.Folder()
        let ledger = try ProjectionTests.service(folder.path("ledger.db"))
        var contract = ProjectionTests.contract("1.0.0")
        contract.quality.append(QualityRule(kind: .notNull, object: "t", column: "revenue"))
        let second = contract.quality[1].name
        try await ledger.execute([.publishContract(contract, document: nil)], actor: "ana")
        try await ledger.execute([ProjectionTests.check(true, at: 1)], actor: "bot")
        let run = QualityRun(contractId: Self.revenue, version: nil, runId: "run-2", observedAt: Timestamp(millisecondsSinceEpoch: 1_764_000_200_000),
                             origin: "dcl:csv", results: [.init(rule: "not_null_date", passed: true, value: nil, threshold: nil, rowsScanned: 3, fingerprint: nil),
                                                          .init(rule: second, passed: false, value: nil, threshold: nil, rowsScanned: 4, fingerprint: nil)])
        try await ledger.execute([.recordQualityRun(run)], actor: "bot")
        try await ledger.execute([ProjectionTests.check(false, at: 9)], actor: "bot")
        let store = try ReadModelStore(path: folder.path("read.db"))
        defer { try? store.close() }
        try await Projector(log: ledger.log, store: store).catchUp()

        let now = try await store.qualityRuns(of: Self.revenue)
        #expect(now.map(\.checks) == [1, 2, 1] && now[1].runId == "run-2" && now[1].rowsScanned == 4)
        let (first, last) = (now[1].firstPosition, now[1].lastPosition)
        #expect(last == first + 1)
        let inside = try await store.view(atPosition: first).qualityRuns(of: Self.revenue)
        #expect(inside.map(\.runId) == ["run-2", now[2].runId])
        #expect(inside.first?.checks == 1 && inside.first?.failed == 0 && inside.first?.lastPosition == first && inside.first?.rowsScanned == 3)
        let latest = try await store.view(atPosition: first).latestQualityRun(of: Self.revenue)
        #expect(latest?.summary.runId == "run-2" && latest?.results.map(\.rule) == ["not_null_date"])
        let after = try await store.view(atPosition: last).qualityRuns(of: Self.revenue)
        #expect(after.map(\.runId) == ["run-2", now[2].runId] && after.first?.checks == 2)
        // Before the run: only the first typed-in result.
        #expect(try await store.view(atPosition: first - 1).qualityRuns(of: Self.revenue).map(\.runId) == [now[2].runId])
    }

    /// A page of runs reads results without a run only down to the oldest named run the page
    /// holds: every page, at every position of a contract that mixes both kinds (named runs with
    /// several results, typed-in results between and inside them), is the start of the whole list.
    @Test func everyPageOfRunsIsTheStartOfTheWholeList() async throws {
        let folder = ProjectionTests.Folder()
        let ledger = try ProjectionTests.service(folder.path("ledger.db"))
        var contract = ProjectionTests.contract("1.0.0")
        contract.quality.append(QualityRule(kind: .notNull, object: "t", column: "revenue"))
        let second = contract.quality[1].name
        try await ledger.execute([.publishContract(contract, document: nil)], actor: "ana")
        var minute: Int64 = 0
        for round in 0..<4 {
            for _ in 0..<(round % 3) {
                minute += 1
                try await ledger.execute([ProjectionTests.check(minute % 2 == 0, at: minute)], actor: "bot")
            }
            minute += 1
            let run = QualityRun(contractId: Self.revenue, version: nil, runId: "run-\(round)",
                                 observedAt: Timestamp(millisecondsSinceEpoch: 1_764_000_000_000 + minute * 60_000), origin: "dcl:csv",
                                 results: [.init(rule: "not_null_date", passed: true, value: nil, threshold: nil, rowsScanned: 3, fingerprint: nil),
                                           .init(rule: second, passed: round % 2 == 0, value: nil, threshold: nil, rowsScanned: 4, fingerprint: nil)])
            try await ledger.execute([.recordQualityRun(run)], actor: "bot")
        }
        minute += 1
        try await ledger.execute([ProjectionTests.check(true, at: minute)], actor: "bot")
        let store = try ReadModelStore(path: folder.path("read.db"))
        defer { try? store.close() }
        try await Projector(log: ledger.log, store: store).catchUp()

        let end = try await store.pool.read { db in try Int64.fetchOne(db, sql: "SELECT MAX(position) FROM audit_timeline") ?? 0 }
        let whole = try await store.qualityRuns(of: Self.revenue)
        #expect(whole.filter { $0.origin == "manual" }.count == 4 && whole.count == 8)
        for position in 1...end {
            let all = try await store.pool.read { db in try ReadModelStore.qualityRuns(db, of: Self.revenue, through: position) }
            for limit in 1...(all.count + 1) {
                let page = try await store.pool.read { db in
                    try ReadModelStore.qualityRuns(db, of: Self.revenue, through: position, limit: limit)
                }
                #expect(page == Array(all.prefix(limit)), "position \(position), limit \(limit)")
            }
        }
    }
}
