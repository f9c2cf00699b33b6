import DCLApplication
import DCLDomain
import DCLEventLog
@testable import DCLPostgres
import DCLProjections
import DCLTestSupport
import Testing

/// The PostgreSQL store answers every query as the SQLite store does for the same ledger, and
/// exports the same bytes: folded in small batches (a run split over several) and in one.
@Suite("PostgreSQL store: same answers as SQLite", .serialized)
struct PostgresStoreParityTests {
    typealias Fixtures = PostgresFixtures

    @Test func everyQueryAndTheExportEqualTheSQLiteStores() async throws {
        let folder = Fixtures.Folder()
        let ledger = try await Fixtures.mixedLedger(folder.path("ledger.db"))
        let sqlite = try ReadModelStore(path: folder.path("read.db"))
        defer { try? sqlite.close() }
        try await Projector(log: ledger.log, store: sqlite, batchSize: 3).catchUp()
        let end = try await (ledger.log as! any OrderedEventLog).endPosition()   // the embedded log: one global order

        for batchSize in [3, 10_000] {
            let postgres = try await Fixtures.store()
            defer { try? postgres.close() }
            #expect(postgres.trigramSearch, "the server has pg_trgm: text searches go through the trigram index")
            try await Fixtures.project(ledger.log, into: postgres, batchSize: batchSize)
            try await postgres.checkBelongs(to: ledger.log)
            #expect(try await postgres.ledgerIdentity() == ledger.log.identity())
            #expect(try await postgres.position() == end)

            try await expectSameAnswers(postgres, sqlite, filters: Fixtures.filters, ids: Self.ids, label: "batches of \(batchSize)")
            #expect(try await postgres.compliance(domain: nil) == sqlite.compliance(domain: nil))
            #expect(try await postgres.compliance(domain: "sales") == sqlite.compliance(domain: "sales"))
            for (contract, consumer) in [(nil, nil), (Fixtures.revenue, nil), (nil, "finance"), (Fixtures.revenue, "web"), (nil, "nobody")] {
                #expect(try await postgres.notifications(contract: contract, consumer: consumer)
                        == sqlite.notifications(contract: contract, consumer: consumer), "notifications \(String(describing: contract)) \(consumer ?? "-")")
            }
            let mesh = try await postgres.meshState()
            let sqliteMesh = try await sqlite.meshState()
            #expect(mesh.state == sqliteMesh.state)
            #expect(mesh.onTimeChecks == sqliteMesh.onTimeChecks)
            #expect(try await postgres.quarantine() == sqlite.quarantine())
            let status = try await postgres.status(logEnd: end).map { [$0.projector, "\($0.position)", "\($0.events)", "\($0.quarantined)"] }
            #expect(status == (try await sqlite.status(logEnd: end).map { [$0.projector, "\($0.position)", "\($0.events)", "\($0.quarantined)"] }))
            let header = try await postgres.checkpointHeader()
            let sqliteHeader = try await sqlite.checkpointHeader()
            #expect(header.position == sqliteHeader.position && header.state == sqliteHeader.state
                    && header.lastRecordedAt == sqliteHeader.lastRecordedAt && header.cursor == sqliteHeader.cursor)

            let export = try await postgres.canonicalExport()
            let sqliteExport = try await CanonicalExport.text(of: sqlite)
            #expect(export == sqliteExport, "export, batches of \(batchSize)")
            if export != sqliteExport {
                let left = Set(export.split(separator: "\n")), right = Set(sqliteExport.split(separator: "\n"))
                Issue.record("only in PostgreSQL: \(left.subtracting(right).sorted().prefix(3)); only in SQLite: \(right.subtracting(left).sorted().prefix(3))")
            }

            // As of every position and of a time, by query, as on SQLite.
            let viewFilters = [CatalogFilter(), CatalogFilter(text: "order"), CatalogFilter(text: "ÜMLAUT"), CatalogFilter(text: "a/b"),
                               CatalogFilter(text: "\",\""), CatalogFilter(owner: "FINANCE@company.com"), CatalogFilter(field: "channel"),
                               CatalogFilter(field: "t.date"), CatalogFilter(tag: "a/b"), CatalogFilter(status: .deprecated)]
            let viewIds = [Fixtures.revenue, Fixtures.refunds, Fixtures.campaigns, ContractID("marketing.ab")!]
            for position in stride(from: Int64(0), through: end, by: batchSize == 3 ? 1 : 9) {
                try await expectSameAnswers(postgres.view(atPosition: position), sqlite.view(atPosition: position), filters: viewFilters,
                                            ids: viewIds, label: "at \(position)")
            }
            for minutes in [0.5, 2.5, 9.5, 30.5, 100.0] {
                let time = Timestamp(millisecondsSinceEpoch: Fixtures.start + Int64(minutes * 60_000))
                let view = try await postgres.view(asOf: time)
                #expect(try await view.position == sqlite.view(asOf: time).position, "as of +\(minutes) min")
            }
        }
    }

    /// Every `LedgerQueries` answer of two read sides, for every filter and contract of the ledger.
    static let ids = Fixtures.products().map(\.id) + [Fixtures.revenue, ContractID("sales.unknown")!]

    func expectSameAnswers(_ postgres: any LedgerQueries, _ sqlite: any LedgerQueries, filters: [CatalogFilter], ids: [ContractID],
                           label: String) async throws {
        for filter in filters {
            #expect(try await postgres.catalog(filter) == sqlite.catalog(filter), "catalog \(filter) \(label)")
        }
        for filter in [CatalogFilter(), CatalogFilter(text: "load"), CatalogFilter(text: "or", domain: "sales"), CatalogFilter(text: "none")] {
            for (limit, offset) in [(1, 0), (7, 0), (7, 7), (50, 3), (5, 40)] {
                let page = try await postgres.catalogPage(filter, limit: limit, offset: offset)
                let expected = try await sqlite.catalogPage(filter, limit: limit, offset: offset)
                #expect(page.entries == expected.entries && page.total == expected.total, "page \(filter) \(limit)/\(offset) \(label)")
            }
        }
        for includeInactive in [false, true] {
            for domain in [nil, "sales"] {
                #expect(try await postgres.qualityDashboard(domain: domain, includeInactive: includeInactive)
                        == sqlite.qualityDashboard(domain: domain, includeInactive: includeInactive),
                        "dashboard \(domain ?? "all") \(includeInactive) \(label)")
            }
        }
        for id in ids {
            let contract = try await postgres.contract(id)
            let expected = try await sqlite.contract(id)
            #expect(contract?.state == expected?.state && contract?.quality.totalChecks == expected?.quality.totalChecks
                    && contract?.quality.passedChecks == expected?.quality.passedChecks
                    && contract?.quality.lastCheckedAt == expected?.quality.lastCheckedAt, "contract \(id) \(label)")
            #expect(try await postgres.versions(of: id) == sqlite.versions(of: id), "versions \(id) \(label)")
            #expect(try await postgres.timeline(of: id) == sqlite.timeline(of: id), "timeline \(id) \(label)")
            #expect(try await postgres.qualityResults(of: id) == sqlite.qualityResults(of: id), "results \(id) \(label)")
            #expect(try await postgres.qualityRuns(of: id) == sqlite.qualityRuns(of: id), "runs \(id) \(label)")
            #expect(try await postgres.latestQualityRun(of: id) == sqlite.latestQualityRun(of: id), "latest run \(id) \(label)")
            for runId in ["run-1", "run-2", "run-3", "none"] {
                #expect(try await postgres.qualityRun(of: id, runId: runId) == sqlite.qualityRun(of: id, runId: runId), "run \(runId) \(id) \(label)")
            }
        }
    }

    @Test func aStoreRefusesAnotherLedger() async throws {
        let folder = Fixtures.Folder()
        let ledger = try Fixtures.service(folder.path("a.db"))
        try await ledger.execute([.publishContract(Fixtures.contract("1.0.0", id: "sales.orders"), document: nil)], actor: "ana")
        let other = try Fixtures.service(folder.path("b.db"))
        try await other.execute([.publishContract(Fixtures.contract("1.0.0", id: "sales.orders"), document: nil)], actor: "ana")
        let store = try await Fixtures.store()
        defer { try? store.close() }
        try await Fixtures.project(ledger.log, into: store, batchSize: 10)
        try await store.checkBelongs(to: ledger.log)
        let export = try await store.canonicalExport()
        do {
            try await store.checkBelongs(to: other.log)
            Issue.record("a store folded from one ledger was accepted for another")
        } catch let error as ProjectionError {
            #expect(error.code == .foreignLedger)
            #expect(error.message.contains("postgres://"), "names the store by its URL: \(error.message)")
        }
        // Emptied for a rebuild, it may be folded from the other ledger, and back.
        try await store.removeAllReadModels()
        #expect(try await store.position() == 0)
        #expect(try await store.ledgerIdentity() == nil)
        #expect(try await store.canonicalExport().isEmpty)
        #expect(try await store.reservePositions(1) == 1)
        try await store.removeAllReadModels()
        try await Fixtures.project(other.log, into: store, batchSize: 10)
        try await store.checkBelongs(to: other.log)
        try await store.removeAllReadModels()
        try await Fixtures.project(ledger.log, into: store, batchSize: 1)
        #expect(try await store.canonicalExport() == export)
    }

    @Test func storeURLsAreParsedAndNeverShowThePassword() throws {
        let url = try PostgresStoreURL("postgres://dcl:secret@db.internal/readmodels?sslmode=disable", environment: [:])
        #expect(url.user == "dcl" && url.password == "secret" && url.host == "db.internal" && url.port == 5432 && url.database == "readmodels")
        #expect(url.display == "postgres://dcl@db.internal:5432/readmodels")
        #expect(try PostgresStoreURL("postgresql://dcl@h:6543/d", environment: ["PGPASSWORD": "pw"]).password == "pw")
        #expect(PostgresStoreURL.isPostgres("postgres://x@h/d") && !PostgresStoreURL.isPostgres(".dcl/readmodels.db"))
        for bad in ["postgres://db.internal/readmodels", "postgres://dcl@db.internal/", "postgres://dcl:secret@h/d?sslmode=require",
                    "postgres://dcl@h/d?x=1"] {
            do {
                _ = try PostgresStoreURL(bad, environment: [:])
                Issue.record("\(bad) was accepted")
            } catch let error as ProjectionError {
                #expect(error.code == .invalidArgument)
                #expect(!error.message.contains("secret"), "\(error.message)")
            }
        }
    }

    @Test func twoProcessesOpeningANewStoreAtOnceBothSucceed() async throws {
        let url = try PostgresTestServer.shared().createDatabase()
        async let first = PostgresReadModelStore(url: url)
        async let second = PostgresReadModelStore(url: url)
        let stores = try await [first, second]
        for store in stores {
            #expect(try await store.position() == 0)
            #expect(try await store.catalog(CatalogFilter()).isEmpty)
            try store.close()
        }
        // Opened again, it finds every migration applied.
        let again = try await PostgresReadModelStore(url: url)
        #expect(try await again.checkpointHeader().position == 0)
        try again.close()
    }

    @Test func aFrozenReplayStoreSaysSoAndPositionsAreNeverReused() async throws {
        let store = try await Fixtures.store()
        defer { try? store.close() }
        #expect(try await store.replayCutoff() == nil)
        let cutoff = ReplayCutoff(asOf: Timestamp(millisecondsSinceEpoch: Fixtures.start), toPosition: 4, position: 3)
        try await store.freeze(at: cutoff)
        #expect(try await store.replayCutoff() == cutoff)
        let first = try await store.reservePositions(5)
        let second = try await store.reservePositions(1)
        let third = try await store.reservePositions(3)
        #expect(first == 1 && second == 6 && third == 7)
        try await store.markNotificationsDelivered(sink: "kafka", partition: 0, through: 9)
        try await store.markNotificationsDelivered(sink: "kafka", partition: 0, through: 4)
        #expect(try await store.undeliveredNotifications(sink: "kafka") == nil)
    }
}
