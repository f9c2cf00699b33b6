import DCLDomain
import DCLEventLog
import Testing

/// Publishing a recorded version again (idempotent when the document is the same) and taking back a deprecation.
@Suite("republish and reactivate")
struct RepublishAndReactivateTests {
    let id = ContractID("sales.revenue_metrics")!

    static func document(description: String, version: String = "1.0.0") -> JSONValue {
        .object(["id": .string("sales.revenue_metrics"), "version": .string(version), "description": .string(description),
                 "tags": .array([.string("finance"), .string("daily")])])
    }

    @Test func theStoredDocumentDecidesWhetherAPublishIsUnchanged() throws {
        let stored = Self.document(description: "Daily revenue.")
        let (state, _) = try Fixtures.run(.publishContract(Fixtures.revenueMetrics(), document: stored), on: LedgerState())
        #expect(try Ledger.decide(.publishContract(Fixtures.revenueMetrics(), document: stored), state: state).isEmpty)

        // A change the contract diff does not model (here the document's description) is still a difference.
        do {
            _ = try Ledger.decide(.publishContract(Fixtures.revenueMetrics(), document: Self.document(description: "Revenue per day.")), state: state)
            Issue.record("a different document under 1.0.0 must be rejected")
        } catch {
            #expect(error.code == .versionExists)
            #expect(error.message.contains(#"description: "Daily revenue." → "Revenue per day.""#), "\(error.message)")
            #expect(error.message.contains("new version"))
        }
    }

    @Test func anOlderRecordedVersionRepublishedAsIsIsUnchangedToo() throws {
        var (state, _) = try Fixtures.run(.publishContract(Fixtures.revenueMetrics(), document: nil), on: LedgerState())
        (state, _) = try Fixtures.run(.publishContract(Fixtures.revenueMetrics(version: "1.1.0", extraField: true), document: nil), on: state)
        // A repository keeps every version's file; publishing all of them again records nothing.
        #expect(try Ledger.decide(.publishContract(Fixtures.revenueMetrics(), document: nil), state: state).isEmpty)
        #expect(try Ledger.decide(.publishContract(Fixtures.revenueMetrics(version: "1.1.0", extraField: true), document: nil), state: state).isEmpty)
    }

    @Test func documentDifferencesNameTheirPaths() {
        let old: JSONValue = .object(["a": .number("1"), "list": .array([.string("x"), .string("y")]), "gone": .bool(true)])
        let new: JSONValue = .object(["a": .number("2"), "list": .array([.string("x"), .string("z")]), "added": .null])
        #expect(old.differences(to: new) == ["a: 1 → 2", "added: null added", "gone: true removed", #"list[1]: "y" → "z""#])
        #expect(old.differences(to: old).isEmpty)
        #expect(old.differences(to: new, limit: 2).count == 2)
    }

    @Test func reactivateTakesBackADeprecation() throws {
        var (state, _) = try Fixtures.run(.publishContract(Fixtures.revenueMetrics(), document: nil), on: LedgerState())
        #expect(throws: LedgerRejection.self, "an active contract has nothing to take back") {
            try Ledger.decide(.reactivateContract(id, reason: "oops"), state: state)
        }
        (state, _) = try Fixtures.run(.deprecateContract(id, reason: "use revenue_v2"), on: state)
        #expect(throws: LedgerRejection.self, "a reason is required") { try Ledger.decide(.reactivateContract(id, reason: " "), state: state) }
        let events: [RecordedEvent]
        (state, events) = try Fixtures.run(.reactivateContract(id, reason: "revenue_v2 is not ready"), on: state)
        #expect(events.map(\.event) == [.contractReactivated(ContractReactivated(
            contractId: id, version: SemanticVersion("1.0.0")!, status: .active, reason: "revenue_v2 is not ready"))])
        #expect(state.contracts[id]?.status == .active)
        #expect(state.contracts[id]?.deprecationReason == nil)
        #expect(state.rejected.isEmpty)
        // Active again: it takes new versions.
        (state, _) = try Fixtures.run(.publishContract(Fixtures.revenueMetrics(version: "1.1.0", extraField: true), document: nil), on: state)
        #expect(state.contracts[id]?.latestVersion == SemanticVersion("1.1.0"))
    }

    @Test func aReactivatedDraftIsADraftAgainAndRetirementIsFinal() throws {
        var (state, _) = try Fixtures.run(.publishContract(Fixtures.revenueMetrics(status: .draft), document: nil), on: LedgerState())
        (state, _) = try Fixtures.run(.deprecateContract(id, reason: "abandoned"), on: state)
        (state, _) = try Fixtures.run(.reactivateContract(id, reason: "picked up again"), on: state)
        #expect(state.contracts[id]?.status == .draft, "back to what the latest version was published as")
        (state, _) = try Fixtures.run(.deprecateContract(id, reason: "abandoned for good"), on: state)
        (state, _) = try Fixtures.run(.retireContract(id, reason: nil), on: state)
        do {
            _ = try Ledger.decide(.reactivateContract(id, reason: "no"), state: state)
            Issue.record("a retired contract cannot be reactivated")
        } catch {
            #expect(error.code == .invalidStatus && error.message.contains("final"))
        }
    }

    @Test func theFoldRejectsAReactivationThatRestoresAnotherStatus() throws {
        var (state, _) = try Fixtures.run(.publishContract(Fixtures.revenueMetrics(), document: nil), on: LedgerState())
        (state, _) = try Fixtures.run(.deprecateContract(id, reason: "use revenue_v2"), on: state)
        let forged = RecordedEvent(eventId: "forged", position: state.position + 1, stream: .lifecycle(id), sequence: state.head(of: .lifecycle(id)) + 1,
                                   occurredAt: Fixtures.t0, recordedAt: Fixtures.t0, actor: "x",
                                   event: .contractReactivated(ContractReactivated(contractId: id, version: SemanticVersion("1.0.0")!,
                                                                                   status: .proposed, reason: "sneaky")))
        let after = Ledger.evolve(state, forged)
        #expect(after.contracts[id]?.status == .deprecated)
        #expect(after.rejected.last?.reason.code == .inconsistentEvent)
    }

    @Test func theCodecRoundTripsAReactivation() throws {
        let event = LedgerEvent.contractReactivated(ContractReactivated(contractId: id, version: SemanticVersion("2.1.0")!,
                                                                        status: .active, reason: "deprecated by mistake"))
        let payload = EventCodec.payload(of: event)
        #expect(payload.canonicalText == #"{"contractId":"sales.revenue_metrics","reason":"deprecated by mistake","status":"active","version":"2.1.0"}"#)
        #expect(try EventCodec.decode(type: "ContractReactivated", schemaVersion: 1, payload: payload) == event)
        #expect(LedgerEvent.currentSchemaVersions["ContractReactivated"] == 1)
    }
}
