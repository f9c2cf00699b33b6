@testable import DCLODCS
import Testing
import Yams

/// `PlainScalarResolver` must type every plain scalar exactly as `YAMLLoader.resolver`'s regular
/// expressions do: a table of edge cases, then many generated strings from the characters that
/// matter to the rules.
@Suite("plain scalars are typed as the regex rules type them")
struct PlainScalarResolverTests {
    static func byRules(_ text: String) -> Yams.Tag.Name {
        YAMLLoader.resolver.resolveTag(of: Node.scalar(Node.Scalar(text, .implicit, .plain)))
    }

    static let table = [
        "", "~", "null", "Null", "NULL", "nul", "nulls", "none", "true", "True", "TRUE", "tRue", "false", "no", "yes", "on", "off",
        "0", "00", "-0", "+12", "1_000", "_1", "1_", "0o17", "0o", "0o8", "0x1F", "0xg", "0x", "0b101", "0b2", "-0x1f", "+0b1", "12:30",
        "1.", "1.5", ".5", "._5", "-.5", "+1.5e3", "1e5", "1E-5", "1e", "1e+", "1.e5", "1._e5", ".e5", ".inf", "-.inf", "+.INF", ".Inf",
        ".nan", ".NaN", "-.nan", "NaN", "inf", "1.2.3", "--1", "+-1", "-", "+", ".", "..",
        "2024-01-01", "2024-1-1", "2024-01-1", "24-01-01", "20245-01-01", "2024-01-01T10:00:00", "2024-1-1t1:00:00Z",
        "2024-01-01 10:00:00", "2024-01-01   10:00:00.123 +05:30", "2024-01-01T10:00:00.Z", "2024-01-01T10:00:00 Z", "2024-01-01T10:00:00+5",
        "2024-01-01T10:00:00+0530", "2024-01-01T10:00:00 ", "2024-01-01T10:00", "2024-01-01T100:00:00", "2024-01-01\t10:00:00-01",
        "<<", "<", "<<<", "=", "orders", "order_id", "decimal(12,2)", "1 2", "12 ", " 12", "é", "１２",
    ]

    @Test(arguments: table)
    func edgeCases(_ text: String) {
        #expect(PlainScalarResolver.tag(of: text) == Self.byRules(text), "'\(text)'")
    }

    @Test func generatedStrings() {
        let alphabet = Array("0123456789-+._:eExXoObBtTZ \tinfaNlu<~")
        var generator = SystemRandomNumberGenerator()
        var checked = 0
        for length in 1...12 {
            for _ in 0..<1500 {
                let text = String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
                let expected = Self.byRules(text)
                #expect(PlainScalarResolver.tag(of: text) == expected, "'\(text)' should be \(expected.rawValue)")
                checked += 1
            }
        }
        // Shapes the random alphabet rarely builds: dates and times with every optional part.
        for year in ["2024", "1999"] {
            for month in ["1", "01", "123"] {
                for day in ["1", "01"] {
                    for time in ["", "T1:02:03", "t10:20:30.5", " 1:02:03", "\t1:02:03.", "T1:2:03"] {
                        for zone in ["", "Z", " Z", "+1", "-01:00", "+01:0", "  -12"] {
                            let text = "\(year)-\(month)-\(day)\(time)\(zone)"
                            #expect(PlainScalarResolver.tag(of: text) == Self.byRules(text), "'\(text)'")
                            checked += 1
                        }
                    }
                }
            }
        }
        #expect(checked > 18_000)
    }
}
