import DCLApplication
import DCLDomain
import DCLEventLog

/// Folds stored events into a `ProjectionBatch` with the domain's own `Ledger.evolve`:
/// the read models accept and reject exactly what every writer's fold does.
///
/// Decoding, the hash check and the event's timeline line depend on the event alone, so they
/// run for the whole batch in parallel first (`ParallelMap`); then the batch is folded in log
/// order on one thread, which is the only step that must be sequential.
public enum ProjectionFold {
    /// One event, decoded and checked, ready to fold.
    struct Prepared: Sendable {
        var recorded: Result<RecordedEvent, EventLogError>
        var hashMatches: Bool
        /// The timeline line as if accepted; the fold sets the outcome.
        var entry: HistoryEntry
    }

    static func prepare(_ stored: StoredEvent) -> Prepared {
        let envelope = stored.envelope
        do throws(EventLogError) {
            let recorded = try EventCodec.recorded(stored)
            return Prepared(recorded: .success(recorded), hashMatches: EventHasher.verifies(envelope),
                            entry: HistoryEntry(stored: stored, event: recorded.event, outcome: "accepted", reason: nil))
        } catch {
            return Prepared(recorded: .failure(error), hashMatches: false,
                            entry: HistoryEntry(stored: stored, event: nil, outcome: "quarantined", reason: error.description))
        }
    }

    public static func fold(_ events: [StoredEvent], from state: LedgerState, position: Int64,
                            lastRecordedAt: Timestamp?, onTimeChecks: [ContractID: Int64] = [:]) -> ProjectionBatch {
        var batch = ProjectionBatch(fromPosition: position, toPosition: position, state: state, lastRecordedAt: lastRecordedAt)
        batch.onTimeChecks = onTimeChecks
        // Rejections are recorded in the timeline; the fold state only needs to notice new ones,
        // so it does not carry (and the checkpoint does not re-store) the whole history of them.
        batch.state.rejected.removeAll()
        let prepared = ParallelMap.map(events, prepare)
        batch.timeline.reserveCapacity(events.count)
        // By index: iterating the pairs would copy every event and its prepared form once more.
        for index in events.indices {
            let stored = events[index]
            let item = prepared[index]
            batch.eventCount += 1
            if stored.position > batch.toPosition || batch.lastHash == nil {
                batch.toPosition = stored.position
                batch.lastHash = stored.envelope.hash
            }
            let envelope = stored.envelope
            if batch.lastRecordedAt.map({ envelope.recordedAt > $0 }) ?? true { batch.lastRecordedAt = envelope.recordedAt }
            var entry = item.entry
            let recorded: RecordedEvent
            switch item.recorded {
            case .failure(let error):
                batch.quarantined.append(QuarantinedEvent(position: stored.position, eventId: envelope.eventId, type: envelope.type,
                                                          reason: error.description))
                batch.timeline.append(entry)
                batch.state.position = max(batch.state.position, stored.position)
                continue
            case .success(let event):
                recorded = event
            }
            // A broken hash is poison too: the event is not what its writer sealed.
            guard item.hashMatches else {
                let reason = "hash does not match the event's content"
                batch.quarantined.append(QuarantinedEvent(position: stored.position, eventId: envelope.eventId, type: envelope.type, reason: reason))
                entry.outcome = "quarantined"
                entry.reason = reason
                batch.timeline.append(entry)
                batch.state.position = max(batch.state.position, stored.position)
                continue
            }
            let rejectedBefore = batch.state.rejected.count
            Ledger.evolve(&batch.state, recorded)
            if batch.state.rejected.count > rejectedBefore, let rejection = batch.state.rejected.last {
                entry.outcome = "rejected"
                entry.reason = rejection.reason.description
                batch.timeline.append(entry)
                continue
            }
            batch.timeline.append(entry)
            batch.acceptedCount += 1
            // A quality stream's head is stored with its contract's quality row (`changedQuality`).
            if recorded.stream.kind != .quality { batch.changedStreams.insert(recorded.stream) }
            if let id = recorded.stream.contractID, recorded.stream.kind == .lifecycle, let contract = batch.state.contracts[id] {
                batch.contractHistory.append(ContractHistoryRow(position: stored.position, state: contract))
            }
            switch recorded.event {
            case .qualityCheckRecorded(let check):
                let id = check.contractId
                batch.changedQuality.insert(id)
                // On time: recorded within the SLA hours in force when it was recorded.
                let slaMilliseconds = batch.state.contracts[id].map { Int64($0.latest.serviceLevel.slaHours) * 3_600_000 }
                let lag = envelope.recordedAt.millisecondsSinceEpoch - check.observedAt.millisecondsSinceEpoch
                var onTime = batch.onTimeChecks[id] ?? 0
                if let slaMilliseconds, lag <= slaMilliseconds {
                    onTime += 1
                    batch.onTimeChecks[id] = onTime
                }
                var row = QualityCheckRow(position: stored.position, rule: check.rule, passed: check.passed, value: check.value?.text,
                                          checkedAt: check.observedAt, recordedAt: envelope.recordedAt)
                let summary = batch.state.qualitySummary(for: id)
                row.totalSoFar = Int64(summary.totalChecks)
                row.passedSoFar = Int64(summary.passedChecks)
                row.lastCheckedSoFar = summary.lastCheckedAt
                row.onTimeSoFar = onTime
                row.run = QualityRunMembers(contractId: id.rawValue, runId: check.runId ?? envelope.eventId, origin: check.origin ?? "manual",
                                            contractVersion: check.contractVersion?.description, threshold: check.threshold,
                                            rowsScanned: check.rowsScanned, fingerprint: check.fingerprint,
                                            standsAlone: check.runId == nil)
                batch.checks.append(row)
            case .contractPublished(let published): batch.changedContracts.insert(published.contract.id)
            case .schemaChanged(let event):
                batch.changedContracts.insert(event.contractId)
                let breaking = event.changes.filter { $0.grade == .breakingForConsumers || $0.grade == .breakingForBoth }
                if !breaking.isEmpty {
                    let impacts = ConsumerImpact.assess(gradedChanges: event.changes, consumers: batch.state.consumers[event.contractId] ?? [:],
                                                        contractId: event.contractId, version: event.toVersion)
                    let message = "\(event.contractId) \(event.fromVersion) → \(event.toVersion) breaks consumers: "
                        + breaking.map(\.description).joined(separator: "; ")
                        + (impacts.isEmpty ? "" : "; " + impacts.map(\.description).joined(separator: "; "))
                    batch.notifications.append(GovernanceNotification(
                        position: stored.position, contractId: event.contractId.rawValue, kind: .breakingChange,
                        version: event.toVersion.description, message: message,
                        consumers: Array(Set(impacts.map(\.consumer))).sorted(), recordedAt: envelope.recordedAt.iso8601,
                        eventId: envelope.eventId))
                }
            case .contractDeprecated(let event):
                batch.changedContracts.insert(event.contractId)
                batch.notifications.append(GovernanceNotification(
                    position: stored.position, contractId: event.contractId.rawValue, kind: .deprecation, version: event.version.description,
                    message: "\(event.contractId) deprecated at \(event.version): \(event.reason)",
                    consumers: (batch.state.consumers[event.contractId] ?? [:]).keys.sorted(), recordedAt: envelope.recordedAt.iso8601,
                    eventId: envelope.eventId))
            case .contractReactivated(let event): batch.changedContracts.insert(event.contractId)
            case .contractRetired(let event): batch.changedContracts.insert(event.contractId)
            case .ownershipTransferred(let event): batch.changedContracts.insert(event.contractId)
            case .domainRegistered, .compatibilityConfigured, .auditCheckpointRecorded, .apiTokenIssued, .apiTokenRevoked,
                 .policyAdopted, .policyRetired, .consumerSubscribed, .consumerUnsubscribed, .consumerApproved,
                 .platformRequested, .platformRequestDecided, .platformProvisioned:
                batch.acceptedGlobal.append(recorded)  // global state, stored with every batch
            }
        }
        batch.state.rejected.removeAll()
        return batch
    }
}
