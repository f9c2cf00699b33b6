// LeanProjector: `py_projector.py`'s job (../shared/baselines), done in Swift with no object model.
//
// Not dcl, and not a projector anyone should use: a bound. It reads the embedded ledger in position
// order on one thread, recomputes each event's SHA-256 over its canonical form, checks the stream's
// chain, and writes the script's three read models (a 9-column timeline row per event, a quality
// summary per contract, a catalog row per contract) in batches, then its one index — the script's
// job exactly, with every row's text read and written in place (no string per field, no decoded
// event, no timeline entry). Beside the script and `dcl project --rebuild` on the same ledger
// (`scripts/rebuild-vs-python.sh --lean`), it shows how fast the peer's own job can go in this
// language on this machine, so that dcl's gap to its goal can be split into the language and the
// work dcl does beyond the script's.
//
// Usage: LeanProjector LEDGER.db STORE.db [--batch N (20000)]
import Crypto
import Foundation
import GRDBSQLite

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("LeanProjector: \(message)\n".utf8))
    exit(1)
}

let arguments = CommandLine.arguments
guard arguments.count >= 3 else { fail("usage: LeanProjector LEDGER.db STORE.db [--batch N]") }
let batchSize = arguments.firstIndex(of: "--batch").flatMap { Int(arguments[$0 + 1]) } ?? 20_000

func open(_ path: String, readOnly: Bool) -> OpaquePointer {
    var db: OpaquePointer?
    let flags = readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
    guard sqlite3_open_v2(path, &db, flags, nil) == SQLITE_OK, let db else { fail("cannot open \(path)") }
    return db
}

func execute(_ db: OpaquePointer, _ sql: String) {
    var message: UnsafeMutablePointer<CChar>?
    guard sqlite3_exec(db, sql, nil, nil, &message) == SQLITE_OK else { fail(String(cString: message!)) }
}

func prepare(_ db: OpaquePointer, _ sql: String) -> OpaquePointer {
    var statement: OpaquePointer?
    guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
        fail(String(cString: sqlite3_errmsg(db)))
    }
    return statement
}

/// A column's bytes, valid until the statement steps again.
func bytes(_ statement: OpaquePointer, _ column: Int32) -> UnsafeBufferPointer<UInt8> {
    let start = sqlite3_column_text(statement, column)
    return UnsafeBufferPointer(start: start, count: start == nil ? 0 : Int(sqlite3_column_bytes(statement, column)))
}

/// SQLite's `SQLITE_TRANSIENT` ("copy the value now"), a macro Swift cannot import.
func transient() -> sqlite3_destructor_type { unsafeBitCast(-1, to: sqlite3_destructor_type.self) }

func bind(_ statement: OpaquePointer, _ index: Int32, _ text: UnsafeBufferPointer<UInt8>) {
    sqlite3_bind_text(statement, index, UnsafeRawPointer(text.baseAddress ?? UnsafePointer(bitPattern: 1)!)
        .assumingMemoryBound(to: CChar.self), Int32(text.count), transient())
}

func bind(_ statement: OpaquePointer, _ index: Int32, _ text: String) {
    sqlite3_bind_text(statement, index, text, -1, transient())
}

func step(_ statement: OpaquePointer) {
    guard sqlite3_step(statement) == SQLITE_DONE else { fail("insert failed") }
    sqlite3_reset(statement)
}

/// Appends `text` as a JSON string as the script's `json.dumps(ensure_ascii=False)` writes it.
func appendString(_ text: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
    output.append(UInt8(ascii: "\""))
    for byte in text {
        switch byte {
        case UInt8(ascii: "\""): output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
        case UInt8(ascii: "\\"): output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
        case 0x0A: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
        case 0x0D: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
        case 0x09: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
        case 0x08: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
        case 0x0C: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
        case 0..<0x20: output.append(contentsOf: Array(String(format: "\\u%04x", byte).utf8))
        default: output.append(byte)
        }
    }
    output.append(UInt8(ascii: "\""))
}

/// The raw text of a top-level member of a JSON object (strings with their quotes), or nil.
func member(_ name: String, in object: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8>? {
    let key = Array(name.utf8)
    var index = 1
    var depth = 0
    while index < object.count {
        let byte = object[index]
        if byte == UInt8(ascii: "\"") {
            var end = index + 1
            while object[end] != UInt8(ascii: "\"") { end += object[end] == UInt8(ascii: "\\") ? 2 : 1 }
            if depth == 0 && object[end + 1] == UInt8(ascii: ":") && end - index - 1 == key.count
                && object[(index + 1)..<end].elementsEqual(key) {
                var valueEnd = end + 2
                var valueDepth = 0
                var inString = false
                while valueEnd < object.count {
                    let next = object[valueEnd]
                    if inString {
                        if next == UInt8(ascii: "\\") { valueEnd += 2; continue }
                        if next == UInt8(ascii: "\"") { inString = false; if valueDepth == 0 { valueEnd += 1; break } }
                    } else if next == UInt8(ascii: "\"") {
                        inString = true
                    } else if next == UInt8(ascii: "{") || next == UInt8(ascii: "[") {
                        valueDepth += 1
                    } else if next == UInt8(ascii: "}") || next == UInt8(ascii: "]") {
                        if valueDepth == 0 { break }
                        valueDepth -= 1
                        if valueDepth == 0 { valueEnd += 1; break }
                    } else if next == UInt8(ascii: ","), valueDepth == 0 {
                        break
                    }
                    valueEnd += 1
                }
                return UnsafeBufferPointer(rebasing: object[(end + 2)..<valueEnd])
            }
            index = end + 1
            continue
        }
        if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") { depth += 1 }
        if byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") { depth -= 1 }
        index += 1
    }
    return nil
}

func unquoted(_ value: UnsafeBufferPointer<UInt8>?) -> String? {
    guard let value, value.count >= 2, value.first == UInt8(ascii: "\"") else { return nil }
    return String(decoding: UnsafeBufferPointer(rebasing: value[1..<(value.count - 1)]), as: UTF8.self)
}

let source = open(arguments[1], readOnly: true)
let store = open(arguments[2], readOnly: false)
execute(store, """
    PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;
    CREATE TABLE IF NOT EXISTS catalog(contract_id TEXT PRIMARY KEY, domain TEXT, product TEXT, version TEXT,
      owner TEXT, status TEXT, sla_hours INTEGER);
    CREATE TABLE IF NOT EXISTS quality(contract_id TEXT PRIMARY KEY, total INTEGER, passed INTEGER, last_checked TEXT);
    CREATE TABLE IF NOT EXISTS timeline(position INTEGER PRIMARY KEY, contract_id TEXT, stream TEXT, sequence INTEGER,
      type TEXT, occurred_at TEXT, actor TEXT, summary TEXT, accepted INTEGER);
    CREATE TABLE IF NOT EXISTS checkpoint(id INTEGER PRIMARY KEY CHECK (id = 1), position INTEGER);
    """)
let read = prepare(source, """
    SELECT position, event_id, stream, sequence, contract_id, type, schema_version, occurred_at, recorded_at, actor,
           payload, previous_hash, hash FROM events ORDER BY position
    """)
let insertTimeline = prepare(store, "INSERT OR REPLACE INTO timeline VALUES (?,?,?,?,?,?,?,?,?)")
let insertQuality = prepare(store, "INSERT OR REPLACE INTO quality VALUES (?,?,?,?)")
let insertCatalog = prepare(store, "INSERT OR REPLACE INTO catalog VALUES (?,?,?,?,?,?,?)")
let insertCheckpoint = prepare(store, "INSERT OR REPLACE INTO checkpoint VALUES (1, ?)")

struct Head { var sequence: Int64; var hash: [UInt8] }
struct Quality { var total: Int64; var passed: Int64; var last: String }
var heads: [[UInt8]: Head] = [:]
var quality: [String: Quality] = [:]
var catalog: [String: (domain: String?, product: String?, version: String?, owner: String?, status: String, slaHours: Int64?)] = [:]
let genesis = [UInt8](repeating: UInt8(ascii: "0"), count: 64)
let hex = Array("0123456789abcdef".utf8)
var input: [UInt8] = []
input.reserveCapacity(4096)
var events = 0, rejected = 0, inBatch = 0
var touchedQuality = Set<String>(), touchedCatalog = Set<String>()
let started = Date()
execute(store, "BEGIN")
@MainActor func commit(through position: Int64) {
    for id in touchedQuality {
        let summary = quality[id]!
        bind(insertQuality, 1, id)
        sqlite3_bind_int64(insertQuality, 2, summary.total)
        sqlite3_bind_int64(insertQuality, 3, summary.passed)
        bind(insertQuality, 4, summary.last)
        step(insertQuality)
    }
    for id in touchedCatalog {
        let row = catalog[id]!
        bind(insertCatalog, 1, id)
        for (index, text) in [row.domain, row.product, row.version, row.owner].enumerated() {
            if let text { bind(insertCatalog, Int32(index + 2), text) } else { sqlite3_bind_null(insertCatalog, Int32(index + 2)) }
        }
        bind(insertCatalog, 6, row.status)
        if let hours = row.slaHours { sqlite3_bind_int64(insertCatalog, 7, hours) } else { sqlite3_bind_null(insertCatalog, 7) }
        step(insertCatalog)
    }
    sqlite3_bind_int64(insertCheckpoint, 1, position)
    step(insertCheckpoint)
    execute(store, "COMMIT")
    execute(store, "BEGIN")
    touchedQuality.removeAll(keepingCapacity: true)
    touchedCatalog.removeAll(keepingCapacity: true)
    inBatch = 0
}
var lastPosition: Int64 = 0
while sqlite3_step(read) == SQLITE_ROW {
    let position = sqlite3_column_int64(read, 0)
    let stream = bytes(read, 2), contractId = bytes(read, 4), type = bytes(read, 5), payload = bytes(read, 10)
    let previous = bytes(read, 11), hash = bytes(read, 12), sequence = sqlite3_column_int64(read, 3)
    // The canonical form: members in key order, as the script's json.dumps(sort_keys=True) writes them.
    input.removeAll(keepingCapacity: true)
    input.append(contentsOf: #"{"actor":"#.utf8); appendString(bytes(read, 9), to: &input)
    input.append(contentsOf: #","contractId":"#.utf8)
    if sqlite3_column_type(read, 4) == SQLITE_NULL { input.append(contentsOf: "null".utf8) } else { appendString(contractId, to: &input) }
    input.append(contentsOf: #","eventId":"#.utf8); appendString(bytes(read, 1), to: &input)
    input.append(contentsOf: #","occurredAt":"#.utf8); appendString(bytes(read, 7), to: &input)
    input.append(contentsOf: #","payload":"#.utf8); input.append(contentsOf: payload)
    input.append(contentsOf: #","previousHash":"#.utf8); appendString(previous, to: &input)
    input.append(contentsOf: #","recordedAt":"#.utf8); appendString(bytes(read, 8), to: &input)
    input.append(contentsOf: #","schemaVersion":"#.utf8); input.append(contentsOf: String(sqlite3_column_int64(read, 6)).utf8)
    input.append(contentsOf: #","sequence":"#.utf8); input.append(contentsOf: String(sequence).utf8)
    input.append(contentsOf: #","stream":"#.utf8); appendString(stream, to: &input)
    input.append(contentsOf: #","type":"#.utf8); appendString(type, to: &input)
    input.append(UInt8(ascii: "}"))
    var ok = hash.count == 64
    if ok {
        SHA256.hash(data: input).withUnsafeBytes { digest in
            for (index, byte) in digest.enumerated()
            where hash[2 * index] != hex[Int(byte >> 4)] || hash[2 * index + 1] != hex[Int(byte & 0x0F)] { ok = false; break }
        }
    }
    let streamKey = Array(stream)
    let head = heads[streamKey]
    ok = ok && sequence == (head?.sequence ?? 0) + 1 && previous.elementsEqual(head?.hash ?? genesis)
    let isQuality = type.elementsEqual("QualityCheckRecorded".utf8)
    let passed = isQuality && member("passed", in: payload).map { $0.elementsEqual("true".utf8) } == true
    if !ok {
        rejected += 1
    } else {
        heads[streamKey] = Head(sequence: sequence, hash: Array(hash))
        let id = String(decoding: contractId, as: UTF8.self)
        if isQuality {
            var summary = quality[id] ?? Quality(total: 0, passed: 0, last: "")
            summary.total += 1
            if passed { summary.passed += 1 }
            summary.last = unquoted(member("observedAt", in: payload)) ?? String(decoding: bytes(read, 7), as: UTF8.self)
            quality[id] = summary
            touchedQuality.insert(id)
        } else if type.elementsEqual("ContractPublished".utf8) {
            let object = try? JSONSerialization.jsonObject(with: Data(payload)) as? [String: Any]
            let contract = object?["contract"] as? [String: Any] ?? [:]
            let level = contract["serviceLevel"] as? [String: Any]
            catalog[id] = (contract["domain"] as? String, contract["dataProduct"] as? String, contract["version"] as? String,
                           contract["owner"] as? String, contract["status"] as? String ?? "active",
                           (level?["slaHours"] as? NSNumber).map { $0.int64Value })
            touchedCatalog.insert(id)
        }
    }
    // The script's summary: "rule passed|failed" for a quality result, else the type.
    sqlite3_bind_int64(insertTimeline, 1, position)
    if sqlite3_column_type(read, 4) == SQLITE_NULL { sqlite3_bind_null(insertTimeline, 2) } else { bind(insertTimeline, 2, contractId) }
    bind(insertTimeline, 3, stream)
    sqlite3_bind_int64(insertTimeline, 4, sequence)
    bind(insertTimeline, 5, type)
    bind(insertTimeline, 6, bytes(read, 7))
    bind(insertTimeline, 7, bytes(read, 9))
    if isQuality {
        bind(insertTimeline, 8, "\(unquoted(member("rule", in: payload)) ?? "") \(passed ? "passed" : "failed")")
    } else {
        bind(insertTimeline, 8, type)
    }
    sqlite3_bind_int64(insertTimeline, 9, ok ? 1 : 0)
    step(insertTimeline)
    events += 1
    inBatch += 1
    lastPosition = position
    if inBatch == batchSize { commit(through: position) }
}
if inBatch > 0 { commit(through: lastPosition) }
execute(store, "COMMIT")
execute(store, "CREATE INDEX IF NOT EXISTS timeline_by_contract ON timeline(contract_id, position)")
let seconds = Date().timeIntervalSince(started)
print(String(format: "lean-projector events=%d rejected=%d seconds=%.2f events_per_s=%.0f", events, rejected, seconds, Double(events) / seconds))
