@testable import DCLODCS
import Testing

/// `PhysicalType` reads ASCII text byte by byte; it must answer exactly as its reading by
/// characters does: a table of edge cases, then generated strings from the bytes that matter.
@Suite("physical types read byte by byte as by characters")
struct PhysicalTypeTests {
    static let table = [
        "", "decimal(12,2)", "DECIMAL(14, 2)", "Decimal ( 14 , 2 )", "varchar(100)", "timestamp with time zone",
        "  timestamp\t with   time zone  ", "timestamp(6)", "datetime2(7)", "numeric(+5,-1)", "numeric(5,,2)", "numeric(a,2)",
        "int)", ")(", "((1,2),3)", "decimal(1,2)(3,4)", "decimal(\r\n12\r\n,2)", "big\r\nint", "decimal(\u{0B}1\u{0C},2)", "x(1 2,3)",
        "number(99999999999999999999,1)", "x(-9223372036854775808)", "x(9223372036854775807)", "x(9223372036854775808)",
        "x(- 5, + 6, 5-, +-1, -, +, 007)", "a(1,2)b)c(3)", "(1)(2", "decimal(12,2", "TIMESTAMP_MICROS", "double precision",
    ]

    @Test(arguments: table)
    func tableMatches(_ text: String) {
        let ascii = PhysicalType(ascii: text)
        #expect(ascii == PhysicalType(characters: text), "'\(text)'")
        #expect(PhysicalType(text) == PhysicalType(characters: text), "'\(text)'")
    }

    @Test func generatedMatch() {
        let alphabet = Array("aZ19 (),\t\r\n+-_.")
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3000 {
            let length = Int.random(in: 0...10, using: &generator)
            let text = String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
            #expect(PhysicalType(ascii: text) == PhysicalType(characters: text), "'\(text.debugDescription)'")
        }
    }

    @Test func nonASCIIReadsByCharacters() {
        #expect(PhysicalType(ascii: "décimal(1,2)") == nil)
        #expect(PhysicalType("DÉCIMAL(1,2)") == PhysicalType(characters: "DÉCIMAL(1,2)"))
    }
}
