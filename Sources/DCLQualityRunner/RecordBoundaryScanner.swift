import Foundation

/// Finds where CSV records end without parsing their fields, so a file can be cut into pieces that
/// each hold whole records and be parsed on several cores at once. A line feed ends a record only
/// outside a quoted field, and whether a byte is inside quotes depends on every quote before it,
/// so the scanner runs once over the file, in order, carrying that state from piece to piece.
///
/// It follows `CSVRecordParser`'s reading of quotes exactly: a quote opens a quoted field only at
/// the start of a field (the first byte of a record, or after a comma or a line feed); inside, `""`
/// is a quote and any other quote closes the field; a quote elsewhere is an ordinary byte. On a
/// well-formed file the two therefore agree on every record end. On a malformed one they agree up
/// to the first error, which the parser reports from the piece holding it (pieces after it are
/// never reported).
///
/// The bytes between quotes are skipped with `memchr`, so a file without quotes costs one pass of
/// the C library's vectorised search per piece.
///
/// ```swift
/// var scanner = RecordBoundaryScanner()
/// let (end, resume) = scanner.scan(bytes, from: 0, count: filled)
/// // bytes[0..<end!] holds whole records; scan again from `resume` once more bytes follow `filled`.
/// ```
struct RecordBoundaryScanner {
    private var insideQuotes = false

    /// Scans `bytes[from..<count]`, where `bytes[0]` starts a record and the state is the one the
    /// previous scan ended in. Returns the offset just past the last record end found in the
    /// scanned bytes (nil: none), and where the next scan of the same bytes, grown, must start.
    mutating func scan(_ bytes: UnsafePointer<UInt8>, from: Int, count: Int) -> (recordEnd: Int?, resume: Int) {
        let quote = UInt8(ascii: "\""), newline = UInt8(ascii: "\n"), comma = UInt8(ascii: ",")
        var index = from
        var recordEnd: Int?
        while index < count {
            let next = memchr(bytes + index, Int32(quote), count - index).map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) - bytes }
            if insideQuotes {
                guard let next else { return (recordEnd, count) }
                // A quote as the last byte read: the next byte decides between `""` and a closing quote.
                if next + 1 == count { return (recordEnd, next) }
                if bytes[next + 1] == quote {
                    index = next + 2
                } else {
                    insideQuotes = false
                    index = next + 1
                }
            } else {
                let segmentEnd = next ?? count
                var back = segmentEnd
                while back > index {
                    back -= 1
                    if bytes[back] == newline {
                        recordEnd = back + 1
                        break
                    }
                }
                guard let next else { return (recordEnd, count) }
                let before = next == 0 ? newline : bytes[next - 1]
                if before == comma || before == newline { insideQuotes = true }
                index = next + 1
            }
        }
        return (recordEnd, index)
    }
}
