import DCLDomain
import DCLEventLog

/// A log with one global order, in memory: what the conformance checks write their ledgers to
/// with a real `LedgerService`, so they need no event-log adapter. It refuses a taken sequence
/// (`.conflict`), as every adapter does; everything else comes from `EventLog`'s defaults.
///
/// ```swift
/// let log = MemoryEventLog()
/// let service = LedgerService(log: log)
/// try await service.execute([.publishContract(contract, document: nil)], actor: "ana")
/// let all = try await log.readAll()
/// ```
public actor MemoryEventLog: OrderedEventLog {
    private var events: [StoredEvent] = []
    private var heads: [StreamID: Int64] = [:]
    private let ledger: LedgerIdentity

    public init(identity: LedgerIdentity = LedgerIdentity("conformance-memory-log")) {
        ledger = identity
    }

    public func append(_ envelopes: [EventEnvelope]) async throws -> [StoredEvent] {
        var next = heads
        for envelope in envelopes {
            guard envelope.sequence == (next[envelope.stream] ?? 0) + 1 else {
                throw EventLogError(.conflict, "sequence \(envelope.sequence) of \(envelope.stream) is taken",
                                    stream: envelope.stream, sequence: envelope.sequence)
            }
            next[envelope.stream] = envelope.sequence
        }
        heads = next
        let stored = envelopes.enumerated().map { StoredEvent(position: Int64(events.count + $0.offset + 1), envelope: $0.element) }
        events += stored
        return stored
    }

    public func read(after position: Int64, limit: Int) async throws -> [StoredEvent] {
        Array(events.dropFirst(Int(clamping: max(0, position))).prefix(max(0, limit)))
    }

    public func readStream(_ stream: StreamID) async throws -> [StoredEvent] {
        events.filter { $0.envelope.stream == stream }
    }

    public func readContract(_ id: ContractID) async throws -> [StoredEvent] {
        events.filter { $0.envelope.stream.contractID == id }
    }

    public func endPosition() async throws -> Int64 { Int64(events.count) }

    public func identity() async throws -> LedgerIdentity { ledger }
}
