/// What takes a CSV file's records from `CSVRecordReader`: one sink per parsing thread, each
/// seeing a share of the records (whole chunks of them, in no particular order between sinks), so
/// whatever a sink computes must be mergeable afterwards, like counts and distinct-value sets.
///
/// ```swift
/// struct RowCounter: CSVRecordSink {
///     var rows = 0
///     mutating func add(_ fields: UnsafeBufferPointer<CSVField>) { rows += 1 }
/// }
/// let counters = try reader.forEachRecord(columns: [0], expected: 2, sinks: [RowCounter(), RowCounter()])
/// let rows = counters.reduce(0) { $0 + $1.rows }
/// ```
///
/// A sink's type is `SendableMetatype` because each worker thread is handed the type with its sink.
protocol CSVRecordSink: SendableMetatype {
    /// One record's asked-for fields, in the order asked; the views are valid during the call only.
    mutating func add(_ fields: UnsafeBufferPointer<CSVField>) throws(QualitySourceError)
}
