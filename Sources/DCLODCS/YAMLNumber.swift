import DCLDomain

/// Turns YAML number scalars into JSON number literals.
///
/// YAML accepts `+1`, `1_000`, `0x1F`, `.5` and `5.`, none of which is valid JSON; the
/// document is stored and hashed as JSON, so each is rewritten to the plain literal with the
/// same value. Digits are never sent through `Double`, so `0.995` stays `0.995`.
enum YAMLNumber {
    /// The JSON literal for a YAML integer, or nil when there is none (the caller keeps the text).
    static func integerLiteral(_ text: String) -> String? {
        let (negative, unsigned) = sign(of: text.filter { $0 != "_" })
        var body = unsigned
        guard !body.isEmpty else { return nil }
        var radix = 10
        for (prefix, base) in [("0x", 16), ("0o", 8), ("0b", 2)] where body.hasPrefix(prefix) {
            radix = base
            body = body.dropFirst(2)
        }
        guard !body.isEmpty else { return nil }
        let magnitude: String
        if radix == 10 {
            guard body.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            let significant = body.drop { $0 == "0" }
            magnitude = significant.isEmpty ? "0" : String(significant)
        } else {
            // Beyond 64 bits a hexadecimal literal is kept as text rather than guessed at.
            guard let value = UInt64(body, radix: radix) else { return nil }
            magnitude = String(value)
        }
        let literal = (negative ? "-" : "") + magnitude
        return NumericLiteral.isJSONNumber(literal) ? literal : nil
    }

    /// The JSON literal for a YAML float, or nil for `.inf`/`.nan` (JSON has no such numbers).
    /// A literal that is already valid JSON comes back unchanged (`1E+5` stays `1E+5`).
    static func floatLiteral(_ text: String) -> String? {
        let (negative, body) = sign(of: text.filter { $0 != "_" })
        let lowered = body.lowercased()
        guard !lowered.contains("inf"), !lowered.contains("nan") else { return nil }
        var mantissa = body
        var exponent: Substring = ""
        if let marker = body.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = body[marker...]
            mantissa = body[..<marker]
        }
        var whole = mantissa
        var fraction: Substring = ""
        if let point = mantissa.firstIndex(of: ".") {
            whole = mantissa[..<point]
            fraction = mantissa[mantissa.index(after: point)...]
        }
        guard !(whole.isEmpty && fraction.isEmpty) else { return nil }
        let significant = whole.drop { $0 == "0" }
        let integerPart = significant.isEmpty ? "0" : String(significant)
        let literal = (negative ? "-" : "") + integerPart + (fraction.isEmpty ? "" : "." + fraction) + exponent
        return NumericLiteral.isJSONNumber(literal) ? literal : nil
    }

    private static func sign(of text: String) -> (negative: Bool, body: Substring) {
        let body = Substring(text)
        if body.hasPrefix("-") { return (true, body.dropFirst()) }
        if body.hasPrefix("+") { return (false, body.dropFirst()) }
        return (false, body)
    }
}
