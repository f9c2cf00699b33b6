import DCLDomain

/// Running counts for every check of an object while its rows stream past (the CSV source's one
/// pass). Checks of the same column share their distinct-value set.
///
/// ```swift
/// var tally = CheckTally(checks: plan.checks)
/// tally.bind(slots: ["id": 0, "amount": 1])
/// tally.add(["1", "12.5"])
/// tally.values()["not_null_id"]   // .count(0)
/// ```
struct CheckTally {
    private enum Counter {
        case rows
        case nulls(slot: Int)
        case missing(slot: Int, listed: Set<String>)
        case duplicates(slot: Int)
        case invalid(slot: Int, ValuePredicate)
        case primaryKey(slots: [Int])
        case newest(slot: Int)
        case unmeasurable(String)
    }

    private let checks: [QualityCheck]
    private var counters: [Counter] = []
    private var counts: [Int64]
    private var newest: [Int64?]
    /// The slots whose distinct values are kept, each with its set and its count of non-null values
    /// (arrays, so a set grows in place: no copy of it per row).
    private var distinctSlots: [Int] = []
    private var distinctSets: [Set<String>] = []
    private var nonNull: [Int64] = []
    private var keyRows: Int64 = 0
    private var keys = Set<String>()
    private(set) var rows: Int64 = 0
    private(set) var unmeasured: [String: String] = [:]

    init(checks: [QualityCheck]) {
        self.checks = checks
        counts = Array(repeating: 0, count: checks.count)
        newest = Array(repeating: nil, count: checks.count)
        bind(slots: [:])
    }

    /// Maps each check's columns to the slots of the fields `add` receives.
    mutating func bind(slots: [String: Int]) {
        func slot(_ column: String) -> Int { slots[column] ?? -1 }
        counters = checks.map { check in
            switch check.metric {
            case .rowCount: return .rows
            case .nullValues(let column): return .nulls(slot: slot(column))
            case .missingValues(let column, let listed): return .missing(slot: slot(column), listed: Set(listed))
            case .duplicateValues(let column): return .duplicates(slot: slot(column))
            case .invalidValues(let column, let predicate): return .invalid(slot: slot(column), predicate)
            case .primaryKeyViolations(let columns): return .primaryKey(slots: columns.map(slot))
            case .newest(let column): return .newest(slot: slot(column))
            case .sql: return .unmeasurable("a sql rule needs a database source (sqlite:…); a CSV file has no SQL engine")
            }
        }
        unmeasured = [:]
        for (index, counter) in counters.enumerated() {
            if case .unmeasurable(let reason) = counter { unmeasured[checks[index].rule] = reason }
        }
        distinctSlots = []
        for counter in counters {
            if case .duplicates(let slot) = counter, !distinctSlots.contains(slot) { distinctSlots.append(slot) }
        }
        distinctSets = Array(repeating: [], count: distinctSlots.count)
        nonNull = Array(repeating: 0, count: distinctSlots.count)
    }

    mutating func add(_ fields: [String?]) {
        rows += 1
        for index in distinctSlots.indices {
            guard let value = fields[distinctSlots[index]] else { continue }
            nonNull[index] += 1
            distinctSets[index].insert(value)
        }
        var keyDone = false
        for index in counters.indices {
            switch counters[index] {
            case .rows, .duplicates, .unmeasurable:
                continue
            case .nulls(let slot):
                if fields[slot] == nil { counts[index] += 1 }
            case .missing(let slot, let listed):
                if let value = fields[slot] {
                    if value.isEmpty || listed.contains(value) { counts[index] += 1 }
                } else {
                    counts[index] += 1
                }
            case .invalid(let slot, let predicate):
                if let value = fields[slot], !predicate.accepts(value) { counts[index] += 1 }
            case .primaryKey(let slots):
                if slots.contains(where: { fields[$0] == nil }) {
                    counts[index] += 1
                } else if !keyDone {
                    keyDone = true
                    keyRows += 1
                    // Length-prefixed parts: no two different keys join to the same text.
                    keys.insert(slots.map { "\(fields[$0]!.utf8.count):\(fields[$0]!)" }.joined())
                }
            case .newest(let slot):
                if let value = fields[slot], let millis = ValueGrammar.epochMilliseconds(value) {
                    newest[index] = max(newest[index] ?? millis, millis)
                }
            }
        }
    }

    func values() -> [String: ObjectMeasurement.Value] {
        var result: [String: ObjectMeasurement.Value] = [:]
        for (index, check) in checks.enumerated() {
            switch counters[index] {
            case .rows: result[check.rule] = .count(rows)
            case .duplicates(let slot):
                let index = distinctSlots.firstIndex(of: slot)!
                result[check.rule] = .count(nonNull[index] - Int64(distinctSets[index].count))
            case .primaryKey: result[check.rule] = .count(counts[index] + keyRows - Int64(keys.count))
            case .newest: result[check.rule] = .newest(newest[index])
            case .unmeasurable: continue
            default: result[check.rule] = .count(counts[index])
            }
        }
        return result
    }
}
