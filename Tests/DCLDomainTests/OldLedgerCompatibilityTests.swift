import DCLDomain
import DCLEventLog
import Testing

/// Ledgers written before consumer-first grading must read and fold exactly as they did: old
/// `SchemaChanged` v1 payloads are upcast (grades added, bytes untouched), and versions whose
/// recorded decision predates `GradingRules` are re-checked under the rules that admitted them.
@Suite struct OldLedgerCompatibilityTests {
    /// A second version that removed an optional field under a MINOR bump, as dcl recorded it under
    /// BACKWARD before grading rules were versioned (no `rules` member in the decision).
    static func legacyHistory() -> [RecordedEvent] {
        let v1 = Fixtures.revenueMetrics(version: "1.0.0", extraField: true)
        let v2 = Fixtures.revenueMetrics(version: "1.1.0", extraField: false)
        let decision = CompatibilityDecision(mode: "BACKWARD", computedBump: "MINOR", declaredBump: "MINOR", comparedWith: ["1.0.0"],
                                             ruleIds: [], reasons: ["MINOR: fieldRemoved revenue_metrics.channel (was string?) [breaking-for-consumers]"])
        let events: [LedgerEvent] = [
            .domainRegistered(DomainRegistered(domain: DomainName("sales")!, ownerTeam: "sales-de@company.com", slaHours: 2,
                                               qualityThreshold: NumericLiteral("0.995")!)),
            .contractPublished(ContractPublished(contract: v1, previousVersion: nil, document: nil)),
            .contractPublished(ContractPublished(contract: v2, previousVersion: v1.version, document: nil, compatibility: decision)),
        ]
        var sequences: [StreamID: Int64] = [:]
        return events.enumerated().map { index, event in
            let sequence = sequences[event.stream, default: 0] + 1
            sequences[event.stream] = sequence
            return RecordedEvent(eventId: "old-\(index)", position: Int64(index + 1), stream: event.stream, sequence: sequence,
                                 occurredAt: Fixtures.t0, recordedAt: Fixtures.t0, actor: "old-dcl", event: event)
        }
    }

    @Test func aMinorRemovalRecordedUnderOldRulesStillFolds() throws {
        let state = Ledger.fold(Self.legacyHistory())
        #expect(state.rejected.isEmpty, "\(state.rejected.map(\.reason.description))")
        let contract = try #require(state.contracts[ContractID("sales.revenue_metrics")!])
        #expect(contract.versions.map(\.contract.version.description) == ["1.0.0", "1.1.0"])
        // The same change decided today, under the consumer-first default, needs a major version.
        let decision = try #require(Ledger.dryRun(Fixtures.revenueMetrics(version: "1.2.0", extraField: true), state: state))
        #expect(decision.rules == .current && decision.mode == .forwardTransitive)
    }

    @Test func schemaChangedV1IsUpcastWithGrades() throws {
        let payload = try JSONValue.parse("""
            {"changes":[{"kind":"fieldRemoved","old":"string?","path":"revenue_metrics.channel"},{"kind":"docChanged","new":"x","path":"revenue_metrics.date"}],
             "contractId":"sales.revenue_metrics","fromVersion":"1.0.0","toVersion":"1.1.0"}
            """)
        let event = try EventCodec.decode(type: SchemaChanged.typeName, schemaVersion: 1, payload: payload)
        guard case .schemaChanged(let changed) = event else { Issue.record("expected SchemaChanged"); return }
        #expect(changed.changes.map(\.grade) == [.breakingForConsumers, .info])
        #expect(changed.changes.map(\.kind) == [.fieldRemoved, .docChanged])
        // The current version decodes as written.
        let current = EventCodec.payload(of: event)
        #expect(try EventCodec.decode(type: SchemaChanged.typeName, schemaVersion: SchemaChanged.schemaVersion, payload: current) == event)
    }
}
