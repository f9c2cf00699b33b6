import DCLApplication
import DCLDomain
import DCLEventLog

/// Folds stored events into a `ProjectionBatch` with the domain's own `Ledger.evolve`:
/// the read models accept and reject exactly what every writer's fold does.
public enum ProjectionFold {
    public static func fold(_ events: [StoredEvent], from state: LedgerState, position: Int64,
                            lastRecordedAt: Timestamp?) -> ProjectionBatch {
        var batch = ProjectionBatch(fromPosition: position, toPosition: position, state: state, lastRecordedAt: lastRecordedAt)
        for stored in events {
            batch.eventCount += 1
            batch.toPosition = max(batch.toPosition, stored.position)
            let envelope = stored.envelope
            if batch.lastRecordedAt.map({ envelope.recordedAt > $0 }) ?? true { batch.lastRecordedAt = envelope.recordedAt }
            let recorded: RecordedEvent
            do {
                recorded = try EventCodec.recorded(stored)
            } catch {
                let quarantined = QuarantinedEvent(position: stored.position, eventId: envelope.eventId, type: envelope.type,
                                                   reason: error.description)
                batch.quarantined.append(quarantined)
                batch.timeline.append(HistoryEntry(stored: stored, event: nil, outcome: "quarantined", reason: error.description))
                batch.state.position = max(batch.state.position, stored.position)
                continue
            }
            // A broken hash is poison too: the event is not what its writer sealed.
            if EventHasher.hash(of: envelope) != envelope.hash {
                let reason = "hash does not match the event's content"
                batch.quarantined.append(QuarantinedEvent(position: stored.position, eventId: envelope.eventId, type: envelope.type, reason: reason))
                batch.timeline.append(HistoryEntry(stored: stored, event: recorded.event, outcome: "quarantined", reason: reason))
                batch.state.position = max(batch.state.position, stored.position)
                continue
            }
            let rejectedBefore = batch.state.rejected.count
            Ledger.evolve(&batch.state, recorded)
            if batch.state.rejected.count > rejectedBefore, let rejection = batch.state.rejected.last {
                batch.timeline.append(HistoryEntry(stored: stored, event: recorded.event, outcome: "rejected",
                                                   reason: rejection.reason.description))
                continue
            }
            batch.timeline.append(HistoryEntry(stored: stored, event: recorded.event, outcome: "accepted", reason: nil))
            if let id = recorded.stream.contractID { batch.touchedContracts.insert(id) }
            if case .qualityCheckRecorded(let check) = recorded.event {
                batch.checks.append(QualityCheckRow(checkId: envelope.eventId, position: stored.position, contractId: check.contractId.rawValue,
                                                    rule: check.rule, passed: check.passed, value: check.value?.text,
                                                    checkedAt: check.observedAt, recordedAt: envelope.recordedAt,
                                                    contractVersion: check.contractVersion?.description))
            }
        }
        return batch
    }
}
