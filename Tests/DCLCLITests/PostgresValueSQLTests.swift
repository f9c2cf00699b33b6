@testable import DCLQualityRunner
import DCLTestSupport
import Foundation
import Testing

/// The PostgreSQL source tests values with SQL (`PostgresValueSQL`) where the CSV and SQLite sources
/// call the Swift grammars: on a real PostgreSQL server, the SQL and the Swift agree on every value of
/// a list built to break them (bounds of every field, leap days, zones, fractions, signs, exponents).
@Suite("PostgreSQL value tests agree with the Swift grammars")
struct PostgresValueSQLTests {
    static var values: [String] {
        var values = [
            "0", "+0", "-0", "12", "-12", "+12", "1.", ".5", "-.5", "1.5e3", "1.5E-3", "1e", "1e+", "e5", ".", "+", "-", "",
            " 5", "5 ", "1,5", "0x1F", "nan", "inf", "1e999", "1e-99", "999.9999", "1000", "1000.0", "1000.01",
            "-0.0", "0.000", "true", "FALSE", "True", "0", "1", "yes", "t",
            "2026-12-01", "2026-02-29", "2024-02-29", "2000-02-29", "1900-02-29", "0000-02-29", "0000-01-01", "9999-12-31",
            "2026-13-01", "2026-00-10", "2026-04-31", "2026-1-01", "2026/12/01", "20261201",
            "2026-12-01T00:00", "2026-12-01T23:59:60", "2026-12-01T24:00:00", "2026-12-01T10:60:00", "2026-12-01 10:00:00",
            "2026-12-01t10:00:00z", "2026-12-01T10:00:00Z", "2026-12-01T10:00:00.5Z", "2026-12-01T10:00:00,123456+01:00",
            "2026-12-01T10:00:00.Z", "2026-12-01T10:00:00+01", "2026-12-01T10:00:00-0130", "2026-12-01T10:00:00+01:",
            "2026-12-01T10:00:00+01:3", "2026-12-01T10:00:00+24:00", "2026-12-01T10:00:00+23:59", "2026-12-01T10:00+05:30",
            "2026-12-01T10:00:00Zx", "2026-12-01T10", "2026-12-01T", "0000-03-01T12:00:00-12:00", "1969-12-31T23:59:59.999Z",
            "a@b.c", "a@b", "@b.c", "a b@c.d", "ä@ö.de", "x@y.z.w",
            "123e4567-e89b-12d3-a456-426614174000", "123E4567-E89B-12D3-A456-426614174000", "123e4567e89b12d3a456426614174000",
            "https://example.com/x?y=1", "mailto:a@b.c", "1http://x", "http://a b", "urn:isbn:0451450523",
            "192.168.0.1", "255.255.255.255", "256.1.1.1", "1.2.3", "01.002.3.4", "1.2.3.4.5", "1..3.4",
            "Zoë", "漢字", "🙂ok", "Très long nom", "line\nbreak", "tab\there", "x", "12345678", "123456789",
        ]
        // Not here, as documented: beyond a double's range (`1e1000`, `1e-999`) a range compares exactly in
        // SQL, where Swift's double is infinite or 0.
        // Random near-timestamps: every field pushed to and past its bounds.
        var generator = SplitMix64(seed: 13)
        for _ in 0..<150 {
            func two(_ limit: UInt64) -> String { String(format: "%02d", Int(generator.next() % limit)) }
            let zones = ["", "Z", "+01:00", "-11:30", "+0545", "+14", "-99:00", "+01:60", "z"]
            var text = "\(1900 + generator.next() % 200)-\(two(14))-\(two(33))"
            if generator.next() % 4 != 0 {
                text += ["T", " ", "t"][Int(generator.next() % 3)] + "\(two(26)):\(two(62))"
                if generator.next() % 3 != 0 { text += ":\(two(62))" + (generator.next() % 2 == 0 ? ".\(generator.next() % 10_000)" : "") }
                text += zones[Int(generator.next() % UInt64(zones.count))]
            }
            values.append(text)
        }
        return values
    }

    static let predicates: [ValuePredicate] = [
        .parses(.integer), .parses(.number), .parses(.boolean), .parses(.date), .parses(.timestamp),
        .range(min: 0, max: 1000, exclusiveMin: false, exclusiveMax: false), .range(min: 0, max: nil, exclusiveMin: true, exclusiveMax: false),
        .range(min: nil, max: 1000, exclusiveMin: false, exclusiveMax: true), .length(min: 1, max: 8),
        .format(.email), .format(.uuid), .format(.uri), .format(.ipv4), .oneOf(["true", "x"]), .matches(pattern: #"^\d+(\.\d+)?$"#),
    ]

    @Test("every predicate and the timestamp's milliseconds, on every value")
    func sqlMatchesSwift() throws {
        let server = try PostgresTestServer.shared()
        let database = try server.createDatabase()
        let values = Self.values
        let rows = values.enumerated().map { "(\($0.offset), \(PostgresValueSQL.literal($0.element)))" }.joined(separator: ",\n")
        let columns = Self.predicates.map { "CASE WHEN \(PostgresValueSQL.accepts($0, text: "v")) THEN 'y' ELSE 'n' END" }
            + ["COALESCE(CAST(\(PostgresValueSQL.epochMilliseconds("v")) AS text), 'none')"]
        let output = try server.psql(database, "SELECT i, \(columns.joined(separator: ", ")) FROM (VALUES \(rows)) AS t(i, v) ORDER BY i")
        var differences: [String] = []
        var checked = 0
        for line in output.split(separator: "\n") {
            let fields = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == Self.predicates.count + 2, let index = Int(fields[0]) else {
                Issue.record("unexpected psql line: \(line)")
                continue
            }
            let value = values[index]
            for (position, predicate) in Self.predicates.enumerated() {
                let swift = predicate.accepts(value) ? "y" : "n"
                if fields[position + 1] != swift { differences.append("\(predicate) on \(value.debugDescription): SQL \(fields[position + 1]), Swift \(swift)") }
                checked += 1
            }
            let swiftMillis = ValueGrammar.epochMilliseconds(value).map(String.init) ?? "none"
            if fields.last! != swiftMillis { differences.append("milliseconds of \(value.debugDescription): SQL \(fields.last!), Swift \(swiftMillis)") }
        }
        #expect(checked == values.count * Self.predicates.count)
        #expect(differences.isEmpty, "\(differences.count) differences:\n\(differences.joined(separator: "\n"))")
    }
}
