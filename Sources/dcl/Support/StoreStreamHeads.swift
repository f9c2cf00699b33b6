import DCLDomain
import DCLEventLog
import DCLProjections

/// Stream heads for a writer on Kafka, from the read-model store the projector keeps, once the
/// store is known to have been folded from this ledger. A store of another ledger (or a copy
/// that diverged) gives no heads, so the writer reads its streams' partitions from their
/// beginning: slower, never wrong.
struct StoreStreamHeads: StreamHeadsSource {
    let store: ReadModelStore
    let log: any EventLog

    func streamHeads(of streams: Set<StreamID>) async throws -> StreamHeadsSnapshot {
        do {
            try await store.checkBelongs(to: log)
        } catch let error as ProjectionError where error.code == .foreignLedger {
            return .empty
        }
        return try await store.streamHeads(of: streams)
    }
}
