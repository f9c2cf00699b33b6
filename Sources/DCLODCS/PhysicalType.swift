/// A database type name as ODCS `physicalType` carries it (`DECIMAL(14, 2)`, `varchar(100)`,
/// `timestamp with time zone`), split into a lower-case name and its numeric parameters.
///
/// Only the name and parameters matter for choosing a logical type; the text itself is kept
/// on the field unchanged so that exports show what the author wrote.
struct PhysicalType: Sendable, Hashable {
    var text: String
    /// Lower-case, parameters removed, inner spaces collapsed: `timestamp with time zone`.
    var name: String
    var parameters: [Int]

    init(_ text: String) {
        // Physical types are ASCII in practice, and every `decimal(p,s)` column of a schema is read
        // through here: the byte path answers as the character path does without grapheme breaking.
        if let ascii = PhysicalType(ascii: text) {
            self = ascii
        } else {
            self.init(characters: text)
        }
    }

    /// The reading by characters, for any text.
    init(characters text: String) {
        self.text = text
        let lowered = text.lowercased()
        var name = ""
        var inside = ""
        var depth = 0
        var parameterText: String?
        for character in lowered {
            switch character {
            case "(":
                depth += 1
                if depth == 1 { inside = "" }
            case ")":
                depth -= 1
                if depth == 0, parameterText == nil { parameterText = inside }
            default:
                if depth > 0 { inside.append(character) } else { name.append(character) }
            }
        }
        self.name = name.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
        self.parameters = (parameterText ?? "").split(separator: ",").compactMap {
            Int($0.filter { !$0.isWhitespace })
        }
    }

    /// The same reading byte by byte in one pass, or nil when `text` is not all ASCII. In ASCII
    /// text every character is one byte except CR LF, which is neither a parenthesis, a blank nor
    /// a comma, and which `isWhitespace` drops from a parameter as it drops CR and LF alone.
    init?(ascii text: String) {
        var copy = text
        guard let parsed = copy.withUTF8({ PhysicalType.parse($0) }) else { return nil }
        self.text = text
        self.name = parsed.name
        self.parameters = parsed.parameters
    }

    /// The lower-cased name with blanks collapsed, and the parameters of the first parenthesised
    /// group; nil for non-ASCII bytes.
    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> (name: String, parameters: [Int])? {
        var depth = 0
        // The group being read: its parameters so far, and the one being read.
        var group: [Int] = []
        var current = ParameterScanner()
        var parameters: [Int]?
        var pendingSpace = false
        var isASCII = true
        let name = String(unsafeUninitializedCapacity: bytes.count) { output in
            var written = 0
            for raw in bytes {
                guard raw < 0x80 else { isASCII = false; return 0 }
                let byte = raw >= UInt8(ascii: "A") && raw <= UInt8(ascii: "Z") ? raw | 0x20 : raw
                switch byte {
                case UInt8(ascii: "("):
                    depth += 1
                    if depth == 1 { group.removeAll(); current = ParameterScanner() }
                case UInt8(ascii: ")"):
                    depth -= 1
                    if depth == 0, parameters == nil {
                        if let value = current.value { group.append(value) }
                        parameters = group
                    }
                default:
                    if depth > 0 {
                        if byte == UInt8(ascii: ",") {
                            if let value = current.value { group.append(value) }
                            current = ParameterScanner()
                        } else {
                            current.read(byte)
                        }
                    } else if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") {
                        pendingSpace = written > 0
                    } else {
                        if pendingSpace { output[written] = UInt8(ascii: " "); written += 1 }
                        pendingSpace = false
                        output[written] = byte
                        written += 1
                    }
                }
            }
            return written
        }
        guard isASCII else { return nil }
        return (name, parameters ?? [])
    }

    /// One comma-separated parameter as `Int(_:)` reads it once blanks are removed: an optional
    /// sign, then at least one digit, within `Int`'s range.
    private struct ParameterScanner {
        private var magnitude = 0
        private var negative = false
        private var sawSign = false
        private var digits = 0
        private var valid = true

        mutating func read(_ byte: UInt8) {
            guard valid else { return }
            switch byte {
            case 0x09...0x0D, 0x20:
                return
            case UInt8(ascii: "+"), UInt8(ascii: "-"):
                guard !sawSign, digits == 0 else { valid = false; return }
                sawSign = true
                negative = byte == UInt8(ascii: "-")
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                // Negative values accumulate below zero, so that Int.min is in range as it is for Int(_:).
                let digit = Int(byte - UInt8(ascii: "0"))
                let (scaled, overflow) = magnitude.multipliedReportingOverflow(by: 10)
                let (next, overflowAgain) = negative ? scaled.subtractingReportingOverflow(digit) : scaled.addingReportingOverflow(digit)
                guard !overflow, !overflowAgain else { valid = false; return }
                magnitude = next
                digits += 1
            default:
                valid = false
            }
        }

        var value: Int? { valid && digits > 0 ? magnitude : nil }
    }

    /// The first word (`timestamp` for `timestamp with time zone`).
    var family: String { String(name.split(separator: " ").first ?? "") }

    func isOne(of names: Set<String>) -> Bool { names.contains(name) || names.contains(family) }

    /// Sub-millisecond precision: `timestamp(6)`, `datetime2(7)`, `timestamp_micros`.
    var isMicros: Bool {
        name.contains("micro") || name.contains("nano") || (parameters.first.map { $0 > 3 } ?? false)
    }
}
