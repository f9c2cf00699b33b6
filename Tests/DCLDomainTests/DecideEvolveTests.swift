import DCLDomain
import Foundation
import Testing

@Suite("decide and evolve")
struct DecideEvolveTests {
    @Test func firstPublishRegistersDomainAndRecordsVersion() throws {
        let (state, events) = try Fixtures.run(.publishContract(Fixtures.revenueMetrics(), document: nil), on: LedgerState())
        #expect(events.map(\.event.typeName) == ["DomainRegistered", "ContractPublished"])
        #expect(state.domains[DomainName("sales")!]?.registration.ownerTeam == "sales-de@company.com")
        let contract = try #require(state.contracts[ContractID("sales.revenue_metrics")!])
        #expect(contract.latestVersion == SemanticVersion("1.0.0"))
        #expect(contract.status == .active)
        #expect(contract.schemaVersion == SemanticVersion("1.0.0"))
        #expect(state.rejected.isEmpty)
    }

    @Test func secondVersionRecordsStructuredSchemaChange() throws {
        var (state, _) = try Fixtures.run(.publishContract(Fixtures.revenueMetrics(), document: nil), on: LedgerState())
        let events: [RecordedEvent]
        (state, events) = try Fixtures.run(.publishContract(Fixtures.revenueMetrics(version: "1.1.0", extraField: true), document: nil), on: state)
        #expect(events.map(\.event.typeName) == ["ContractPublished", "SchemaChanged"])
        guard case .schemaChanged(let change) = events[1].event else { Issue.record("expected SchemaChanged"); return }
        #expect(change.changes == [ContractChange(kind: .fieldAdded, path: "revenue_metrics.channel", new: "string?", grade: .info)])
        let contract = try #require(state.contracts[ContractID("sales.revenue_metrics")!])
        #expect(contract.versions.map(\.contract.version.description) == ["1.0.0", "1.1.0"])
        #expect(contract.versions[1].changes.count == 1)
        #expect(contract.schemaVersion == SemanticVersion("1.1.0"))
    }

    /// The SLA every quality result is judged against is the latest version's, kept beside the
    /// versions as they change, and not stored (it follows from them when a state is read back).
    @Test func latestSLAHoursFollowTheVersions() throws {
        var (state, _) = try Fixtures.run(.publishContract(Fixtures.revenueMetrics(), document: nil), on: LedgerState())
        let id = ContractID("sales.revenue_metrics")!
        #expect(state.contracts[id]?.latestSLAHours == Fixtures.revenueMetrics().serviceLevel.slaHours)
        var faster = Fixtures.revenueMetrics(version: "1.1.0")
        faster.serviceLevel.slaHours = 1
        (state, _) = try Fixtures.run(.publishContract(faster, document: nil), on: state)
        var contract = try #require(state.contracts[id])
        #expect(contract.latestSLAHours == 1)
        let stored = try JSONEncoder().encode(contract)
        #expect(!String(decoding: stored, as: UTF8.self).contains("latestSLAHours"))
        let read = try JSONDecoder().decode(ContractState.self, from: stored)
        #expect(read == contract && read.latestSLAHours == 1)
        contract.versions.removeLast()
        #expect(contract.latestSLAHours == Fixtures.revenueMetrics().serviceLevel.slaHours)
    }

    @Test func sameVersionTwiceRecordsNothingOrIsRejected() throws {
        let (state, _) = try Fixtures.run(.publishContract(Fixtures.revenueMetrics(), document: nil), on: LedgerState())
        #expect(try Ledger.decide(.publishContract(Fixtures.revenueMetrics(), document: nil), state: state).isEmpty,
                "the same content under a recorded version is already recorded")
        do {
            _ = try Ledger.decide(.publishContract(Fixtures.revenueMetrics(extraField: true), document: nil), state: state)
            Issue.record("other content under a recorded version must be rejected")
        } catch {
            #expect(error.code == .versionExists)
            #expect(error.message.contains("fieldAdded revenue_metrics.channel"), "names what differs: \(error.message)")
        }
        do {
            _ = try Ledger.decide(.publishContract(Fixtures.revenueMetrics(version: "0.9.0"), document: nil), state: state)
            Issue.record("a lower version must be rejected")
        } catch {
            #expect(error.code == .versionNotIncreasing)
        }
        do {
            _ = try Ledger.decide(.publishContract(Fixtures.revenueMetrics(version: "1.0.0+build.7"), document: nil), state: state)
            Issue.record("build metadata does not make a new version")
        } catch {
            #expect(error.code == .versionExists)
        }
    }

    @Test func lifecycleMovesForwardOnly() throws {
        var (state, _) = try Fixtures.run(.publishContract(Fixtures.revenueMetrics(), document: nil), on: LedgerState())
        let id = ContractID("sales.revenue_metrics")!
        #expect(throws: LedgerRejection.self) { try Ledger.decide(.retireContract(id, reason: nil), state: state) }
        #expect(throws: LedgerRejection.self) { try Ledger.decide(.deprecateContract(id, reason: "  "), state: state) }
        (state, _) = try Fixtures.run(.deprecateContract(id, reason: "use revenue_v2"), on: state)
        #expect(state.contracts[id]?.status == .deprecated)
        #expect(throws: LedgerRejection.self) {
            try Ledger.decide(.publishContract(Fixtures.revenueMetrics(version: "2.0.0"), document: nil), state: state)
        }
        (state, _) = try Fixtures.run(.retireContract(id, reason: nil), on: state)
        #expect(state.contracts[id]?.status == .retired)
        #expect(throws: LedgerRejection.self) { try Ledger.decide(.transferOwnership(id, newOwner: EmailAddress("x@y.io")!), state: state) }
    }

    @Test func draftAfterActiveIsRejected() throws {
        let (state, _) = try Fixtures.run(.publishContract(Fixtures.revenueMetrics(), document: nil), on: LedgerState())
        do {
            _ = try Ledger.decide(.publishContract(Fixtures.revenueMetrics(version: "1.1.0", status: .draft), document: nil), state: state)
            Issue.record("status must not go back")
        } catch {
            #expect(error.code == .invalidStatus)
        }
    }

    @Test func ownershipTransferChangesOwner() throws {
        var (state, _) = try Fixtures.run(.publishContract(Fixtures.revenueMetrics(), document: nil), on: LedgerState())
        let id = ContractID("sales.revenue_metrics")!
        (state, _) = try Fixtures.run(.transferOwnership(id, newOwner: EmailAddress("finance-de@company.com")!), on: state)
        #expect(state.contracts[id]?.owner?.rawValue == "finance-de@company.com")
        #expect(state.contracts[id]?.latest.owner?.rawValue == "finance-de@company.com")
        #expect(throws: LedgerRejection.self) {
            try Ledger.decide(.transferOwnership(id, newOwner: EmailAddress("finance-de@company.com")!), state: state)
        }
    }

    @Test func qualityResultsComputeTheSeedDashboardScore() throws {
        var (state, _) = try Fixtures.run(.publishContract(Fixtures.revenueMetrics(), document: nil), on: LedgerState())
        let id = ContractID("sales.revenue_metrics")!
        for (index, passed) in [true, true, false, true].enumerated() {
            let observed = Timestamp(millisecondsSinceEpoch: Fixtures.t0.millisecondsSinceEpoch + Int64(index) * 1000)
            (state, _) = try Fixtures.run(.recordQualityCheck(id, rule: "not_null_date", passed: passed, value: nil, observedAt: observed), on: state)
        }
        let summary = state.qualitySummary(for: id)
        #expect(summary.totalChecks == 4)
        #expect(summary.passedChecks == 3)
        #expect(summary.qualityScore?.text == "0.7500")
        #expect(summary.lastCheckedAt?.millisecondsSinceEpoch == Fixtures.t0.millisecondsSinceEpoch + 3000)
        #expect(state.head(of: .quality(id)) == 4)
    }

    @Test func unknownRuleIsRejectedNamingKnownRules() throws {
        let (state, _) = try Fixtures.run(.publishContract(Fixtures.revenueMetrics(), document: nil), on: LedgerState())
        do {
            _ = try Ledger.decide(.recordQualityCheck(ContractID("sales.revenue_metrics")!, rule: "nope", passed: true, value: nil,
                                                      observedAt: Fixtures.t0), state: state)
            Issue.record("unknown rule accepted")
        } catch {
            #expect(error.code == .unknownRule)
            #expect(error.message.contains("not_null_date"))
        }
    }

    @Test func firstEventForASequenceWinsAndLaterOnesAreRejected() throws {
        let proposed = try Ledger.decide(.publishContract(Fixtures.revenueMetrics(), document: nil), state: LedgerState())
        var other = Fixtures.revenueMetrics()
        other.description = "a competing writer"
        let competing = try Ledger.decide(.publishContract(other, document: nil), state: LedgerState())
        var records: [RecordedEvent] = []
        for (index, event) in (proposed + [competing[1]]).enumerated() {
            records.append(RecordedEvent(eventId: "e\(index)", position: Int64(index + 1), stream: event.stream, sequence: event.sequence,
                                         occurredAt: Fixtures.t0, recordedAt: Fixtures.t0, actor: "w\(index)", event: event.event))
        }
        let state = Ledger.fold(records)
        #expect(state.contracts[ContractID("sales.revenue_metrics")!]?.latest.description == nil)
        #expect(state.rejected.map(\.eventId) == ["e2"])
        #expect(state.rejected.first?.reason.code == .conflict)
    }

    @Test func invalidContractIsRejectedNamingTheProblem() {
        var contract = Fixtures.revenueMetrics()
        contract.quality.append(QualityRule(kind: .notNull, object: "revenue_metrics", column: "missing_column"))
        do {
            _ = try Ledger.decide(.publishContract(contract, document: nil), state: LedgerState())
            Issue.record("a rule on a missing column must be rejected")
        } catch {
            #expect(error.code == .invalidContract)
            #expect(error.message.contains("missing_column"))
        }
    }

    @Test func laterEventsOfABatchThatLostARaceAreRejectedToo() throws {
        let (base, _) = try Fixtures.run(.publishContract(Fixtures.revenueMetrics(), document: nil), on: LedgerState())
        var winnerContract = Fixtures.revenueMetrics(version: "1.1.0", extraField: true)
        winnerContract.description = "winner"
        var loserContract = Fixtures.revenueMetrics(version: "1.1.0")
        loserContract.description = "loser"
        let winner = try Ledger.decide(.publishContract(winnerContract, document: nil), state: base)
        let loser = try Ledger.decide(.publishContract(loserContract, document: nil), state: base)
        // On Kafka the two batches can interleave: winner #2, loser #2 (conflict), loser #3, winner #3.
        let head = "h-base"
        func record(_ event: ProposedEvent, _ id: String, previous: String, position: Int64) -> RecordedEvent {
            RecordedEvent(eventId: id, position: position, stream: event.stream, sequence: event.sequence, occurredAt: Fixtures.t0,
                          recordedAt: Fixtures.t0, actor: id, event: event.event, previousHash: previous, hash: "h-\(id)")
        }
        var state = base
        state.heads[winner[0].stream, default: AcceptedHead(sequence: 0)].hash = head
        for event in [record(winner[0], "w2", previous: head, position: 10), record(loser[0], "l2", previous: head, position: 11),
                      record(loser[1], "l3", previous: "h-l2", position: 12), record(winner[1], "w3", previous: "h-w2", position: 13)] {
            state = Ledger.evolve(state, event)
        }
        #expect(state.rejected.map(\.eventId) == ["l2", "l3"])
        let contract = try #require(state.contracts[ContractID("sales.revenue_metrics")!])
        #expect(contract.latest.description == "winner")
        guard case .schemaChanged(let winnerChanges) = winner[1].event else { Issue.record("expected SchemaChanged"); return }
        #expect(contract.versions.last?.changes == winnerChanges.changes)
        #expect(contract.versions.last?.changes.contains { $0.path == "revenue_metrics.channel" } == true)
    }
}
