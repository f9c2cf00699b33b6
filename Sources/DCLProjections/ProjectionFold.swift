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
        /// The decoded event, or (nil) why it could not be decoded. Two optionals rather than a
        /// `Result`: a partitioned log's events are renumbered after they are prepared, and an
        /// optional's payload changes in place where a result's was copied out and back.
        var event: RecordedEvent?
        var failure: EventLogError?
        var hashMatches: Bool
        /// The timeline line as if accepted; the fold sets the outcome.
        var entry: HistoryEntry
    }

    /// A batch's events decoded and checked before their turn to be folded, in their order: a
    /// projector prepares the batch it reads ahead while it folds the one before.
    public struct PreparedEvents: Sendable {
        /// `var` only so that `fold` can move the array out (see there).
        fileprivate(set) var items: [Prepared]
        /// The parts of the fold state the events touch (`FoldParts(events)`), found with them,
        /// off the thread that folds.
        public let parts: FoldParts
    }

    /// Decodes and checks `events` on every core (what `fold` does first when not given them).
    /// The events are lent `inout` only so that each is read where it lies (see
    /// `ParallelMap.map(inPlace:)`); none is changed.
    public static func prepare(_ events: inout [StoredEvent]) -> PreparedEvents {
        PreparedEvents(items: ParallelMap.map(inPlace: &events, prepare), parts: FoldParts(events))
    }

    static func prepare(_ stored: inout StoredEvent) -> Prepared {
        do throws(EventLogError) {
            let recorded = try EventCodec.recorded(stored)
            // Formatted once for the hash and the timeline line; a writer stamps most events with
            // one time for both, which then share one string.
            let occurredAt = stored.envelope.occurredAt.iso8601
            let recordedAt = stored.envelope.recordedAt == stored.envelope.occurredAt ? occurredAt : stored.envelope.recordedAt.iso8601
            let matches = EventHasher.verifies(stored.envelope, occurredAtText: occurredAt, recordedAtText: recordedAt)
            // The entry reads the event first; then the event moves into the result (not copied).
            // A result without a run gets no sentence yet: accepted, its store writes it from the
            // result's own columns (`ProjectionBatch.timeline`), and nearly every event of a busy
            // ledger is one; the fold writes it for a result it does not accept.
            let entry = HistoryEntry(stored: stored, decoded: recorded.event, outcome: "accepted", reason: nil,
                                     occurredAt: occurredAt, recordedAt: recordedAt,
                                     summary: recorded.event.isQualityResultWithoutRun ? "" : nil)
            return Prepared(event: consume recorded, failure: nil, hashMatches: matches, entry: entry)
        } catch {
            return Prepared(event: nil, failure: error, hashMatches: false,
                            entry: HistoryEntry(stored: stored, event: nil, outcome: "quarantined", reason: error.description))
        }
    }

    /// Folds `events` from `state`. `prepared`, when given, must be `prepare(events)` of the same
    /// events (their positions may have been set since: a partitioned log's reader numbers them
    /// after reading).
    /// `state` and `onTimeChecks` are taken, not shared: a caller that gives up its own copy
    /// (`consume`) lets the fold change them in place instead of copying every contract they hold.
    /// `gathersChangedQuality: false` leaves `changedQuality` empty, for a projector that writes
    /// quality rows last (`ReadModelStoring.writesContractRowsLast`) and needs only to know whether
    /// any result was accepted (`checks` is not empty then).
    public static func fold(_ events: [StoredEvent], prepared ahead: consuming PreparedEvents? = nil, from state: consuming LedgerState, position: Int64,
                            lastRecordedAt: Timestamp?, onTimeChecks: consuming [ContractID: Int64] = [:],
                            gathersChangedQuality: Bool = true) -> ProjectionBatch {
        var batch = ProjectionBatch(fromPosition: position, toPosition: position, state: state, lastRecordedAt: lastRecordedAt)
        batch.onTimeChecks = onTimeChecks
        // Rejections are recorded in the timeline; the fold state only needs to notice new ones,
        // so it does not carry (and the checkpoint does not re-store) the whole history of them.
        batch.state.rejected.removeAll()
        // Each prepared event's parts are moved out of it, not copied (`take`), so the array is
        // held alone: given up by the caller (`consume`), or made here.
        var prepared: [Prepared]
        if var ahead = consume ahead {
            // Moved out, not copied: a copy shares the buffer, so the first change below copied
            // every prepared event (a retain of each of its strings) and later released both.
            prepared = []
            swap(&prepared, &ahead.items)
        } else {
            // The caller's events, not lent: each is copied to be prepared, as a borrowed one would be.
            prepared = ParallelMap.map(events) { event in
                var copy = copy event
                return prepare(&copy)
            }
        }
        precondition(prepared.count == events.count, "prepared events of another batch")
        // Prepared before a partitioned log's reader numbered the events: renumber them once.
        if let first = prepared.first, first.entry.position != events[0].position {
            for index in events.indices { prepared[index].renumber(events[index].position) }
        }
        batch.timeline.reserveCapacity(events.count)
        // Nearly every event of a busy ledger is a quality result with a row here: grown by
        // appending, the array moved every row it held a dozen times.
        batch.checks.reserveCapacity(events.count)
        // Nearly every event of a busy ledger is a quality result, most for a contract the batch
        // has not met yet: sized once, the set is not rehashed a dozen times as it grows.
        if gathersChangedQuality { batch.changedQuality.reserveCapacity(events.count) }
        // By index, each field read where it is: binding an event, its envelope or its prepared
        // form to a name would copy it (a dozen strings retained and released per event).
        for index in events.indices {
            let position = events[index].position
            batch.eventCount += 1
            if position > batch.toPosition || batch.lastHash == nil {
                batch.toPosition = position
                batch.lastHash = events[index].envelope.hash
            }
            let recordedAt = events[index].envelope.recordedAt
            if batch.lastRecordedAt.map({ recordedAt > $0 }) ?? true { batch.lastRecordedAt = recordedAt }
            let recorded: RecordedEvent
            if let event = prepared[index].takeEvent() {
                recorded = event
            } else {
                let reason = prepared[index].failure?.description ?? "undecodable"
                batch.quarantined.append(QuarantinedEvent(position: position, eventId: events[index].envelope.eventId,
                                                          type: events[index].envelope.type, reason: reason))
                batch.timeline.append(prepared[index].takeEntry())
                batch.state.position = max(batch.state.position, position)
                continue
            }
            // A broken hash is poison too: the event is not what its writer sealed.
            guard prepared[index].hashMatches else {
                let reason = "hash does not match the event's content"
                batch.quarantined.append(QuarantinedEvent(position: position, eventId: events[index].envelope.eventId,
                                                          type: events[index].envelope.type, reason: reason))
                var entry = prepared[index].takeEntry()
                entry.outcome = "quarantined"
                entry.reason = reason
                if entry.summary.isEmpty { entry.summary = EventSummary.text(for: recorded.event) }
                batch.timeline.append(entry)
                batch.state.position = max(batch.state.position, position)
                continue
            }
            let rejectedBefore = batch.state.rejected.count
            Ledger.evolve(&batch.state, recorded)
            if batch.state.rejected.count > rejectedBefore, let rejection = batch.state.rejected.last {
                var entry = prepared[index].takeEntry()
                entry.outcome = "rejected"
                entry.reason = rejection.reason.description
                if entry.summary.isEmpty { entry.summary = EventSummary.text(for: recorded.event) }
                batch.timeline.append(entry)
                continue
            }
            batch.timeline.append(prepared[index].takeEntry())
            batch.acceptedCount += 1
            // A quality stream's head is stored with its contract's quality row (`changedQuality`).
            if recorded.stream.kind != .quality { batch.changedStreams.insert(recorded.stream) }
            if recorded.stream.kind == .lifecycle, let id = recorded.stream.contractID, let contract = batch.state.contracts[id] {
                batch.contractHistory.append(ContractHistoryRow(position: position, state: contract))
            }
            switch recorded.event {
            case .qualityCheckRecorded(let check):
                let id = check.contractId
                if gathersChangedQuality { batch.changedQuality.insert(id) }
                // On time: recorded within the SLA hours in force when it was recorded.
                let slaMilliseconds = latestSLAHours(of: id, in: &batch.state.contracts).map { Int64($0) * 3_600_000 }
                let lag = recordedAt.millisecondsSinceEpoch - check.observedAt.millisecondsSinceEpoch
                // Counted where the count lies (one lookup; reading it and storing it back took two).
                let onTime = if let slaMilliseconds, lag <= slaMilliseconds {
                    Self.increment(&batch.onTimeChecks[id, default: 0])
                } else {
                    batch.onTimeChecks[id] ?? 0
                }
                // The running totals `Ledger.evolve` just counted, read at the summary's slot (the
                // getter copied the summary, its rules included, for three numbers).
                let (total, passed, lastChecked) = Self.runningTotals(of: id, in: &batch.state.quality)
                // Built whole where it is appended: a row made first and then appended was copied.
                // Its contract version is the text of the timeline entry just appended (the event's
                // `contractVersion`, formatted once).
                batch.checks.append(QualityCheckRow(
                    position: position, rule: check.rule, passed: check.passed, value: check.value?.text, checkedAt: check.observedAt,
                    recordedAt: recordedAt, totalSoFar: total, passedSoFar: passed,
                    onTimeSoFar: onTime, lastCheckedSoFar: lastChecked,
                    run: QualityRunMembers(contractId: id.rawValue, runId: check.runId ?? events[index].envelope.eventId,
                                           origin: check.origin ?? "manual", contractVersion: batch.timeline[batch.timeline.count - 1].version,
                                           threshold: check.threshold, rowsScanned: check.rowsScanned, fingerprint: check.fingerprint,
                                           standsAlone: check.runId == nil)))
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
                        position: position, contractId: event.contractId.rawValue, kind: .breakingChange,
                        version: event.toVersion.description, message: message,
                        consumers: Array(Set(impacts.map(\.consumer))).sorted(), recordedAt: recordedAt.iso8601,
                        eventId: events[index].envelope.eventId))
                }
            case .contractDeprecated(let event):
                batch.changedContracts.insert(event.contractId)
                batch.notifications.append(GovernanceNotification(
                    position: position, contractId: event.contractId.rawValue, kind: .deprecation, version: event.version.description,
                    message: "\(event.contractId) deprecated at \(event.version): \(event.reason)",
                    consumers: (batch.state.consumers[event.contractId] ?? [:]).keys.sorted(), recordedAt: recordedAt.iso8601,
                    eventId: events[index].envelope.eventId))
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

extension ProjectionFold {
    /// The SLA hours of a contract's latest version (nil for a contract not published), read
    /// where the contract lies. Through the dictionary's getter, or its keyed `inout` access,
    /// the whole contract state was copied (a retain and a release per field) for one number,
    /// once per quality result; the values' own `inout` access at the contract's slot borrows
    /// it in place (the fold owns its state alone, so nothing is copied to make it unique either).
    static func latestSLAHours(of id: ContractID, in contracts: inout [ContractID: ContractState]) -> Int? {
        guard let slot = contracts.index(forKey: id) else { return nil }
        return slaHours(of: &contracts.values[slot])
    }

    private static func slaHours(of contract: inout ContractState) -> Int { contract.latestSLAHours }

    /// Adds one to `count` and returns the new count.
    static func increment(_ count: inout Int64) -> Int64 {
        count += 1
        return count
    }

    /// A contract's quality totals so far (zero for one with no results), read where its summary lies.
    static func runningTotals(of id: ContractID, in quality: inout [ContractID: QualitySummary])
        -> (total: Int64, passed: Int64, lastChecked: Timestamp?) {
        guard let slot = quality.index(forKey: id) else { return (0, 0, nil) }
        return totals(of: &quality.values[slot])
    }

    private static func totals(of summary: inout QualitySummary) -> (total: Int64, passed: Int64, lastChecked: Timestamp?) {
        (Int64(summary.totalChecks), Int64(summary.passedChecks), summary.lastCheckedAt)
    }
}

extension ProjectionFold.Prepared {
    /// The timeline line, moved out (what is left is empty): appending a copy would retain and
    /// later release each of its strings, for every event. (The empty entry is made in place:
    /// copied from a stored constant, it cost a call per field.)
    mutating func takeEntry() -> HistoryEntry {
        var moved = HistoryEntry(position: 0, eventId: "", stream: "", sequence: 0, type: "", schemaVersion: 0, version: nil,
                                 actor: "", occurredAt: "", recordedAt: "", summary: "", changes: nil, outcome: "",
                                 reason: nil, hash: "")
        swap(&moved, &entry)
        return moved
    }

    /// The decoded event (nil when it could not be decoded: see `failure`), moved out like `takeEntry()`.
    mutating func takeEvent() -> RecordedEvent? {
        var moved: RecordedEvent?
        swap(&moved, &event)
        return moved
    }

    /// The same event at another position (a partitioned log's reader numbers what it read).
    mutating func renumber(_ position: Int64) {
        entry.position = position
        event?.position = position
    }
}

extension LedgerEvent {
    /// A quality result recorded without a run (a run of its own), read from a borrowed event.
    var isQualityResultWithoutRun: Bool {
        if case .qualityCheckRecorded(let check) = self { return check.runId == nil }
        return false
    }
}
