import DCLDomain

/// The port every event store implements (SQLite embedded default, Kafka).
/// `EventLogConformance` holds the checks every implementation must pass.
///
/// ```swift
/// let log: any EventLog = try SQLiteEventLog(path: ".dcl/ledger.db")
/// let stored = try await log.append([envelope])   // throws .conflict if the sequence is taken
/// let all = try await log.read(after: 0, limit: 1000)
/// ```
public protocol EventLog: Sendable {
    /// Appends envelopes in order, all or nothing where the store allows it.
    /// Each envelope must take the next sequence of its stream; if another event took it first,
    /// throws `EventLogError` with code `.conflict` (on Kafka the losing event may still be on
    /// the topic, and every fold rejects it).
    func append(_ envelopes: [EventEnvelope]) async throws -> [StoredEvent]

    /// Appends independent batches, each judged alone as `append` judges one: a batch that fails
    /// (a conflict, say) records nothing and does not stop the others. The results follow the
    /// batches' order. A store that can commits them together (the embedded log: one transaction,
    /// one sync to disk for all of them), which is what lets concurrent writers share a commit.
    func appendBatches(_ batches: [[EventEnvelope]]) async -> [Result<[StoredEvent], any Error>]

    /// Events after `position` (exclusive) in log order, at most `limit`.
    func read(after position: Int64, limit: Int) async throws -> [StoredEvent]

    /// Every event of one stream, in sequence order.
    func readStream(_ stream: StreamID) async throws -> [StoredEvent]

    /// Every event of the given streams, in position order (each stream in its sequence order, and
    /// on a log with one global order, in log order). A writer deciding a command
    /// reads the few streams it decides on this way: on the embedded log one query instead of
    /// one per stream.
    func readStreams(_ streams: Set<StreamID>) async throws -> [StoredEvent]

    /// Every event of one contract (its lifecycle and quality streams), in log order.
    func readContract(_ id: ContractID) async throws -> [StoredEvent]

    /// The position of the last event in the log (0 when empty).
    func endPosition() async throws -> Int64

    /// The last event of one stream (sequence and hash), or nil for a stream with no events.
    /// Costs one lookup whatever the stream's length.
    func head(of stream: StreamID) async throws -> StreamHead?

    /// The event at `position`, or nil when the log has none there.
    func event(at position: Int64) async throws -> StoredEvent?

    /// Which ledger this is (see `LedgerIdentity`).
    func identity() async throws -> LedgerIdentity

    /// Events after `cursor`, at most `limit`, each partition in its own order, with the cursor
    /// after them. On a log with one global order this is `read(after:limit:)`.
    func read(from cursor: LogCursor, limit: Int) async throws -> LogBatch

    /// The cursor after the last event of every partition.
    func endCursor() async throws -> LogCursor

    /// Where the log keeps each contract, and which of those places this reader folds.
    func contractPartitions() async throws -> ContractPartitions
}

extension EventLog {
    /// Reads the stream and follows its hash chain to the accepted head, as the fold does: an
    /// event counts only if it takes the next sequence and chains to the head before it (on
    /// Kafka a writer that lost a race leaves its record on the topic). Adapters that refuse such
    /// records on append look the head up directly instead.
    public func head(of stream: StreamID) async throws -> StreamHead? {
        var head: StreamHead?
        for stored in try await readStream(stream) {
            let current = head ?? .empty
            let envelope = stored.envelope
            if envelope.sequence == current.sequence + 1 && envelope.previousHash == current.hash {
                head = StreamHead(sequence: envelope.sequence, hash: envelope.hash)
            }
        }
        return head
    }

    /// A log with one global order: the cursor is the position after the last one read.
    public func read(from cursor: LogCursor, limit: Int) async throws -> LogBatch {
        let after = (cursor.next[LogCursor.globalPartition] ?? 1) - 1
        let events = try await read(after: after, limit: limit)
        return LogBatch(events: events, after: .after(position: events.last?.position ?? after), hasGlobalPositions: true)
    }

    public func endCursor() async throws -> LogCursor { .after(position: try await endPosition()) }

    /// A log with one global order keeps every contract in one place.
    public func contractPartitions() async throws -> ContractPartitions { .single }

    /// One `readStream` per stream, merged in position order (a store that cannot read several
    /// streams in one query).
    public func readStreams(_ streams: Set<StreamID>) async throws -> [StoredEvent] {
        var events: [StoredEvent] = []
        for stream in streams.sorted() { events += try await readStream(stream) }
        // Stable for equal positions (a partitioned log's), as each stream's own order is kept.
        return events.enumerated().sorted { ($0.element.position, $0.offset) < ($1.element.position, $1.offset) }.map(\.element)
    }

    /// One `append` per batch, in order (a store that cannot commit several batches together).
    public func appendBatches(_ batches: [[EventEnvelope]]) async -> [Result<[StoredEvent], any Error>] {
        var results: [Result<[StoredEvent], any Error>] = []
        for batch in batches {
            do { results.append(.success(try await append(batch))) } catch { results.append(.failure(error)) }
        }
        return results
    }

    public func event(at position: Int64) async throws -> StoredEvent? {
        guard position > 0 else { return nil }
        return try await read(after: position - 1, limit: 1).first.flatMap { $0.position == position ? $0 : nil }
    }

    /// Every event in the log, in order, handed to `body` `batchSize` at a time: a pass over the
    /// whole log that holds one batch, never the ledger.
    public func forEachBatch(batchSize: Int = 10_000, _ body: ([StoredEvent]) throws -> Void) async throws {
        var position: Int64 = 0
        while true {
            let batch = try await read(after: position, limit: batchSize)
            guard let last = batch.last else { return }
            try body(batch)
            position = last.position
        }
    }

    /// Every event in the log, in order.
    public func readAll(batchSize: Int = 10_000) async throws -> [StoredEvent] {
        var events: [StoredEvent] = []
        try await forEachBatch(batchSize: batchSize) { events.append(contentsOf: $0) }
        return events
    }
}
