/// Makes free text safe to show on one line of a terminal or a log.
///
/// Recorded text (actors, reasons, ids of old events, summaries) may hold newlines, escape
/// sequences or bidirectional overrides. Printed as is, `history` would show a forged
/// "recorded …" line or an id that reads as another. Escaping keeps every character visible
/// and the output one line per entry; what is stored is never changed.
///
/// ```swift
/// TerminalText.escaped("ana\nrecorded x")   // "ana\\u{000A}recorded x"
/// TerminalText.firstUnsafe(in: "ana")       // nil
/// ```
public enum TerminalText {
    /// True for characters that must not reach a terminal raw: C0/C1 controls, DEL, and format
    /// characters (bidirectional controls, zero-width joiners, byte-order mark), line and
    /// paragraph separators.
    public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: return true
        case 0x061C, 0x180E, 0x200B...0x200F, 0x2028...0x202E, 0x2060...0x206F, 0xFEFF, 0xFFF9...0xFFFB: return true
        default: return false
        }
    }

    /// The first unsafe character and its 1-based index, if any.
    public static func firstUnsafe(in text: String) -> (scalar: Unicode.Scalar, index: Int)? {
        for (index, scalar) in text.unicodeScalars.enumerated() where isUnsafe(scalar) { return (scalar, index + 1) }
        return nil
    }

    /// `text` with each unsafe character written as `\u{XXXX}` (and `\` itself kept as is).
    public static func escaped(_ text: String) -> String {
        guard firstUnsafe(in: text) != nil else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            if isUnsafe(scalar) {
                let hex = String(scalar.value, radix: 16, uppercase: true)
                result += "\\u{" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + "}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// A character as `U+XXXX`, with the character itself when it is printable ASCII, so a
    /// message naming it cannot be spoofed by it.
    public static func describe(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        if scalar.value >= 0x21 && scalar.value < 0x7F { return "'\(Character(scalar))' (\(code))" }
        return code
    }
}
