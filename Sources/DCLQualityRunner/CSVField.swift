/// One field of a CSV record as the reader found it: a view of its bytes inside the reader's
/// buffer (valid only during the callback that receives it), or NULL for an empty field.
///
/// ```swift
/// struct Printer: CSVRecordSink {
///     mutating func add(_ fields: UnsafeBufferPointer<CSVField>) {
///         if let bytes = fields[0].bytes { print(String(decoding: bytes, as: UTF8.self)) }
///     }
/// }
/// ```
struct CSVField {
    static var null: CSVField { CSVField(base: nil, count: 0) }

    let base: UnsafePointer<UInt8>?
    let count: Int

    var isNull: Bool { base == nil }

    /// The bytes (unescaped: `""` inside quotes is one quote), nil for NULL.
    var bytes: UnsafeBufferPointer<UInt8>? {
        base.map { UnsafeBufferPointer(start: $0, count: count) }
    }

    /// The field as text, nil for NULL: only for checks that need a `String` (patterns, lengths, lists).
    var text: String? {
        bytes.map { String(decoding: $0, as: UTF8.self) }
    }
}
