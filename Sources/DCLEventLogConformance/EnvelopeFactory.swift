import DCLDomain
import DCLEventLog

/// Builds valid, chained envelopes for one contract so conformance checks need no CLI.
struct EnvelopeFactory {
    let contract: ContractID
    let actor: String

    init(contract: String, actor: String = "conformance") {
        self.contract = ContractID(contract)!
        self.actor = actor
    }

    /// A publish of 1.0.0, then minor versions; chained from the genesis hash.
    func lifecycle(count: Int) -> [EventEnvelope] {
        var previousHash = EventEnvelope.genesisHash
        var state = LedgerState()
        var envelopes: [EventEnvelope] = []
        for index in 0..<count {
            let document = DataContract(id: contract, domain: DomainName("conformance")!, dataProduct: "product",
                                        version: SemanticVersion(major: 1, minor: index, patch: 0),
                                        owner: EmailAddress("owner@example.com")!)
            let existing = state.contracts[contract]
            let event = LedgerEvent.contractPublished(ContractPublished(contract: document, previousVersion: existing?.latestVersion, document: nil))
            let proposed = ProposedEvent(stream: .lifecycle(contract), sequence: Int64(index + 1), event: event)
            let envelope = EventCodec.envelope(for: proposed, eventId: "\(contract)-\(actor)-l\(index + 1)",
                                               occurredAt: time(index), recordedAt: time(index), actor: actor, previousHash: previousHash)
            state = Ledger.evolve(state, RecordedEvent(eventId: envelope.eventId, position: Int64(index + 1), stream: proposed.stream,
                                                       sequence: proposed.sequence, occurredAt: time(index), recordedAt: time(index),
                                                       actor: actor, event: event))
            previousHash = envelope.hash
            envelopes.append(envelope)
        }
        return envelopes
    }

    func quality(count: Int) -> [EventEnvelope] {
        var previousHash = EventEnvelope.genesisHash
        return (0..<count).map { index in
            let event = LedgerEvent.qualityCheckRecorded(QualityCheckRecorded(
                contractId: contract, rule: "not_null_id", passed: index % 2 == 0, observedAt: time(index)))
            let envelope = EventCodec.envelope(for: ProposedEvent(stream: .quality(contract), sequence: Int64(index + 1), event: event),
                                               eventId: "\(contract)-\(actor)-q\(index + 1)", occurredAt: time(index),
                                               recordedAt: time(index), actor: actor, previousHash: previousHash)
            previousHash = envelope.hash
            return envelope
        }
    }

    /// A quality result at `sequence` chained to `previousHash`, as a writer that lost a race writes it.
    func qualityFork(sequence: Int64, previousHash: String) -> EventEnvelope {
        let event = LedgerEvent.qualityCheckRecorded(QualityCheckRecorded(
            contractId: contract, rule: "not_null_id", passed: false, observedAt: time(Int(sequence))))
        return EventCodec.envelope(for: ProposedEvent(stream: .quality(contract), sequence: sequence, event: event),
                                   eventId: "\(contract)-\(actor)-fork\(sequence)", occurredAt: time(Int(sequence)),
                                   recordedAt: time(Int(sequence)), actor: actor, previousHash: previousHash)
    }

    private func time(_ index: Int) -> Timestamp {
        Timestamp(millisecondsSinceEpoch: 1_764_000_000_000 + Int64(index) * 1000)
    }
}
