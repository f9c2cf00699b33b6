import Foundation

/// Reads an RFC 4180 CSV file (comma-separated fields, `"…"` quoting with `""` for a quote, commas
/// and line breaks inside quotes, LF or CRLF line ends) in constant memory, handing each record's
/// asked-for fields to the caller as views of its buffer: no `String` is made per field. An empty
/// field (quoted or not) is NULL. The bytes come from a `FileChunkStream`, which reads and hashes
/// the file (SHA-256, the fingerprint) on a second thread while this one parses.
///
/// A record may straddle two chunks: the unparsed tail of one chunk is moved to the front of the
/// work buffer and the next chunk copied after it, so every record is parsed from contiguous bytes.
///
/// ```swift
/// let reader = try CSVRecordReader(path: "orders.csv")
/// let header = try reader.header()            // ["id", "amount"]
/// try reader.forEachRecord(columns: [1], expected: 2) { fields in print(fields[0].text ?? "NULL") }
/// print(reader.fingerprint)                    // sha256:…
/// ```
final class CSVRecordReader {
    private let stream: FileChunkStream
    private let path: String
    private var work: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// Unescaped copies of quoted fields holding `""`; as large as `work`, so one record always fits.
    private var scratch: UnsafeMutablePointer<UInt8>
    private var start = 0
    private var end = 0
    private var atEnd = false
    /// The line the next record starts on (1-based), for error messages.
    private(set) var line = 1

    init(path: String) throws(QualitySourceError) {
        stream = try FileChunkStream(path: path)
        self.path = path
        capacity = 2 * FileChunkStream.defaultChunkSize
        work = .allocate(capacity: capacity)
        scratch = .allocate(capacity: capacity)
    }

    deinit {
        stream.cancel()
        work.deallocate()
        scratch.deallocate()
    }

    /// `sha256:<hex>` over every byte of the file; complete once the records are read.
    var fingerprint: String { stream.fingerprint }

    /// The header's names; nil for an empty file.
    func header() throws(QualitySourceError) -> [String]? {
        // Every field of the header, up to a width no real table has.
        let width = 4096
        var names: [String]?
        let wanted = Array(0..<width)
        var fields = [CSVField](repeating: .null, count: width)
        let found = try wanted.withUnsafeBufferPointer { wanted throws(QualitySourceError) in
            try fields.withUnsafeMutableBufferPointer { fields throws(QualitySourceError) in
                try nextRecord(wanted: wanted, fields: fields)
            }
        }
        guard let found else { return nil }
        names = fields.prefix(min(found.fieldCount, width)).map { $0.text ?? "" }
        // A UTF-8 byte order mark is not part of the first name.
        if var first = names?.first, first.hasPrefix("\u{FEFF}") {
            first.removeFirst()
            names![0] = first
        }
        return names
    }

    /// Calls `body` with the asked-for fields of each record (by column index, in the order asked),
    /// skipping blank lines. A record with another field count than `expected` is an error naming its line.
    func forEachRecord(columns: [Int], expected: Int, _ body: (UnsafeBufferPointer<CSVField>) throws(QualitySourceError) -> Void)
        throws(QualitySourceError) {
        var wanted = [Int](repeating: -1, count: expected)
        for (slot, column) in columns.enumerated() { wanted[column] = slot }
        var fields = [CSVField](repeating: .null, count: max(1, columns.count))
        try wanted.withUnsafeBufferPointer { wanted throws(QualitySourceError) in
            try fields.withUnsafeMutableBufferPointer { fields throws(QualitySourceError) in
                let view = UnsafeBufferPointer(rebasing: fields[..<columns.count])
                while true {
                    let startLine = line
                    guard let record = try nextRecord(wanted: wanted, fields: fields) else { return }
                    if record.fieldCount == 1, expected > 1, record.isBlank { continue }
                    guard record.fieldCount == expected else {
                        throw QualitySourceError("\(path) line \(startLine): \(record.fieldCount) field\(record.fieldCount == 1 ? "" : "s"), "
                            + "the header has \(expected)")
                    }
                    try body(view)
                }
            }
        }
    }

    private struct Record {
        var fieldCount: Int
        var isBlank: Bool
    }

    /// Parses the next record into `fields` (field i goes to slot `wanted[i]`; fields beyond
    /// `wanted` or with slot -1 are skipped); nil at the end of the file.
    private func nextRecord(wanted: UnsafeBufferPointer<Int>, fields: UnsafeMutableBufferPointer<CSVField>)
        throws(QualitySourceError) -> Record? {
        while true {
            if start == end {
                guard try refill() else { return nil }
            }
            if let record = try parseRecord(wanted: wanted, fields: fields) { return record }
            // The record runs past the bytes read so far.
            guard try refill() else {
                // At the end of the file, parseRecord ends the record where the bytes end; it
                // returned nil only when more bytes might have helped.
                return try parseRecord(wanted: wanted, fields: fields)
            }
        }
    }

    /// Moves the unparsed bytes to the front and appends the next chunk; false at the end of the file.
    private func refill() throws(QualitySourceError) -> Bool {
        if atEnd { return false }
        guard let chunk = try stream.next() else {
            atEnd = true
            return start < end
        }
        let kept = end - start
        if kept > 0 && start > 0 { work.update(from: work + start, count: kept) }
        start = 0
        end = kept
        if kept + chunk.count > capacity {
            // A record longer than the buffer: grow it (and the scratch with it).
            let grown = max(capacity * 2, kept + chunk.count)
            let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
            larger.update(from: work, count: kept)
            work.deallocate()
            work = larger
            scratch.deallocate()
            scratch = .allocate(capacity: grown)
            capacity = grown
        }
        chunk.bytes.withUnsafeBufferPointer { bytes in
            (work + end).update(from: bytes.baseAddress!, count: chunk.count)
        }
        end += chunk.count
        stream.recycle(chunk)
        return true
    }

    /// Parses one record from `work[start..<end]`. Returns nil, consuming nothing, when the bytes
    /// end before the record does and more may follow; at the end of the file the bytes' end ends it.
    @inline(__always)
    private func parseRecord(wanted: UnsafeBufferPointer<Int>, fields: UnsafeMutableBufferPointer<CSVField>)
        throws(QualitySourceError) -> Record? {
        let comma = UInt8(ascii: ","), newline = UInt8(ascii: "\n"), quote = UInt8(ascii: "\""), carriageReturn = UInt8(ascii: "\r")
        for index in fields.indices { fields[index] = .null }
        let limit = work + end
        var cursor = work + start
        var fieldIndex = 0
        var isBlank = true
        var newlines = 0
        var scratchUsed = 0
        while true {
            let slot = fieldIndex < wanted.count ? wanted[fieldIndex] : -1
            var terminator: UInt8 = 0   // 0: the end of the file
            if cursor < limit && cursor.pointee == quote {
                isBlank = false
                cursor += 1
                let contentStart = cursor
                var escapes = false
                var closed = false
                while cursor < limit {
                    let byte = cursor.pointee
                    if byte == quote {
                        if cursor + 1 == limit {
                            if !atEnd { return nil }   // a doubled quote or the closing one: the next byte decides
                            closed = true
                            break
                        }
                        if (cursor + 1).pointee == quote {
                            escapes = true
                            cursor += 2
                            continue
                        }
                        closed = true
                        break
                    }
                    if byte == newline { newlines += 1 }
                    cursor += 1
                }
                guard closed else {
                    if !atEnd { return nil }
                    throw QualitySourceError("\(path) line \(line): a quoted field is not closed before the end of the file")
                }
                let contentEnd = cursor
                cursor += 1   // the closing quote
                while cursor < limit && cursor.pointee == carriageReturn { cursor += 1 }
                if cursor < limit {
                    terminator = cursor.pointee
                    guard terminator == comma || terminator == newline else {
                        throw QualitySourceError("\(path) line \(line + newlines): text after a closing quote "
                            + "(a quote inside a field must be doubled: \"\")")
                    }
                    cursor += 1
                } else if !atEnd {
                    return nil
                }
                if slot >= 0 && contentEnd > contentStart {
                    if escapes {
                        let copyStart = scratch + scratchUsed
                        var from = contentStart
                        var copied = 0
                        while from < contentEnd {
                            copyStart[copied] = from.pointee
                            copied += 1
                            from += from.pointee == quote ? 2 : 1
                        }
                        scratchUsed += copied
                        fields[slot] = CSVField(base: UnsafePointer(copyStart), count: copied)
                    } else {
                        fields[slot] = CSVField(base: UnsafePointer(contentStart), count: contentEnd - contentStart)
                    }
                }
            } else {
                let fieldStart = cursor
                while cursor < limit {
                    let byte = cursor.pointee
                    if byte == comma || byte == newline { break }
                    cursor += 1
                }
                if cursor == limit && !atEnd { return nil }
                var fieldEnd = cursor
                if cursor < limit {
                    terminator = cursor.pointee
                    cursor += 1
                }
                // The CR of a CRLF line end (or one before the end of the file) is not part of the field.
                if terminator != comma && fieldEnd > fieldStart && (fieldEnd - 1).pointee == carriageReturn { fieldEnd -= 1 }
                let count = fieldEnd - fieldStart
                if count > 0 {
                    isBlank = false
                    if slot >= 0 { fields[slot] = CSVField(base: UnsafePointer(fieldStart), count: count) }
                }
            }
            fieldIndex += 1
            if terminator != comma {
                if terminator == newline { newlines += 1 }
                start = cursor - work
                line += newlines
                return Record(fieldCount: fieldIndex, isBlank: isBlank)
            }
        }
    }
}
