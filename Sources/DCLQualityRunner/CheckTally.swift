import DCLDomain
import Foundation

/// Running counts for every check of an object while its rows stream past (the CSV source's one
/// pass), computed on the fields' bytes: numbers, dates and timestamps are parsed from the bytes,
/// and a `String` is made only for the tests that need one (patterns, lengths, formats, lists).
/// Checks of the same column share one `DistinctValueCounter`.
///
/// Each parsing thread keeps a tally of its own share of the rows; `absorb` merges two exactly
/// (counts add, the newest time is the later one, distinct-value sets are united).
///
/// ```swift
/// var tallies = (0..<2).map { _ in CheckTally(checks: plan.checks, workers: 2) }
/// for index in tallies.indices { tallies[index].bind(slots: ["id": 0, "amount": 1]) }
/// tallies = try reader.forEachRecord(columns: [0, 1], expected: 2, sinks: tallies)
/// try tallies[0].absorb(tallies[1])
/// try tallies[0].values()["not_null_id"]   // .count(0)
/// ```
struct CheckTally: CSVRecordSink {
    /// The memory all distinct-value sets of an object share before they spill to temporary files:
    /// 24 MiB, or `DCL_QUALITY_UNIQUE_MEMORY` bytes (tests set a few bytes to force the spill path).
    static let distinctMemoryBudget: Int = {
        if let text = ProcessInfo.processInfo.environment["DCL_QUALITY_UNIQUE_MEMORY"], let bytes = Int(text), bytes > 0 { return bytes }
        return 24 << 20
    }()

    /// A test of one non-null value, on its bytes where the grammar allows.
    private enum ByteTest {
        case integer, number, date, timestamp
        case range(min: Double?, max: Double?, exclusiveMin: Bool, exclusiveMax: Bool)
        /// Any other predicate, on the value's text.
        case text(ValuePredicate)

        init(_ predicate: ValuePredicate) {
            switch predicate {
            case .parses(.integer): self = .integer
            case .parses(.number): self = .number
            case .parses(.date): self = .date
            case .parses(.timestamp): self = .timestamp
            case .range(let min, let max, let exclusiveMin, let exclusiveMax):
                self = .range(min: min, max: max, exclusiveMin: exclusiveMin, exclusiveMax: exclusiveMax)
            default: self = .text(predicate)
            }
        }

        @inline(__always)
        func accepts(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            switch self {
            case .integer: return ValueGrammar.isInteger(bytes)
            case .number: return ValueGrammar.number(bytes)
            case .date: return ValueGrammar.isDate(bytes)
            case .timestamp: return ValueGrammar.epochMilliseconds(bytes) != nil
            case .range(let min, let max, let exclusiveMin, let exclusiveMax):
                guard let value = ValueGrammar.numberValue(bytes) else { return false }
                if let min, exclusiveMin ? value <= min : value < min { return false }
                if let max, exclusiveMax ? value >= max : value > max { return false }
                return true
            case .text(let predicate):
                return predicate.accepts(String(decoding: bytes, as: UTF8.self))
            }
        }
    }

    private let checks: [QualityCheck]
    /// Tallies whose distinct-value sets share the memory budget (one per parsing thread).
    private let workers: Int
    private var counts: [Int64]
    private var newest: [Int64?]
    private var nullChecks: [(check: Int, slot: Int)] = []
    private var missingChecks: [(check: Int, slot: Int, listed: Set<String>)] = []
    private var invalidChecks: [(check: Int, slot: Int, test: ByteTest)] = []
    private var newestChecks: [(check: Int, slot: Int)] = []
    /// Per duplicate check: which distinct counter it reads.
    private var duplicateChecks: [(check: Int, counter: Int)] = []
    private var distinctSlots: [Int] = []
    private var distinctCounters: [DistinctValueCounter] = []
    private var keyCheck: (check: Int, slots: [Int])?
    private var keyCounter: DistinctValueCounter?
    private var keyNulls: Int64 = 0
    private var keyBytes: [UInt8] = []
    private(set) var rows: Int64 = 0
    private(set) var unmeasured: [String: String] = [:]

    init(checks: [QualityCheck], workers: Int = 1) {
        self.checks = checks
        self.workers = max(1, workers)
        counts = Array(repeating: 0, count: checks.count)
        newest = Array(repeating: nil, count: checks.count)
        bind(slots: [:])
    }

    /// Maps each check's columns to the slots of the fields `add` receives.
    mutating func bind(slots: [String: Int]) {
        func slot(_ column: String) -> Int { slots[column] ?? -1 }
        nullChecks = []
        missingChecks = []
        invalidChecks = []
        newestChecks = []
        duplicateChecks = []
        distinctSlots = []
        unmeasured = [:]
        keyCheck = nil
        var duplicateColumns: [(check: Int, slot: Int)] = []
        for (index, check) in checks.enumerated() {
            switch check.metric {
            case .rowCount: continue
            case .nullValues(let column): nullChecks.append((index, slot(column)))
            case .missingValues(let column, let listed): missingChecks.append((index, slot(column), Set(listed)))
            case .duplicateValues(let column):
                if !distinctSlots.contains(slot(column)) { distinctSlots.append(slot(column)) }
                duplicateColumns.append((index, slot(column)))
            case .invalidValues(let column, let predicate): invalidChecks.append((index, slot(column), ByteTest(predicate)))
            case .primaryKeyViolations(let columns):
                // One key set per object: a second primary-key check reads the same counts.
                if keyCheck == nil { keyCheck = (index, columns.map(slot)) }
            case .newest(let column): newestChecks.append((index, slot(column)))
            case .sql: unmeasured[check.rule] = "a sql rule needs a database source (sqlite:…); a CSV file has no SQL engine"
            }
        }
        duplicateChecks = duplicateColumns.map { ($0.check, distinctSlots.firstIndex(of: $0.slot)!) }
        let sets = distinctSlots.count + (keyCheck == nil ? 0 : 1)
        let budget = sets == 0 ? 0 : max(1, Self.distinctMemoryBudget / sets / workers)
        distinctCounters = distinctSlots.map { _ in DistinctValueCounter(memoryBudget: budget) }
        keyCounter = keyCheck == nil ? nil : DistinctValueCounter(memoryBudget: budget)
    }

    mutating func add(_ fields: UnsafeBufferPointer<CSVField>) throws(QualitySourceError) {
        rows += 1
        for index in distinctSlots.indices {
            guard let bytes = fields[distinctSlots[index]].bytes else { continue }
            try distinctCounters[index].insert(bytes)
        }
        for (check, slot) in nullChecks where fields[slot].isNull { counts[check] += 1 }
        for (check, slot, test) in invalidChecks {
            if let bytes = fields[slot].bytes, !test.accepts(bytes) { counts[check] += 1 }
        }
        for (check, slot, listed) in missingChecks {
            if let text = fields[slot].text {
                if listed.contains(text) { counts[check] += 1 }
            } else {
                counts[check] += 1
            }
        }
        for (check, slot) in newestChecks {
            if let bytes = fields[slot].bytes, let millis = ValueGrammar.epochMilliseconds(bytes) {
                newest[check] = max(newest[check] ?? millis, millis)
            }
        }
        if let (_, slots) = keyCheck {
            if slots.contains(where: { fields[$0].isNull }) {
                keyNulls += 1
            } else {
                // Length-prefixed parts: no two different keys join to the same bytes.
                keyBytes.removeAll(keepingCapacity: true)
                for slot in slots {
                    let bytes = fields[slot].bytes!
                    keyBytes.append(contentsOf: String(bytes.count).utf8)
                    keyBytes.append(UInt8(ascii: ":"))
                    keyBytes.append(contentsOf: bytes)
                }
                try keyBytes.withUnsafeBufferPointer { (key) throws(QualitySourceError) in try keyCounter!.insert(key) }
            }
        }
    }

    /// Adds another tally of the same checks over other rows of the same object, exactly: the
    /// result is what one tally would have counted over both shares of the rows.
    mutating func absorb(_ other: CheckTally) throws(QualitySourceError) {
        rows += other.rows
        for index in counts.indices { counts[index] += other.counts[index] }
        for index in newest.indices {
            if let theirs = other.newest[index] { newest[index] = max(newest[index] ?? theirs, theirs) }
        }
        keyNulls += other.keyNulls
        for (mine, theirs) in zip(distinctCounters, other.distinctCounters) { try mine.absorb(theirs) }
        if let keyCounter, let theirs = other.keyCounter { try keyCounter.absorb(theirs) }
    }

    func values() throws(QualitySourceError) -> [String: ObjectMeasurement.Value] {
        var result: [String: ObjectMeasurement.Value] = [:]
        var distinct: [Int64] = []
        for counter in distinctCounters { distinct.append(try counter.distinctCount()) }
        let keyDistinct = try keyCounter?.distinctCount() ?? 0
        let duplicateOf = Dictionary(duplicateChecks.map { ($0.check, $0.counter) }, uniquingKeysWith: { first, _ in first })
        for (index, check) in checks.enumerated() {
            switch check.metric {
            case .rowCount: result[check.rule] = .count(rows)
            case .duplicateValues:
                let counter = duplicateOf[index]!
                result[check.rule] = .count(distinctCounters[counter].inserted - distinct[counter])
            case .primaryKeyViolations:
                result[check.rule] = .count(keyNulls + (keyCounter?.inserted ?? 0) - keyDistinct)
            case .newest: result[check.rule] = .newest(newest[index])
            case .sql: continue
            default: result[check.rule] = .count(counts[index])
            }
        }
        return result
    }
}
