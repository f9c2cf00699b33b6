import Foundation

/// Parses the records of one chunk of a CSV file (whole records, as `FileChunkStream` cuts them):
/// RFC 4180 fields, `"…"` quoting with `""` for a quote, commas and line breaks inside quotes, LF or
/// CRLF line ends. Each record's wanted fields are handed over as views of the chunk's bytes
/// (`CSVField`); only a quoted field holding `""` is copied, unescaped, into a scratch buffer.
///
/// Unquoted fields, nearly all of a typical file, are scanned eight bytes at a time for the comma
/// or line feed that ends them (`ByteSearch`), quoted ones with `memchr` for their closing quote.
///
/// ```swift
/// let parser = CSVRecordParser()
/// parser.bind(chunk)
/// while let record = try parser.next(wanted: wanted, fields: fields) { use(fields, record.fieldCount) }
/// ```
final class CSVRecordParser {
    /// The shape of a parsed record.
    struct Record {
        var fieldCount: Int
        /// No byte in any field: a blank line.
        var isBlank: Bool
    }

    /// Malformed CSV, with the number of line feeds in the chunk before the error (the caller
    /// turns that into the file's line number once it knows the chunks before).
    struct SyntaxError: Error {
        var newlinesBefore: Int
        var detail: String
    }

    private var base: UnsafePointer<UInt8>?
    private var start = 0
    private var end = 0
    private var scratch: UnsafeMutablePointer<UInt8>
    private var scratchCapacity: Int
    /// Line feeds consumed in the chunk so far (inside quoted fields too).
    private(set) var newlines = 0

    init() {
        scratchCapacity = FileChunkStream.defaultChunkSize
        scratch = .allocate(capacity: scratchCapacity)
    }

    deinit { scratch.deallocate() }

    /// Starts on a chunk: its records are parsed from its first byte.
    func bind(_ chunk: FileChunkStream.Chunk) {
        base = UnsafePointer(chunk.base)
        start = 0
        end = chunk.count
        newlines = 0
        if chunk.count > scratchCapacity {
            // Unescaped fields are never longer than the chunk itself.
            scratch.deallocate()
            scratchCapacity = chunk.count
            scratch = .allocate(capacity: scratchCapacity)
        }
    }

    /// Parses the next record into `fields` (field i goes to slot `wanted[i]`; fields beyond
    /// `wanted` or with slot -1 are skipped); nil at the chunk's end. The chunk's end ends the last
    /// record (the file's last line may lack its line feed).
    @inline(__always)
    func next(wanted: UnsafeBufferPointer<Int>, fields: UnsafeMutableBufferPointer<CSVField>) throws(SyntaxError) -> Record? {
        guard start < end, let base else { return nil }
        let comma = UInt8(ascii: ","), newline = UInt8(ascii: "\n"), quote = UInt8(ascii: "\""), carriageReturn = UInt8(ascii: "\r")
        for index in fields.indices { fields[index] = .null }
        let limit = base + end
        var cursor = base + start
        var fieldIndex = 0
        var isBlank = true
        var recordNewlines = 0
        var scratchUsed = 0
        while true {
            let slot = fieldIndex < wanted.count ? wanted[fieldIndex] : -1
            var terminator: UInt8 = 0   // 0: the end of the chunk
            if cursor < limit && cursor.pointee == quote {
                isBlank = false
                cursor += 1
                let contentStart = cursor
                var escapes = false
                var closed = false
                while cursor < limit {
                    guard let found = memchr(cursor, Int32(quote), limit - cursor) else {
                        recordNewlines += ByteSearch.count(newline, from: cursor, to: limit)
                        cursor = limit
                        break
                    }
                    let closing = UnsafePointer(found.assumingMemoryBound(to: UInt8.self))
                    recordNewlines += ByteSearch.count(newline, from: cursor, to: closing)
                    cursor = closing
                    if cursor + 1 < limit && (cursor + 1).pointee == quote {
                        escapes = true
                        cursor += 2
                        continue
                    }
                    closed = true
                    break
                }
                guard closed else {
                    throw SyntaxError(newlinesBefore: newlines, detail: "a quoted field is not closed before the end of the file")
                }
                let contentEnd = cursor
                cursor += 1   // the closing quote
                while cursor < limit && cursor.pointee == carriageReturn { cursor += 1 }
                if cursor < limit {
                    terminator = cursor.pointee
                    guard terminator == comma || terminator == newline else {
                        throw SyntaxError(newlinesBefore: newlines + recordNewlines,
                                          detail: "text after a closing quote (a quote inside a field must be doubled: \"\")")
                    }
                    cursor += 1
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
                        fields[slot] = CSVField(base: contentStart, count: contentEnd - contentStart)
                    }
                }
            } else {
                let fieldStart = cursor
                // Eight bytes at a time: the chunk's padding makes the load past `limit` safe, and a
                // delimiter found there is not one (the field ends at `limit`).
                while cursor < limit {
                    let word = UnsafeRawPointer(cursor).loadUnaligned(as: UInt64.self)
                    let hits = ByteSearch.matches(word, comma) | ByteSearch.matches(word, newline)
                    if hits != 0 {
                        cursor = min(cursor + ByteSearch.firstIndex(hits), limit)
                        break
                    }
                    cursor += 8
                }
                if cursor > limit { cursor = limit }
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
                    if slot >= 0 { fields[slot] = CSVField(base: fieldStart, count: count) }
                }
            }
            fieldIndex += 1
            if terminator != comma {
                if terminator == newline { recordNewlines += 1 }
                start = cursor - base
                newlines += recordNewlines
                return Record(fieldCount: fieldIndex, isBlank: isBlank)
            }
        }
    }
}
