import DCLDomain
import DCLEventLog
import Foundation

/// The use cases: read the log, decide with the domain core, append sealed envelopes.
///
/// Lifecycle commands that lose an optimistic-concurrency race report a conflict; quality
/// results (facts that do not depend on state) and implicit domain registrations are simply
/// decided again against the new state.
///
/// ```swift
/// let service = LedgerService(log: try SQLiteEventLog(path: ".dcl/ledger.db"))
/// let outcome = try await service.execute([.publishContract(contract, document: doc)], actor: "ana")
/// ```
public struct LedgerService: Sendable {
    public let log: any EventLog
    /// How far ahead of its recording a quality result's `observedAt` may be; further is refused
    /// (`LedgerServiceError.invalidInput`). A setting other than the default is recorded with each
    /// result, so folds judge freshness by the skew that was allowed (see `QualitySummary`).
    public var maxClockSkew: TimeSpan
    private let now: @Sendable () -> Timestamp
    private let newEventID: @Sendable () -> String
    /// Every append of this service (and of its copies) goes through here, so concurrent commands
    /// share commits of the log instead of each waiting for its own (see `GroupCommit`).
    private let commits: GroupCommit

    public init(log: any EventLog,
                maxClockSkew: TimeSpan = ObservationClock.defaultMaximumSkew,
                now: @escaping @Sendable () -> Timestamp = LedgerService.systemNow,
                newEventID: @escaping @Sendable () -> String = { UUID().uuidString.lowercased() }) {
        self.log = log
        self.maxClockSkew = maxClockSkew
        self.now = now
        self.newEventID = newEventID
        self.commits = GroupCommit(log: log)
    }

    public static let systemNow: @Sendable () -> Timestamp = {
        Timestamp(millisecondsSinceEpoch: Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)))
    }

    /// Reads and folds the whole log.
    public func snapshot() async throws -> LedgerSnapshot {
        do { return LedgerSnapshot(folding: try await log.readAll()) } catch let error as EventLogError { throw LedgerServiceError.log(error) }
    }

    /// One contract's lifecycle and quality streams, folded.
    public func contractSnapshot(_ id: ContractID) async throws -> LedgerSnapshot {
        do {
            let events = try await log.readStream(.lifecycle(id)) + log.readStream(.quality(id))
            return LedgerSnapshot(folding: events.sorted { $0.position < $1.position })
        } catch let error as EventLogError {
            throw LedgerServiceError.log(error)
        }
    }

    /// Reads only what the commands need (and the `extra` streams), in one read of the log: their
    /// contracts' lifecycle streams and their domains' streams, folded; for a quality stream only
    /// its head (sequence and hash), because a result is a fact that no earlier result decides.
    /// So recording a result costs the same at any stream length.
    public func focusedSnapshot(for commands: [LedgerCommand], alsoReading extra: Set<StreamID> = []) async throws -> LedgerSnapshot {
        var streams = extra
        var headsOnly = Set<StreamID>()
        for command in commands {
            switch command {
            case .registerDomain(let registration): streams.insert(.domain(registration.domain))
            case .publishContract(let contract, _, _):
                // The compatibility mode may be set on the domain or mesh-wide.
                if let domain = contract.domain { streams.insert(.domain(domain)) }
                streams.insert(.lifecycle(contract.id))
                streams.insert(StreamID(kind: .governance, subject: "global"))
                // Policies in force and the contract's consumers decide it too (`Ledger.governanceReview`).
                streams.insert(PolicyAdopted.stream)
                streams.insert(ConsumerSubscribed.stream(for: contract.id))
            case .adoptPolicy, .retirePolicy:
                streams.insert(PolicyAdopted.stream)
            case .subscribeConsumer(let event):
                streams.insert(.lifecycle(event.contractId))
                streams.insert(ConsumerSubscribed.stream(for: event.contractId))
            case .unsubscribeConsumer(let event):
                streams.insert(ConsumerSubscribed.stream(for: event.contractId))
            case .approveVersion(let event):
                streams.insert(.lifecycle(event.contractId))
                streams.insert(ConsumerSubscribed.stream(for: event.contractId))
            case .requestPlatform, .decidePlatformRequest, .markProvisioned:
                streams.insert(PlatformRequested.stream)
            case .deprecateContract(let id, _), .reactivateContract(let id, _), .retireContract(let id, _), .transferOwnership(let id, _):
                streams.insert(.lifecycle(id))
            case .recordQualityCheck(let id, _, _, _, _):
                streams.insert(.lifecycle(id))
                headsOnly.insert(.quality(id))
            case .recordQualityRun(let run):
                streams.insert(.lifecycle(run.contractId))
                headsOnly.insert(.quality(run.contractId))
            case .configureCompatibility(let setting):
                streams.insert(setting.stream)
                // A contract-scoped mode is refused for a contract the ledger does not have.
                if setting.scope == .contract, let id = ContractID(setting.subject) { streams.insert(.lifecycle(id)) }
            case .recordAuditCheckpoint:
                streams.insert(AuditCheckpointRecorded.stream)
            case .issueToken, .revokeToken:
                streams.insert(APITokenIssued.stream)
            }
        }
        do {
            var snapshot = LedgerSnapshot(folding: try await log.readStreams(streams))
            for stream in headsOnly.subtracting(streams).sorted() {
                guard let head = try await log.head(of: stream) else { continue }
                snapshot.state.heads[stream] = AcceptedHead(sequence: head.sequence, hash: head.hash)
            }
            return snapshot
        } catch let error as EventLogError {
            throw LedgerServiceError.log(error)
        }
    }

    /// Decides every command in order against the evolving state and appends all their events
    /// in one batch: on the embedded log, all of them are recorded or none. A command the ledger
    /// already reflects (a publish of a version it holds with the same content) records nothing and
    /// is listed in `CommandOutcome.unchanged`.
    @discardableResult
    public func execute(_ commands: [LedgerCommand], actor: String, occurredAt: Timestamp? = nil) async throws -> CommandOutcome {
        try await decideAndAppend(commands, occurredAt: occurredAt, authorizing: nil) { _ in actor }
    }

    /// As `execute(_:actor:occurredAt:)` for a writer whose right to write is checked against the
    /// ledger: `authorize` gets the tokens and the domains `contracts` are in now (`WriteAccess`),
    /// read in the same read of the log as the streams the commands decide on, and returns the
    /// actor to record or throws (nothing is decided or appended then).
    ///
    /// ```swift
    /// let outcome = try await service.execute(commands, authorizing: [id]) { access in
    ///     guard access.domains == [DomainName("sales")!] else { throw Refusal() }
    ///     return "sales-ci"
    /// }
    /// ```
    @discardableResult
    public func execute(_ commands: [LedgerCommand], occurredAt: Timestamp? = nil, authorizing contracts: [ContractID],
                        by authorize: (WriteAccess) throws -> String) async throws -> CommandOutcome {
        try await decideAndAppend(commands, occurredAt: occurredAt, authorizing: contracts, by: authorize)
    }

    /// Both `execute`s: `contracts` nil when no access is checked (the actor is known).
    private func decideAndAppend(_ commands: [LedgerCommand], occurredAt: Timestamp?, authorizing contracts: [ContractID]?,
                         by authorize: (WriteAccess) throws -> String) async throws -> CommandOutcome {
        let accessStreams = contracts.map { Set($0.map(StreamID.lifecycle)).union([APITokenIssued.stream]) } ?? []
        var attempt = 0
        while true {
            attempt += 1
            var snapshot = try await focusedSnapshot(for: commands, alsoReading: accessStreams)
            // Checked again on a retry: it is decided on what was read with the state it writes on.
            let actor = try authorize(WriteAccess(state: snapshot.state, contracts: contracts ?? []))
            let recordedAt = now()
            var envelopes: [EventEnvelope] = []
            var decided: [LedgerEvent] = []
            var unchanged: [Int] = []
            for (index, command) in commands.enumerated() {
                var proposed: [ProposedEvent]
                if case .recordQualityCheck(_, _, _, _, let observedAt) = command,
                   !ObservationClock.isPlausible(observedAt: observedAt, recordedAt: recordedAt, skew: maxClockSkew) {
                    throw LedgerServiceError.invalidInput(
                        "observedAt \(observedAt.iso8601) is in the future: more than \(maxClockSkew.seconds) seconds ahead of now "
                        + "(\(recordedAt.iso8601)); fix the checking machine's clock, or allow more with --max-clock-skew")
                }
                do { proposed = try Ledger.decide(command, state: snapshot.state) } catch { throw LedgerServiceError.rejected(error) }
                if maxClockSkew != ObservationClock.defaultMaximumSkew { proposed = proposed.map { recordingSkew($0) } }
                if proposed.isEmpty { unchanged.append(index) }
                for event in proposed {
                    let envelope = EventCodec.envelope(for: event, eventId: newEventID(), occurredAt: occurredAt ?? recordedAt,
                                                       recordedAt: recordedAt, actor: actor,
                                                       previousHash: snapshot.headHash(of: event.stream))
                    envelopes.append(envelope)
                    // Fold locally so the next command in the batch decides against this one's effect,
                    // as a reader will: from the payload (its canonical form writes numbers in their
                    // shortest form, so the event read back is not always the event in hand).
                    if let recorded = snapshot.fold(StoredEvent(position: snapshot.state.position + 1, envelope: envelope)) {
                        decided.append(recorded)
                    }
                }
            }
            // Nothing to record (every publish was already recorded as is): the log is not touched.
            if envelopes.isEmpty { return CommandOutcome(recorded: [], state: snapshot.state, unchanged: unchanged) }
            do {
                let stored = try await commits.append(envelopes)
                // (An event of its own the fold could not read leaves `events` empty: callers decode.)
                return CommandOutcome(recorded: stored, events: decided.count == stored.count ? decided : [], state: snapshot.state,
                                      unchanged: unchanged)
            } catch let error as EventLogError where error.code == .conflict {
                // Quality results and implicit domain registrations do not depend on what won the race.
                let retryable = error.stream.map { $0.kind != .lifecycle } ?? false
                if retryable && attempt < 50 {
                    // Jittered back-off so racing writers stop colliding on the same sequence.
                    try? await Task.sleep(for: .milliseconds(Int.random(in: 1...5) * min(attempt, 10)))
                    continue
                }
                throw LedgerServiceError.conflict(error)
            } catch let error as EventLogError {
                throw LedgerServiceError.log(error)
            }
        }
    }

    /// A quality result recorded under a non-default skew carries it (see `maxClockSkew`).
    private func recordingSkew(_ proposed: ProposedEvent) -> ProposedEvent {
        guard case .qualityCheckRecorded(var check) = proposed.event else { return proposed }
        check.maxClockSkewSeconds = maxClockSkew.seconds
        var changed = proposed
        changed.event = .qualityCheckRecorded(check)
        return changed
    }
}
