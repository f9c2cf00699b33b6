import Foundation
import GRDB

/// Rows for the quality-runner tests, written the same way to a CSV file (RFC 4180) and to a
/// SQLite table (every column TEXT; nil is NULL in the table and an empty field in the file).
struct QualityDataset {
    var columns: [String]
    var rows: [[String?]]

    /// Writes the CSV: fields with a comma, quote or line break are quoted (quotes doubled);
    /// `quoteEvery` quotes the other non-empty fields too, as some exporters do.
    func csv(quoteEvery: Bool = false, crlf: Bool = false) -> String {
        let end = crlf ? "\r\n" : "\n"
        func field(_ value: String?) -> String {
            guard let value else { return "" }
            if quoteEvery || value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
                return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            }
            return value
        }
        return ([columns.joined(separator: ",")] + rows.map { $0.map(field).joined(separator: ",") }).map { $0 + end }.joined()
    }

    func writeSQLite(path: String, table: String) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE \"\(table)\" (\(columns.map { "\"\($0)\" TEXT" }.joined(separator: ", ")))")
            let placeholders = Array(repeating: "?", count: columns.count).joined(separator: ", ")
            let statement = try db.makeStatement(sql: "INSERT INTO \"\(table)\" VALUES (\(placeholders))")
            for row in rows {
                let values: [(any DatabaseValueConvertible)?] = row.map { $0 }
                try statement.execute(arguments: StatementArguments(values))
            }
        }
    }

    /// A seeded random dataset with what breaks naive readers: nulls, duplicates, unicode, quotes,
    /// commas and line breaks inside fields, invalid numbers and timestamps.
    static func random(seed: UInt64, rows count: Int) -> QualityDataset {
        var generator = SplitMix64(seed: seed)
        func pick<T>(_ options: [T]) -> T { options[Int(generator.next() % UInt64(options.count))] }
        func chance(_ percent: UInt64) -> Bool { generator.next() % 100 < percent }
        let names = ["Ann", "Bob, Jr.", "Zoë", "漢字", "\"Q\"", "line\nbreak", "Très long nom", "x", "a,b,c", "🙂ok", "tab\there"]
        let statuses = ["new", "paid", "shipped", "lost", "NEW", "pa id"]
        let codes = ["ABC-1", "XYZ-42", "QQQ-7", "abc-9", "N/A", "-", "AB-1", "ÄBC-1", "ABC-12\nX", "ZZZ-0"]
        let amounts = ["0", "10.5", "999.99", "1000", "1000.01", "-1", "abc", "1e2", "900.5", "12,5", "2000"]
        let times = ["2026-11-30T10:00:00Z", "2026-12-01T08:00:00Z", "2026-11-29", "not a time", "2026-12-01T09:30:00+01:00",
                     "2026-02-30T00:00:00Z", "2025-06-15 12:34:56"]
        var rows: [[String?]] = []
        for index in 0..<count {
            let id: String? = chance(5) ? nil : chance(5) ? "x\(index)" : String(chance(10) ? max(1, index - 1) : index + 1)
            rows.append([
                id,
                chance(8) ? nil : pick(names),
                chance(12) ? nil : chance(70) ? String(format: "%.2f", Double(generator.next() % 120_000) / 100) : pick(amounts),
                chance(10) ? nil : pick(statuses),
                chance(10) ? nil : chance(50) ? "ABC-\(generator.next() % 50)" : pick(codes),
                chance(10) ? nil : pick(times),
            ])
        }
        return QualityDataset(columns: QualityRunContract.columns, rows: rows)
    }
}

/// A small seeded generator, so a failing dataset can be made again from its seed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
