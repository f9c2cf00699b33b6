import DCLApplication
import DCLDomain
import DCLEventLog
import DCLProjections

/// Checks of what a store answers: every `LedgerQueries` and `GovernanceQueries` answer against a
/// plain fold of the same events (`ProjectionFold` from an empty state, in memory), now and as of
/// earlier positions and times, and a store followed in steps against a rebuild.
extension ReadModelConformance {
    static func answersOnGlobalOrder(_ open: @escaping Factory) async throws {
        let events = try await referenceEvents()
        let log = try await memoryLog(events)
        let store = try await open("answers")
        try await closing(store) {
            var projector = Projector(log: log, store: store, batchSize: 4)
            projector.maxBatchSize = 9   // many small commits
            try await projector.catchUp()
            try await expectAnswers(of: store, equalAFoldOf: events, samePositions: true)
        }
    }

    static func answersOnPartitionedLog(_ open: @escaping Factory) async throws {
        let events = try await referenceEvents()
        let log = PartitionedMemoryLog(events, partitions: 4)
        let store = try await open("answers")
        try await closing(store) {
            var projector = Projector(log: log, store: store, batchSize: 4)
            projector.maxBatchSize = 9
            try await projector.catchUp()
            try await expectAnswers(of: store, equalAFoldOf: events, samePositions: false)
            let header = try await store.checkpointHeader()
            try expect(header.cursor == (try await log.endCursor()), "the stored cursor is the log's end: \(header.cursor)")
            let position = try await store.position()
            try expect(position == Int64(events.count), "one projector numbers the events 1...n without gaps: at \(position)")
        }
    }

    static func answersAsOf(_ open: @escaping Factory) async throws {
        let events = try await referenceEvents()
        let log = try await memoryLog(events)
        let store = try await open("as-of")
        try await closing(store) {
            try await Projector(log: log, store: store, batchSize: 5).catchUp()
            for cut in Set([1, 4, events.count / 3, events.count / 2, events.count - 3, events.count]).sorted() {
                let view = store.queries(atPosition: Int64(cut))
                try await expectCurrentAnswers(of: view, equalAFoldOf: Array(events.prefix(cut)), at: "position \(cut)")
                // As of the record time of the event at the cut: up to the last event recorded then.
                let time = events[cut - 1].envelope.recordedAt
                let last = events.lastIndex { $0.envelope.recordedAt <= time }! + 1
                let asOf = try await store.queries(asOf: time)
                try await expectCurrentAnswers(of: asOf, equalAFoldOf: Array(events.prefix(last)), at: "time \(time.iso8601)")
            }
            let before = try await store.queries(asOf: Timestamp(millisecondsSinceEpoch: ReferenceLedger.start))
            try expect(try await before.catalog(CatalogFilter()).isEmpty, "nothing is in the catalog before the first record time")
        }
    }

    /// A store followed in two runs (the second after closing and reopening it) exports what a
    /// store folded in one run does, on either kind of log.
    static func resumesAcrossReopen(_ open: @escaping Factory) async throws {
        let commands = ReferenceLedger.commands
        let half = commands.count / 2
        // One global order: the log grows between the runs.
        let log = MemoryEventLog()
        try await ReferenceLedger.write(Array(commands.prefix(half)), to: log, first: 0)
        let followed = try await open("followed-global")
        try await closing(followed) { try await Projector(log: log, store: followed, batchSize: 3).catchUp() }
        try await ReferenceLedger.write(commands, to: log, first: half)
        let events = try await log.readAll()
        try expect(events.map(\.envelope) == (try await referenceEvents()).map(\.envelope),
                   "the ledger written in two halves is the reference ledger")
        let reopened = try await open("followed-global")
        let rebuilt = try await open("rebuilt-global")
        try await closing(reopened, rebuilt) {
            try await Projector(log: log, store: reopened, batchSize: 3).catchUp()
            try await Projector(log: log, store: rebuilt).catchUp()
            try await expectSameExport(reopened, rebuilt, "followed across a reopen, the store exports what a rebuild does (one global order)")
        }
        // A partitioned log: the first run sees a prefix of every partition.
        let cut = events.count / 2
        let partial = PartitionedMemoryLog(Array(events.prefix(cut)), partitions: 4)
        let full = PartitionedMemoryLog(events, partitions: 4)
        let partitioned = try await open("followed-partitioned")
        try await closing(partitioned) { try await Projector(log: partial, store: partitioned, batchSize: 3).catchUp() }
        let again = try await open("followed-partitioned")
        let rebuiltPartitioned = try await open("rebuilt-partitioned")
        try await closing(again, rebuiltPartitioned) {
            try await Projector(log: full, store: again, batchSize: 3).catchUp()
            try await Projector(log: full, store: rebuiltPartitioned).catchUp()
            try await expectSameExport(again, rebuiltPartitioned, "followed across a reopen, the store exports what a rebuild does (partitioned log)")
            try await expectAnswers(of: again, equalAFoldOf: events, samePositions: false)
        }
    }

    // MARK: - Comparisons

    /// Every current answer of `store`, and its governance answers, against a fold of `events`.
    /// With `samePositions` the store numbered the events as the log did (one global order).
    static func expectAnswers(of store: any ReadModelStoring, equalAFoldOf events: [StoredEvent], samePositions: Bool,
                              check: String = #function) async throws {
        let fold = ProjectionFold.fold(events, from: LedgerState(), position: 0, lastRecordedAt: nil)
        let state = fold.state
        try await expectCurrentAnswers(of: store, equalAFoldOf: events, at: "the log's end", samePositions: samePositions, check: check)
        let catalog = try await store.catalog(CatalogFilter())
        let page = try await store.catalogPage(CatalogFilter(), limit: 3, offset: 2)
        try expect(page.total == catalog.count && page.entries == Array(catalog.dropFirst(2).prefix(3)), "a catalog page is a slice of the catalog",
                   check: check)
        for domain in state.domainNames {
            try expect(try await store.catalog(CatalogFilter(domain: domain.rawValue)) == CatalogEntry.catalog(state, domain: domain),
                       "the catalog of domain \(domain)", check: check)
        }
        try expect(try await store.contract(ContractID("nobody.nothing")!) == nil, "an unknown contract has no read model", check: check)
        for (id, contract) in state.contracts {
            let runs = try await store.qualityRuns(of: id)
            let expectedRuns = Set(fold.checks.compactMap(\.run).filter { $0.contractId == id.rawValue }.map(\.runId))
            try expect(Set(runs.map(\.runId)) == expectedRuns, "the quality runs of \(id)", check: check)
            for run in runs {
                let detail = try await store.qualityRun(of: id, runId: run.runId)
                try expect(detail?.results.count == run.checks, "run \(run.runId) of \(id) has its \(run.checks) results", check: check)
            }
            let lastRun = fold.checks.last { $0.run?.contractId == id.rawValue }?.run?.runId
            try expect(try await store.latestQualityRun(of: id)?.summary.runId == lastRun, "the latest run of \(id)", check: check)
            _ = contract
        }
        // Governance: compliance under the policies in force, notifications, the folded state.
        let compliance = state.contracts.values.sorted { $0.id < $1.id }.map { ComplianceRow($0, state: state) }
        try expect(try await store.compliance(domain: nil) == compliance, "compliance rows", check: check)
        try expect(try await store.compliance(domain: "marketing") == compliance.filter { $0.domain == "marketing" }, "one domain's compliance",
                   check: check)
        let notifications = try await store.notifications(contract: nil, consumer: nil)
        let expectedNotifications = fold.notifications
        if samePositions {
            try expect(notifications == expectedNotifications, "notifications", check: check)
        } else {
            try expect(withoutPositions(notifications) == withoutPositions(expectedNotifications), "notifications (positions aside)", check: check)
        }
        let mesh = try await store.meshState()
        try expect(mesh.state.contracts == state.contracts, "the mesh state's contracts", check: check)
        try expect(mesh.state.quality == state.quality, "the mesh state's quality totals", check: check)
        try expect(mesh.onTimeChecks.filter { $0.value > 0 } == fold.onTimeChecks.filter { $0.value > 0 }, "on-time result counts", check: check)
        try expectGlobalParts(mesh.state, equal: state, "the mesh state", check: check)
        try expect(mesh.state.acceptedCount == state.acceptedCount, "accepted events: \(mesh.state.acceptedCount), not \(state.acceptedCount)",
                   check: check)
        try expect(try await store.quarantine().isEmpty, "nothing quarantined", check: check)
        let status = try await store.status(logEnd: Int64(events.count))
        try expect(!status.isEmpty && status.allSatisfy { $0.events == Int64(events.count) && $0.quarantined == 0 },
                   "every projector counted \(events.count) events: \(status)", check: check)
    }

    /// The fold's timeline as a store answers it: the fold leaves the sentence of an accepted
    /// quality result without a run to the store (see `ProjectionBatch.timeline`), so each is
    /// made here from its event, as `EventSummary` says it.
    static func timelineAsAnswered(_ fold: ProjectionBatch, of events: [StoredEvent]) -> [HistoryEntry] {
        let byId = Dictionary(events.map { ($0.envelope.eventId, $0) }, uniquingKeysWith: { first, _ in first })
        return fold.timeline.map { entry in
            guard entry.summary.isEmpty, let stored = byId[entry.eventId], let recorded = try? EventCodec.recorded(stored) else { return entry }
            var answered = entry
            answered.summary = EventSummary.text(for: recorded.event)
            return answered
        }
    }

    /// The `LedgerQueries` answers (of a store or a view of it) against a fold of `events`.
    static func expectCurrentAnswers(of queries: any LedgerQueries, equalAFoldOf events: [StoredEvent], at point: String,
                                     samePositions: Bool = true, check: String = #function) async throws {
        let fold = ProjectionFold.fold(events, from: LedgerState(), position: 0, lastRecordedAt: nil)
        let state = fold.state
        try expect(try await queries.catalog(CatalogFilter()) == CatalogEntry.catalog(state), "the catalog at \(point)", check: check)
        for (id, contract) in state.contracts {
            let model = try await queries.contract(id)
            try expect(model?.state == contract, "the state of \(id) at \(point)", check: check)
            try expect(model?.quality.totalChecks == state.qualitySummary(for: id).totalChecks
                       && model?.quality.passedChecks == state.qualitySummary(for: id).passedChecks
                       && model?.quality.lastCheckedAt == state.qualitySummary(for: id).lastCheckedAt,
                       "the quality totals of \(id) at \(point)", check: check)
            try expect(try await queries.versions(of: id) == contract.versions.map { VersionEntry(contractId: id, record: $0) },
                       "the versions of \(id) at \(point)", check: check)
            let timeline = try await queries.timeline(of: id)
            let expected = timelineAsAnswered(fold, of: events).filter { StreamID($0.stream)?.contractID == id }
            if samePositions {
                try expect(timeline == expected, "the timeline of \(id) at \(point)", check: check)
            } else {
                // In the store's order: a partitioned log's projector folds the contracts topic's
                // partitions before the quality topic's, so a contract's results may move past its publishes.
                try expect(withoutPositions(timeline).sorted { $0.eventId < $1.eventId } == withoutPositions(expected).sorted { $0.eventId < $1.eventId },
                           "the timeline of \(id) at \(point) (positions and order aside)", check: check)
                try expect(zip(timeline, timeline.dropFirst()).allSatisfy { $0.position < $1.position }, "the timeline of \(id) in position order",
                           check: check)
            }
            let results = try await queries.qualityResults(of: id)
            try expect(results.count == state.qualitySummary(for: id).totalChecks
                       && results.last.map { $0.passedSoFar == state.qualitySummary(for: id).passedChecks } ?? true,
                       "the quality results of \(id) at \(point)", check: check)
        }
        let dashboard = try await queries.qualityDashboard(domain: nil, includeInactive: true)
        try expect(dashboard.map(\.contractId).sorted() == state.contracts.keys.map(\.rawValue).sorted(), "the dashboard's products at \(point)",
                   check: check)
        for row in dashboard {
            let summary = state.qualitySummary(for: ContractID(row.contractId)!)
            try expect(row.totalChecks == summary.totalChecks && row.passedChecks == summary.passedChecks
                       && row.lastChecked == summary.lastCheckedAt?.iso8601, "the dashboard row of \(row.contractId) at \(point)", check: check)
        }
        let active = try await queries.qualityDashboard(domain: nil, includeInactive: false)
        try expect(active.map(\.contractId).sorted() == state.contracts.values.filter(\.isActive).map(\.id.rawValue).sorted(),
                   "the active products on the dashboard at \(point)", check: check)
        // A page is the same slice of the same rows, latest runs and totals included, at every position.
        for filter in [CatalogFilter(), CatalogFilter(text: "a")] {
            let catalog = try await queries.catalog(filter)
            for (limit, offset) in [(2, 1), (Int(Int32.max), 0), (4, catalog.count + 2)] {
                let page = try await queries.catalogPage(filter, limit: limit, offset: offset)
                try expect(page.total == catalog.count && page.entries == Array(catalog.dropFirst(offset).prefix(limit)),
                           "the catalog page of \(limit) from \(offset) (text \(filter.text ?? "-")) at \(point)", check: check)
            }
        }
        for (includeInactive, rows) in [(true, dashboard), (false, active)] {
            for (limit, offset) in [(2, 1), (1, 0), (Int(Int32.max), 0), (3, rows.count), (5, rows.count + 4)] {
                let page = try await queries.qualityDashboardPage(domain: nil, includeInactive: includeInactive, limit: limit, offset: offset)
                try expect(page.total == rows.count && page.rows == Array(rows.dropFirst(offset).prefix(limit)),
                           "the dashboard page of \(limit) from \(offset) (inactive too: \(includeInactive)) at \(point)", check: check)
            }
        }
        if let domain = dashboard.first?.domain {
            let inDomain = dashboard.filter { $0.domain == domain }
            let page = try await queries.qualityDashboardPage(domain: domain, includeInactive: true, limit: 1, offset: inDomain.count - 1)
            try expect(page.total == inDomain.count && page.rows == [inDomain[inDomain.count - 1]],
                       "the last dashboard page of domain \(domain) at \(point)", check: check)
        }
    }

    /// Domains, compatibility settings, tokens, policies, consumers and platform requests.
    static func expectGlobalParts(_ stored: LedgerState, equal expected: LedgerState, _ what: String, check: String = #function) throws {
        try expect(stored.domains == expected.domains, "\(what): domains", check: check)
        try expect(stored.compatibility == expected.compatibility, "\(what): compatibility settings", check: check)
        try expect(stored.tokens == expected.tokens, "\(what): tokens", check: check)
        try expect(stored.policies == expected.policies, "\(what): policies", check: check)
        try expect(stored.consumers == expected.consumers, "\(what): consumers", check: check)
        try expect(stored.platformRequests == expected.platformRequests, "\(what): platform requests", check: check)
    }

    static func withoutPositions(_ entries: [HistoryEntry]) -> [HistoryEntry] {
        entries.map { entry in
            var entry = entry
            entry.position = 0
            return entry
        }
    }

    static func withoutPositions(_ notifications: [GovernanceNotification]) -> [GovernanceNotification] {
        notifications.map { notification in
            var notification = notification
            notification.position = 0
            return notification
        }.sorted { ($0.eventId ?? "") < ($1.eventId ?? "") }
    }
}
