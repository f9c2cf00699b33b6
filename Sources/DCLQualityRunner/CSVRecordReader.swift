import Crypto
import Foundation

/// Reads an RFC 4180 CSV file in fixed-size chunks (constant memory whatever the file's size):
/// comma-separated fields, `"…"` quoting with `""` for a quote, commas and line breaks inside
/// quotes, LF or CRLF line ends. Only the fields asked for become strings; an empty field (quoted
/// or not) is nil, a SQL NULL. Every byte read also goes into a SHA-256 hash, the file's fingerprint.
///
/// ```swift
/// let reader = try CSVRecordReader(path: "orders.csv")
/// let header = try reader.header()            // ["id", "amount"]
/// try reader.forEachRecord(columns: [1]) { fields in print(fields[0] ?? "NULL") }
/// print(reader.fingerprint)                    // sha256:…
/// ```
public final class CSVRecordReader {
    private let handle: FileHandle
    private let path: String
    private var chunk: [UInt8] = []
    private var position = 0
    private var atEnd = false
    private var hasher = SHA256()
    /// The line the next record starts on (1-based), for error messages.
    public private(set) var line = 1
    private var digest: String?

    static let chunkSize = 1 << 20

    public init(path: String) throws(QualitySourceError) {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw QualitySourceError("cannot open CSV file \(path): \(FileManager.default.fileExists(atPath: path) ? "not readable" : "no such file")")
        }
        self.handle = handle
        self.path = path
    }

    deinit { try? handle.close() }

    /// `sha256:<hex>` over every byte of the file; complete once the records are read.
    public var fingerprint: String {
        if let digest { return digest }
        let text = "sha256:" + hasher.finalize().map { String(format: "%02x", $0) }.joined()
        digest = text
        return text
    }

    private func fill() throws(QualitySourceError) -> Bool {
        if atEnd { return false }
        let data: Data?
        do { data = try handle.read(upToCount: CSVRecordReader.chunkSize) } catch {
            throw QualitySourceError("cannot read \(path): \(error.localizedDescription)")
        }
        guard let data, !data.isEmpty else {
            atEnd = true
            return false
        }
        hasher.update(data: data)
        chunk = [UInt8](data)
        position = 0
        return true
    }

    /// The header's names; nil for an empty file.
    public func header() throws(QualitySourceError) -> [String]? {
        var names: [String]?
        // Every field of the header, up to a width no real table has.
        _ = try nextRecord(wanted: nil, count: 4096) { fields, count in
            names = fields.prefix(count).map { $0 ?? "" }
        }
        // A UTF-8 byte order mark is not part of the first name.
        if var first = names?.first, first.hasPrefix("\u{FEFF}") {
            first.removeFirst()
            names![0] = first
        }
        return names
    }

    /// Calls `body` with the asked-for fields of each record (by column index, in the order asked),
    /// skipping blank lines. A record with another field count than `expected` is an error naming its line.
    public func forEachRecord(columns: [Int], expected: Int, _ body: ([String?]) throws -> Void) throws {
        var wanted = [Int](repeating: -1, count: expected)
        for (slot, column) in columns.enumerated() { wanted[column] = slot }
        while true {
            let startLine = line
            var fieldCount = 0
            var values: [String?] = []
            let found = try nextRecord(wanted: wanted, count: columns.count) { fields, count in
                values = fields
                fieldCount = count
            }
            guard found else { return }
            if fieldCount == 1, expected > 1, values.allSatisfy({ $0 == nil }), isBlankRecord { continue }
            guard fieldCount == expected else {
                throw QualitySourceError("\(path) line \(startLine): \(fieldCount) field\(fieldCount == 1 ? "" : "s"), the header has \(expected)")
            }
            try body(values)
        }
    }

    private var isBlankRecord = false
    private var field: [UInt8] = []

    /// Parses one record. `wanted[i]` is the slot field i goes to (-1: not wanted); nil: every field
    /// to the slot of its index, up to `count`. Returns false at the end of the file.
    private func nextRecord(wanted: [Int]?, count: Int, _ deliver: ([String?], Int) -> Void) throws(QualitySourceError) -> Bool {
        if position >= chunk.count, !(try fill()) { return false }
        var values = [String?](repeating: nil, count: count)
        var fieldIndex = 0
        var inQuotes = false
        var quoteInQuotes = false
        var wasQuoted = false
        var fieldHasBytes = false
        field.removeAll(keepingCapacity: true)
        isBlankRecord = true
        let startLine = line

        func slot(_ index: Int) -> Int {
            guard let wanted else { return index < count ? index : -1 }
            return index < wanted.count ? wanted[index] : -1
        }
        func endField() {
            let target = slot(fieldIndex)
            if target >= 0, !field.isEmpty { values[target] = String(decoding: field, as: UTF8.self) }
            if fieldHasBytes || wasQuoted { isBlankRecord = false }
            field.removeAll(keepingCapacity: true)
            fieldIndex += 1
            wasQuoted = false
            fieldHasBytes = false
        }

        while true {
            if position >= chunk.count {
                guard try fill() else {
                    if inQuotes && !quoteInQuotes {
                        throw QualitySourceError("\(path) line \(startLine): a quoted field is not closed before the end of the file")
                    }
                    endField()
                    deliver(values, fieldIndex)
                    return true
                }
            }
            let byte = chunk[position]
            position += 1
            if inQuotes {
                if quoteInQuotes {
                    quoteInQuotes = false
                    if byte == 0x22 {  // "" inside quotes: one quote
                        if slot(fieldIndex) >= 0 { field.append(byte) }
                        continue
                    }
                    inQuotes = false
                    // The closing quote: fall through to handle this byte outside quotes.
                } else if byte == 0x22 {
                    quoteInQuotes = true
                    continue
                } else {
                    if byte == 0x0A { line += 1 }
                    if slot(fieldIndex) >= 0 { field.append(byte) }
                    continue
                }
            }
            switch byte {
            case 0x2C:  // ,
                endField()
            case 0x0A:  // \n ends the record
                line += 1
                endField()
                deliver(values, fieldIndex)
                return true
            case 0x0D:  // \r: part of a CRLF line end
                continue
            case 0x22 where !fieldHasBytes && !wasQuoted:
                inQuotes = true
                wasQuoted = true
            default:
                if wasQuoted {
                    throw QualitySourceError("\(path) line \(line): text after a closing quote (a quote inside a field must be doubled: \"\")")
                }
                fieldHasBytes = true
                if slot(fieldIndex) >= 0 { field.append(byte) }
            }
        }
    }
}
