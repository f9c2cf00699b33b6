import DCLDomain

/// The port every event store implements (SQLite embedded default, Kafka).
/// `EventLogConformance` holds the checks every implementation must pass.
///
/// A log is read by cursor (`read(from:until:limit:)`): one position per partition, each
/// partition in its own order. A log with one global order also answers by position
/// (`OrderedEventLog`); Kafka has none, and nothing here pretends it has.
///
/// ```swift
/// let log: any EventLog = try SQLiteEventLog(path: ".dcl/ledger.db")
/// let stored = try await log.append([envelope])   // throws .conflict if the sequence is taken
/// let batch = try await log.read(from: .start, limit: 1000)
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

    /// Every event of one stream, in sequence order.
    func readStream(_ stream: StreamID) async throws -> [StoredEvent]

    /// Every event of the given streams, in position order (each stream in its sequence order, and
    /// on a log with one global order, in log order). A writer deciding a command
    /// reads the few streams it decides on this way: on the embedded log one query instead of
    /// one per stream.
    func readStreams(_ streams: Set<StreamID>) async throws -> [StoredEvent]

    /// The last event of one stream (sequence and hash), or nil for a stream with no events.
    /// Costs one lookup whatever the stream's length.
    func head(of stream: StreamID) async throws -> StreamHead?

    /// Which ledger this is (see `LedgerIdentity`).
    func identity() async throws -> LedgerIdentity

    /// Events after `cursor`, at most `limit`, each partition in its own order, with the cursor
    /// after them. On a log with one global order this is `read(after:limit:)`.
    ///
    /// With `end`, only events before it: in each partition, those below the offset (or position)
    /// `end` names, none from a partition it does not name. A pass up to a cursor recorded earlier
    /// (an audit checkpoint's end) reads exactly what was there then, on any log.
    func read(from cursor: LogCursor, until end: LogCursor?, limit: Int) async throws -> LogBatch

    /// The cursor after the last event of every partition.
    func endCursor() async throws -> LogCursor

    /// Where the log keeps each contract, and which of those places this reader folds.
    func contractPartitions() async throws -> ContractPartitions
}

/// A log with one global order (the embedded log): every event has a position 1, 2, 3…, the
/// cursor is one position, and a read can start after any position.
///
/// ```swift
/// let log = try SQLiteEventLog(path: ".dcl/ledger.db")
/// let page = try await log.read(after: 0, limit: 100)
/// let end = try await log.endPosition()
/// ```
public protocol OrderedEventLog: EventLog {
    /// Events after `position` (exclusive) in log order, at most `limit`.
    func read(after position: Int64, limit: Int) async throws -> [StoredEvent]

    /// Every event of one contract (its lifecycle and quality streams), in log order.
    func readContract(_ id: ContractID) async throws -> [StoredEvent]

    /// The position of the last event in the log (0 when empty).
    func endPosition() async throws -> Int64

    /// The event at `position`, or nil when the log has none there.
    func event(at position: Int64) async throws -> StoredEvent?
}

extension OrderedEventLog {
    /// A log with one global order: the cursor is the position after the last one read.
    public func read(from cursor: LogCursor, until end: LogCursor?, limit: Int) async throws -> LogBatch {
        let after = (cursor.next[LogCursor.globalPartition] ?? 1) - 1
        var limit = limit
        let stop = end.map { $0.next[LogCursor.globalPartition] ?? 0 }
        if let stop { limit = Int(min(Int64(limit), max(0, stop - 1 - after))) }
        var events = limit > 0 ? try await read(after: after, limit: limit) : []
        // Positions can have gaps (a row deleted from a copy): the bound is the position, not a count.
        if let stop, let first = events.firstIndex(where: { $0.position >= stop }) { events.removeSubrange(first...) }
        return LogBatch(events: events, after: .after(position: events.last?.position ?? after), hasGlobalPositions: true)
    }

    public func endCursor() async throws -> LogCursor { .after(position: try await endPosition()) }

    /// A log with one global order keeps every contract in one place.
    public func contractPartitions() async throws -> ContractPartitions { .single }

    public func event(at position: Int64) async throws -> StoredEvent? {
        guard position > 0 else { return nil }
        return try await read(after: position - 1, limit: 1).first.flatMap { $0.position == position ? $0 : nil }
    }
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

    /// Events after `cursor`, at most `limit`, each partition in its own order: `read(from:until:limit:)`
    /// up to the log's end.
    public func read(from cursor: LogCursor, limit: Int) async throws -> LogBatch {
        try await read(from: cursor, until: nil, limit: limit)
    }

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

    /// Every event before `end` (a cursor this log gave), each partition in its own order, handed
    /// to `body` `batchSize` at a time: what the log held when it gave that cursor, read in
    /// bounded memory whatever was appended since. On a partitioned log the events are numbered
    /// 1, 2, 3… in the order read.
    public func forEachBatch(upTo end: LogCursor, batchSize: Int = 10_000, _ body: ([StoredEvent]) throws -> Void) async throws {
        var cursor = LogCursor.start
        var numbered: Int64 = 0
        while case let remaining = cursor.remaining(to: end), remaining > 0 {
            var batch = try await read(from: cursor, until: end, limit: Int(min(Int64(batchSize), remaining)))
            guard !batch.events.isEmpty || batch.after != cursor else { return }
            if !batch.hasGlobalPositions {
                for index in batch.events.indices {
                    numbered += 1
                    batch.events[index].position = numbered
                }
            }
            try body(batch.events)
            cursor = batch.after
        }
    }

    /// Every event in the log as it ends now, `batchSize` at a time (see `forEachBatch(upTo:)`):
    /// a pass over the whole log that holds one batch, never the ledger.
    public func forEachBatch(batchSize: Int = 10_000, _ body: ([StoredEvent]) throws -> Void) async throws {
        try await forEachBatch(upTo: try await endCursor(), batchSize: batchSize, body)
    }

    /// Every event in the log as it ends now, each partition in its own order (for tests and small logs).
    public func readAll(batchSize: Int = 10_000) async throws -> [StoredEvent] {
        var events: [StoredEvent] = []
        try await forEachBatch(batchSize: batchSize) { events.append(contentsOf: $0) }
        return events
    }
}
