import DCLApplication
import DCLDomain
import GRDB

extension ReadModelStore {
    /// The timeline's columns, in the order `writeTimeline` binds them.
    static let timelineColumns = """
        position, event_id, contract_id, stream, sequence, type, schema_version, version, actor,
        occurred_at, recorded_at, summary, changes, outcome, reason, hash,
        rule, passed, value, checked_at, checked_at_ms, lag_ms,
        total_so_far, passed_so_far, on_time_so_far, last_checked_ms_so_far,
        lone_origin, lone_threshold, lone_rows_scanned, lone_fingerprint
        """
    static let timelineColumnCount: Int32 = 30
    /// Rows per statement in a batch's timeline insert. A step of an `INSERT` has a cost of its own
    /// (start, constraint checks, halt) as large as writing a row; `VALUES` with many rows pays it
    /// once for all of them. 32 rows bind 960 values, well under SQLite's limit of 32,766.
    static let timelineRowsPerStatement = 32

    /// One row per event of `batch`, in log order, with `changes` (the changes text of each entry
    /// that has changes, by index, computed beforehand on every core). An accepted quality result
    /// (`batch.checks`, in log order like the timeline) also fills the seed's quality-check
    /// columns of its row, and a result without a run the `lone_*` ones (see `writeQualityRuns`).
    static func writeTimeline(_ batch: ProjectionBatch, changes: [Int: [UInt8]], db: Database) throws {
        let one = "(" + Array(repeating: "?", count: Int(timelineColumnCount)).joined(separator: ", ") + ")"
        let single = try RowWriter(db, sql: "INSERT INTO audit_timeline_rows (\(timelineColumns)) VALUES \(one)")
        let many = try RowWriter(db, sql: "INSERT INTO audit_timeline_rows (\(timelineColumns)) VALUES "
                                     + Array(repeating: one, count: timelineRowsPerStatement).joined(separator: ", "))
        // Each field is bound from where it lies in the batch's buffers: read through the arrays'
        // subscripts, an entry or a check was copied to read one field (a retain and a release of
        // each of its strings, for every field bound). The buffers are reached through mutable
        // pointers only for `RowWriter.bind(_:inPlace:)`, which writes nothing (see there).
        try batch.timeline.withUnsafeBufferPointer { timeline in
            try batch.checks.withUnsafeBufferPointer { checks in
                guard let entries = timeline.baseAddress else { return }
                let checkRows = checks.baseAddress.map(UnsafeMutablePointer.init(mutating:))
                var nextCheck = 0
                var index = 0
                while index < timeline.count {
                    let rows = timeline.count - index >= timelineRowsPerStatement ? timelineRowsPerStatement : 1
                    let writer = rows == 1 ? single : many
                    for row in 0..<rows {
                        bindTimelineRow(UnsafeMutablePointer(mutating: entries + index + row), index + row, changes: changes,
                                        checks: checkRows, count: checks.count, next: &nextCheck, to: writer,
                                        from: Int32(row) * timelineColumnCount)
                    }
                    try writer.run()
                    index += rows
                }
            }
        }
    }

    /// Binds one timeline entry (row `index` of its batch, whose changes text is `changes[index]`)
    /// to parameters `base + 1` to `base + 30` of `writer`, with the quality columns of check
    /// `next` when that check is the entry's (then `next` moves on). The texts the view
    /// `audit_timeline` writes out from other columns (see `timelineView`) are left NULL: a
    /// quality stream's name, an accepted quality result's type, outcome and check time, an
    /// occurrence time equal to the record time, and the sentence of a result that is a run of
    /// its own (made from the same fields by `EventSummary.qualityText`).
    private static func bindTimelineRow(_ entry: UnsafeMutablePointer<HistoryEntry>, _ index: Int, changes: [Int: [UInt8]],
                                        checks: UnsafeMutablePointer<QualityCheckRow>?, count: Int, next: inout Int,
                                        to writer: RowWriter, from base: Int32) {
        var check: UnsafeMutablePointer<QualityCheckRow>?
        if let checks, next < count, checks[next].position == entry.pointee.position {
            check = checks + next
            next += 1
        }
        writer.bind(base + 1, entry.pointee.position)
        writer.bind(base + 2, inPlace: &entry.pointee.eventId)
        // The contract id is the stream text's subject, bound from its bytes (a cleared
        // parameter is NULL: a stream of no contract).
        entry.pointee.stream.withUTF8InPlace { utf8 in
            guard let start = StreamID.contractIDStart(inText: utf8) else {
                writer.bind(base + 4, utf8: utf8)
                return
            }
            writer.bind(base + 3, utf8: UnsafeBufferPointer(rebasing: utf8[start...]))
            if !Self.isQualityStream(utf8, subjectAt: start) { writer.bind(base + 4, utf8: utf8) }
        }
        writer.bind(base + 5, entry.pointee.sequence)
        // An accepted quality result (the entry that has a check) is a `QualityCheckRecorded`, accepted.
        if check == nil { writer.bind(base + 6, inPlace: &entry.pointee.type) }
        writer.bind(base + 7, Int64(entry.pointee.schemaVersion))
        writer.bind(base + 8, inPlace: &entry.pointee.version)
        writer.bind(base + 9, inPlace: &entry.pointee.actor)
        if entry.pointee.occurredAt != entry.pointee.recordedAt { writer.bind(base + 10, inPlace: &entry.pointee.occurredAt) }
        writer.bind(base + 11, inPlace: &entry.pointee.recordedAt)
        let standsAlone = check?.pointee.run?.standsAlone == true
        if !standsAlone { writer.bind(base + 12, inPlace: &entry.pointee.summary) }
        if entry.pointee.changes != nil, let text = changes[index] { writer.bind(base + 13, utf8: text) }
        if check == nil { writer.bind(base + 14, inPlace: &entry.pointee.outcome) }
        writer.bind(base + 15, inPlace: &entry.pointee.reason)
        writer.bind(base + 16, inPlace: &entry.pointee.hash)
        guard let check else { return }
        writer.bind(base + 17, inPlace: &check.pointee.rule)
        writer.bind(base + 18, check.pointee.passed)
        writer.bind(base + 19, inPlace: &check.pointee.value)
        let checkedAt = check.pointee.checkedAt.millisecondsSinceEpoch
        if checkedAt < 0 || checkedAt > latestDerivedCheckTime { writer.bind(base + 20, iso8601: check.pointee.checkedAt) }
        writer.bind(base + 21, checkedAt)
        writer.bind(base + 22, check.pointee.recordedAt.millisecondsSinceEpoch - checkedAt)
        writer.bind(base + 23, check.pointee.totalSoFar)
        writer.bind(base + 24, check.pointee.passedSoFar)
        writer.bind(base + 25, check.pointee.onTimeSoFar)
        if let last = check.pointee.lastCheckedSoFar { writer.bind(base + 26, last.millisecondsSinceEpoch) }
        // A result without a run is a run of its own: the row holds what the run rows would.
        if standsAlone {
            writer.bind(base + 27, inPlace: &check.pointee.run!.origin)
            writer.bind(base + 28, inPlace: &check.pointee.run!.threshold)
            if let rows = check.pointee.run!.rowsScanned { writer.bind(base + 29, rows) }
            writer.bind(base + 30, inPlace: &check.pointee.run!.fingerprint)
        }
    }

    /// True when a stream's text (a contract's, its subject at `start`) is `quality/` and the subject.
    private static func isQualityStream(_ utf8: UnsafeBufferPointer<UInt8>, subjectAt start: Int) -> Bool {
        let prefix: StaticString = "quality/"
        return start == prefix.utf8CodeUnitCount && utf8.hasBytes(at: 0, equalTo: prefix.utf8Start, count: start)
    }
}
