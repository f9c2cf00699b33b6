import DCLDomain
import DCLEventLog
import DCLProjections
import Foundation

/// Stream heads for a writer on Kafka, from the read-model store the projector keeps (SQLite or
/// PostgreSQL, through the `ReadModelStoring` port), once the store is known to have been folded
/// from this ledger. A store of another ledger (or a copy that diverged) gives no heads, and
/// neither does a store that cannot be opened: the writer then reads its streams' partitions
/// from their beginning, slower but never wrong.
///
/// The store is opened on the first append, not when the command starts: most commands that
/// open the ledger never write, and a PostgreSQL store is a connection to make.
// @unchecked Sendable: `opening` is only read or written while holding `lock`.
final class StoreStreamHeads: StreamHeadsSource, @unchecked Sendable {
    let location: String
    let log: any EventLog
    private let lock = NSLock()
    /// Opens the store once for every append; its value is nil when it could not be opened (not tried again).
    private var opening: Task<(any ReadModelStoring)?, Never>?

    init(location: String, log: any EventLog) {
        self.location = location
        self.log = log
    }

    func streamHeads(of streams: Set<StreamID>) async throws -> StreamHeadsSnapshot {
        let location = self.location
        let task = lock.withLock { () -> Task<(any ReadModelStoring)?, Never> in
            if let opening { return opening }
            let created = Task<(any ReadModelStoring)?, Never> {
                do {
                    return try await OpenFiles.readModels(location)
                } catch {
                    FileHandle.standardError.write(Data("""
                        dcl: note: cannot open the read-model store \(location) for stream heads (\(error)); \
                        reading each stream's partition from its beginning\n
                        """.utf8))
                    return nil
                }
            }
            opening = created
            return created
        }
        guard let store = await task.value else { return .empty }
        do {
            try await store.checkBelongs(to: log)
        } catch let error as ProjectionError where error.code == .foreignLedger {
            return .empty
        }
        return try await store.streamHeads(of: streams)
    }
}
