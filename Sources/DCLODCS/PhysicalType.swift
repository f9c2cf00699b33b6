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

    /// The first word (`timestamp` for `timestamp with time zone`).
    var family: String { String(name.split(separator: " ").first ?? "") }

    func isOne(of names: Set<String>) -> Bool { names.contains(name) || names.contains(family) }

    /// Sub-millisecond precision: `timestamp(6)`, `datetime2(7)`, `timestamp_micros`.
    var isMicros: Bool {
        name.contains("micro") || name.contains("nano") || (parameters.first.map { $0 > 3 } ?? false)
    }
}
