import DCLDomain
import DCLEventLog
import Foundation
import Testing

/// Folding is deterministic: the same events give the same state, folded twice or after the
/// events have been through the envelope codec (a save/load round trip).
@Suite("fold properties")
struct FoldPropertyTests {
    /// A random but valid history: publishes, schema evolutions, transfers, quality results,
    /// plus some deliberately conflicting duplicates.
    static func randomHistory(seed: UInt64, commands: Int) throws -> [RecordedEvent] {
        var generator = SplitMix64(seed: seed)
        var state = LedgerState()
        var records: [RecordedEvent] = []
        var versions: [String: Int] = [:]
        for step in 0..<commands {
            let contractIndex = Int(generator.next() % 4)
            let id = "sales.product_\(contractIndex)"
            let time = Timestamp(millisecondsSinceEpoch: 1_764_000_000_000 + Int64(step) * 60_000)
            let command: LedgerCommand
            switch generator.next() % 4 {
            case 0, 1:
                let minor = versions[id, default: -1] + 1
                versions[id] = minor
                // Odd steps add an optional field (a minor version); even ones remove it again, which
                // breaks consumers and so needs a new major under the default mode: 1.0.0, 1.1.0, 3.0.0, 3.1.0…
                let version = minor % 2 == 0 ? "\(minor + 1).0.0" : "\(minor).1.0"
                var contract = Fixtures.revenueMetrics(version: version, extraField: minor % 2 == 1)
                contract.id = ContractID(id)!
                contract.dataProduct = "product_\(contractIndex)"
                command = .publishContract(contract, document: .object(["minor": .integer(Int64(minor))]))
            case 2:
                guard state.contracts[ContractID(id)!] != nil else { continue }
                command = .transferOwnership(ContractID(id)!, newOwner: EmailAddress("owner\(step)@company.com")!)
            default:
                guard state.contracts[ContractID(id)!] != nil else { continue }
                command = .recordQualityCheck(ContractID(id)!, rule: "not_null_date", passed: generator.next() % 3 != 0,
                                              value: NumericLiteral(Int(generator.next() % 100)), observedAt: time)
            }
            let proposed = try Ledger.decide(command, state: state)
            for event in proposed {
                let record = RecordedEvent(eventId: "e\(records.count)", position: Int64(records.count + 1), stream: event.stream,
                                           sequence: event.sequence, occurredAt: time, recordedAt: time, actor: "actor\(step % 3)",
                                           event: event.event)
                state = Ledger.evolve(state, record)
                records.append(record)
                if generator.next() % 10 == 0 {
                    // A racing writer's duplicate of the same sequence: must be rejected by every fold.
                    var duplicate = record
                    duplicate.eventId = "dup\(records.count)"
                    duplicate.position = Int64(records.count + 1)
                    state = Ledger.evolve(state, duplicate)
                    records.append(duplicate)
                }
            }
        }
        return records
    }

    @Test(arguments: [1, 2, 3, 42, 2026] as [UInt64])
    func foldingTwiceGivesEqualState(seed: UInt64) throws {
        let events = try Self.randomHistory(seed: seed, commands: 120)
        let first = Ledger.fold(events)
        let second = Ledger.fold(events)
        #expect(first == second)
        #expect(first.acceptedCount + first.rejected.count == events.count)
        #expect(!first.rejected.isEmpty, "the history includes conflicting duplicates")
    }

    /// A stored fold state keeps each stream's head as two members, sequences and hashes by
    /// stream (the form stores written before `AcceptedHead` hold), and reads back equal.
    @Test(arguments: [3, 11] as [UInt64])
    func storedStateKeepsHeadsAsSequencesAndHashes(seed: UInt64) throws {
        struct StoredHeads: Decodable {
            var streamHeads: [StreamID: Int64]
            var headHashes: [StreamID: String]
        }
        var state = Ledger.fold(try Self.randomHistory(seed: seed, commands: 60))
        let streams = Array(state.heads.keys).sorted()
        try #require(streams.count >= 2)
        let hash = String(repeating: "a", count: 64)
        state.heads[streams[0]]?.hash = hash
        let stored = try JSONEncoder().encode(state)
        let heads = try JSONDecoder().decode(StoredHeads.self, from: stored)
        #expect(heads.streamHeads == state.heads.mapValues(\.sequence))
        #expect(heads.headHashes == [streams[0]: hash], "only heads with a hash")
        let read = try JSONDecoder().decode(LedgerState.self, from: stored)
        #expect(read == state)
        #expect(read.heads[streams[1]]?.hash == nil)
    }

    @Test(arguments: [7, 8, 9] as [UInt64])
    func foldingAfterEnvelopeRoundTripGivesEqualState(seed: UInt64) throws {
        let events = try Self.randomHistory(seed: seed, commands: 100)
        var heads: [StreamID: String] = [:]
        let reloaded: [RecordedEvent] = try events.map { record in
            let envelope = EventCodec.envelope(
                for: ProposedEvent(stream: record.stream, sequence: record.sequence, event: record.event),
                eventId: record.eventId, occurredAt: record.occurredAt, recordedAt: record.recordedAt, actor: record.actor,
                previousHash: heads[record.stream] ?? EventEnvelope.genesisHash)
            // Only an event that takes effect moves its stream's head (duplicates are racing losers).
            if !record.eventId.hasPrefix("dup") { heads[record.stream] = envelope.hash }
            // Through text and back, as a store would keep it.
            let text = envelope.jsonValue.canonicalText
            let decoded = try EventEnvelope(json: try JSONValue.parse(text))
            #expect(decoded == envelope)
            #expect(EventHasher.hash(of: decoded) == envelope.hash)
            return try EventCodec.recorded(StoredEvent(position: record.position, envelope: decoded))
        }
        // The log adds the chain links; everything else comes back exactly.
        #expect(reloaded.map { record in
            var plain = record
            plain.previousHash = nil
            plain.hash = nil
            return plain
        } == events)
        var chained = Ledger.fold(reloaded)
        #expect(!chained.heads.isEmpty && chained.heads.values.allSatisfy { $0.hash != nil })
        for stream in chained.heads.keys { chained.heads[stream]?.hash = nil }
        #expect(chained == Ledger.fold(events))
    }
}

/// A tiny deterministic generator so property tests replay exactly.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
