import DCLApplication
import DCLDomain
import DCLEventLog
import DCLProjections
import Testing

/// A read as of a position, answered by query from the current store, equals the read models a
/// projector builds from the log cut at that position.
@Suite("as-of views")
struct AsOfViewTests {
    typealias Fixtures = ProjectionTests

    @Test func everyPositionAnswersLikeARebuildCutThere() async throws {
        let folder = Fixtures.Folder()
        let ledger = try Fixtures.service(folder.path("ledger.db"))
        let refunds = ContractID("sales.refunds")!
        try await ledger.execute([.publishContract(Fixtures.contract("1.0.0"), document: nil)], actor: "ana")
        try await ledger.execute([Fixtures.check(true, at: 1)], actor: "bot")
        try await ledger.execute([.publishContract(Fixtures.contract("1.0.0", id: "sales.refunds"), document: nil)], actor: "ana")
        try await ledger.execute([Fixtures.check(false, at: 2), Fixtures.check(true, at: 3)], actor: "bot")
        try await ledger.execute([.publishContract(Fixtures.contract("1.1.0", channel: true), document: nil)], actor: "ana")
        try await ledger.execute([.transferOwnership(refunds, newOwner: EmailAddress("finance@company.com")!)], actor: "ana")
        try await ledger.execute([Fixtures.check(true, at: -600)], actor: "bot")   // observed ten hours before it is recorded: late for the 2 h SLA
        try await ledger.execute([.deprecateContract(refunds, reason: "merged into revenue_metrics")], actor: "ana")
        try await ledger.execute([Fixtures.check(true, at: 4)], actor: "bot")
        let end = try await ledger.orderedLog.endPosition()
        #expect(end >= 10)

        let store = try ReadModelStore(path: folder.path("current.db"))
        try await Projector(log: ledger.log, store: store, batchSize: 3).catchUp()
        for position in 0...end {
            let rebuilt = try ReadModelStore(path: folder.path("cut-\(position).db"))
            try await Projector(log: ledger.log, store: rebuilt, limit: ProjectionLimit(toPosition: position)).catchUp()
            let view = store.view(atPosition: position)
            #expect(try await view.catalog(CatalogFilter()) == rebuilt.catalog(CatalogFilter()), "catalog at \(position)")
            #expect(try await view.catalog(CatalogFilter(field: "channel")) == rebuilt.catalog(CatalogFilter(field: "channel")),
                    "catalog by field at \(position)")
            #expect(try await view.catalog(CatalogFilter(text: "REFUND", owner: "finance@company.com"))
                    == rebuilt.catalog(CatalogFilter(text: "REFUND", owner: "finance@company.com")), "catalog search at \(position)")
            #expect(try await view.qualityDashboard(domain: nil, includeInactive: true)
                    == rebuilt.qualityDashboard(domain: nil, includeInactive: true), "dashboard at \(position)")
            for id in [Fixtures.revenue, refunds] {
                #expect(try await view.versions(of: id) == rebuilt.versions(of: id), "versions of \(id) at \(position)")
                #expect(try await view.timeline(of: id) == rebuilt.timeline(of: id), "timeline of \(id) at \(position)")
                let viewed = try await view.contract(id)
                let cut = try await rebuilt.contract(id)
                #expect(viewed?.state == cut?.state, "state of \(id) at \(position)")
                #expect(viewed?.quality.totalChecks == cut?.quality.totalChecks && viewed?.quality.passedChecks == cut?.quality.passedChecks
                        && viewed?.quality.lastCheckedAt == cut?.quality.lastCheckedAt, "quality of \(id) at \(position)")
            }
            try rebuilt.close()
        }
    }

    @Test func asOfATimeIsTheLogUpToTheLastEventRecordedByThen() async throws {
        let folder = Fixtures.Folder()
        // The clock ticks one minute per command.
        let ledger = try Fixtures.service(folder.path("ledger.db"), start: 1_764_000_000_000)
        try await ledger.execute([.publishContract(Fixtures.contract("1.0.0"), document: nil)], actor: "ana")   // +1 min
        try await ledger.execute([Fixtures.check(true, at: 1)], actor: "bot")                                 // +2 min
        try await ledger.execute([.publishContract(Fixtures.contract("1.1.0", channel: true), document: nil)], actor: "ana") // +3 min
        let store = try ReadModelStore(path: folder.path("current.db"))
        try await Projector(log: ledger.log, store: store).catchUp()
        func at(minutes: Double) async throws -> ReadModelView {
            try await store.view(asOf: Timestamp(millisecondsSinceEpoch: 1_764_000_000_000 + Int64(minutes * 60_000)))
        }
        #expect(try await at(minutes: 0.5).catalog(CatalogFilter()).isEmpty)
        #expect(try await at(minutes: 1.5).catalog(CatalogFilter()).map(\.version) == ["1.0.0"])
        #expect(try await at(minutes: 2.5).catalog(CatalogFilter()).first?.totalChecks == 1)
        #expect(try await at(minutes: 3.5).catalog(CatalogFilter()).map(\.version) == ["1.1.0"])
        let cut = try await at(minutes: 2.5).position
        let positions = try await ledger.log.readAll().filter { $0.envelope.recordedAt.millisecondsSinceEpoch <= 1_764_000_150_000 }.map(\.position)
        #expect(cut == positions.max())
    }
}
