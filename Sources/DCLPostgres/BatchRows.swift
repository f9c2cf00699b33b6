import DCLApplication
import DCLDomain
import DCLEventLog
import DCLProjections

/// A batch's rows as columns, built before the commit's transaction opens (on every core, with
/// the SQLite store's row texts, so both stores hold the same bytes): the transaction then only
/// sends one array per column.
///
/// ```swift
/// let rows = try BatchRows(batch)
/// rows.timeline.positions.count   // one per event
/// ```
struct BatchRows: Sendable {
    struct Timeline: Sendable {
        var positions = NullableArray<Int64>(), eventIds = NullableArray<String>(), contractIds = NullableArray<String>()
        var streams = NullableArray<String>(), sequences = NullableArray<Int64>(), types = NullableArray<String>()
        var schemaVersions = NullableArray<Int64>(), versions = NullableArray<String>(), actors = NullableArray<String>()
        var occurredAt = NullableArray<String>(), recordedAt = NullableArray<String>(), summaries = NullableArray<String>()
        var changes = NullableArray<String>(), outcomes = NullableArray<String>(), reasons = NullableArray<String>()
        var hashes = NullableArray<String>(), rules = NullableArray<String>(), passed = NullableArray<Bool>()
        var values = NullableArray<String>(), checkedAt = NullableArray<String>(), checkedAtMs = NullableArray<Int64>()
        var lagMs = NullableArray<Int64>(), totalSoFar = NullableArray<Int64>(), passedSoFar = NullableArray<Int64>()
        var onTimeSoFar = NullableArray<Int64>(), lastCheckedSoFar = NullableArray<Int64>()
    }

    struct Quarantine: Sendable {
        var positions = NullableArray<Int64>(), eventIds = NullableArray<String>(), types = NullableArray<String>()
        var reasons = NullableArray<String>()
    }

    struct History: Sendable {
        var contractIds = NullableArray<String>(), validFrom = NullableArray<Int64>(), validTo = NullableArray<Int64>()
        var domains = NullableArray<String>(), owners = NullableArray<String>(), statuses = NullableArray<String>()
        var active = NullableArray<Bool>(), entries = NullableArray<String>(), states = NullableArray<String>()
        /// Each contract's first change in the batch: where its stored current row ends.
        var firstIds = NullableArray<String>(), firstPositions = NullableArray<Int64>()
    }

    var contracts: [ReadModelRows.ContractTexts]
    var qualityIds = NullableArray<String>(), qualityTotals = NullableArray<Int64>(), qualityPassed = NullableArray<Int64>()
    var qualityLastChecked = NullableArray<String>(), qualitySummaries = NullableArray<String>()
    var qualityHeads = NullableArray<Int64>(), qualityHashes = NullableArray<String>(), qualityOnTime = NullableArray<Int64>()
    var timeline = Timeline()
    var quarantine = Quarantine()
    var history = History()
    /// The contracts with events in the batch, sorted: what the commit records for publishing.
    var contractsWithEvents: [String] = []

    init(_ batch: ProjectionBatch) throws {
        let rowTexts = try batch.contractRowTexts()
        contracts = rowTexts.contracts
        let historyTexts = rowTexts.history

        for id in batch.changedQuality.sorted() {
            let summary = batch.state.qualitySummary(for: id)
            let stream = StreamID.quality(id)
            qualityIds.append(id.rawValue)
            qualityTotals.append(Int64(summary.totalChecks))
            qualityPassed.append(Int64(summary.passedChecks))
            qualityLastChecked.append(summary.lastCheckedAt?.iso8601)
            qualitySummaries.append(String(decoding: summary.storedJSON, as: UTF8.self))
            qualityHeads.append(batch.state.heads[stream]?.sequence)
            qualityHashes.append(batch.state.heads[stream]?.hash)
            qualityOnTime.append(batch.onTimeChecks[id] ?? 0)
        }

        let changes = ParallelMap.map(batch.timeline) { entry in
            (changes: entry.changesJSON.map { String(decoding: $0, as: UTF8.self) }, contractId: StreamID(entry.stream)?.contractID?.rawValue)
        }
        contractsWithEvents = Set(changes.compactMap(\.contractId)).sorted()
        var checks = batch.checks[...]
        for (entry, derived) in zip(batch.timeline, changes) {
            let check = checks.first.flatMap { $0.position == entry.position ? $0 : nil }
            timeline.positions.append(entry.position)
            timeline.eventIds.append(entry.eventId)
            timeline.contractIds.append(derived.contractId)
            timeline.streams.append(entry.stream)
            timeline.sequences.append(entry.sequence)
            timeline.types.append(entry.type)
            timeline.schemaVersions.append(Int64(entry.schemaVersion))
            timeline.versions.append(entry.version)
            timeline.actors.append(entry.actor)
            timeline.occurredAt.append(entry.occurredAt)
            timeline.recordedAt.append(entry.recordedAt)
            // An accepted result without a run comes without its sentence (see `ProjectionBatch.timeline`).
            timeline.summaries.append(entry.summary.isEmpty && check?.run?.standsAlone == true ? check!.loneResultSummary : entry.summary)
            timeline.changes.append(derived.changes)
            timeline.outcomes.append(entry.outcome)
            timeline.reasons.append(entry.reason)
            timeline.hashes.append(entry.hash)
            // An accepted quality result (`batch.checks`, in log order like the timeline) also
            // fills the seed's quality-check columns of its row.
            if let check {
                checks.removeFirst()
                timeline.rules.append(check.rule)
                timeline.passed.append(check.passed)
                timeline.values.append(check.value)
                timeline.checkedAt.append(check.checkedAt.iso8601)
                timeline.checkedAtMs.append(check.checkedAt.millisecondsSinceEpoch)
                timeline.lagMs.append(check.recordedAt.millisecondsSinceEpoch - check.checkedAt.millisecondsSinceEpoch)
                timeline.totalSoFar.append(check.totalSoFar)
                timeline.passedSoFar.append(check.passedSoFar)
                timeline.onTimeSoFar.append(check.onTimeSoFar)
                timeline.lastCheckedSoFar.append(check.lastCheckedSoFar?.millisecondsSinceEpoch)
            } else {
                timeline.rules.append(nil)
                timeline.passed.append(nil)
                timeline.values.append(nil)
                timeline.checkedAt.append(nil)
                timeline.checkedAtMs.append(nil)
                timeline.lagMs.append(nil)
                timeline.totalSoFar.append(nil)
                timeline.passedSoFar.append(nil)
                timeline.onTimeSoFar.append(nil)
                timeline.lastCheckedSoFar.append(nil)
            }
        }
        for poison in batch.quarantined {
            quarantine.positions.append(poison.position)
            quarantine.eventIds.append(poison.eventId)
            quarantine.types.append(poison.type)
            quarantine.reasons.append(poison.reason)
        }

        // Each row is valid until the batch's next change of its contract (found walking backwards).
        var validTo = [Int64?](repeating: nil, count: batch.contractHistory.count)
        var laterChange: [ContractID: Int64] = [:]
        for (index, row) in batch.contractHistory.enumerated().reversed() {
            validTo[index] = laterChange[row.state.id]
            laterChange[row.state.id] = row.position
        }
        var seen = Set<String>()
        for (index, (row, texts)) in zip(batch.contractHistory, historyTexts).enumerated() {
            let entry = texts.entry
            if seen.insert(entry.contractId).inserted {
                history.firstIds.append(entry.contractId)
                history.firstPositions.append(row.position)
            }
            history.contractIds.append(entry.contractId)
            history.validFrom.append(row.position)
            history.validTo.append(validTo[index])
            history.domains.append(entry.domain)
            history.owners.append(entry.owner)
            history.statuses.append(entry.status)
            history.active.append(entry.isActive)
            history.entries.append(texts.entryText)
            history.states.append(texts.stateText)
        }
    }
}
