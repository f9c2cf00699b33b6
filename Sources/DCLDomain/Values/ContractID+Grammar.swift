extension ContractID {
    /// The grammar a **new** contract id must follow; nil when `text` follows it, else why not.
    ///
    /// `ContractID.init` stays as permissive as it always was, so every id already recorded keeps
    /// reading; ids that are new to the ledger must be plain ASCII tokens that are safe in a
    /// terminal, a shell argument, a file name and a Kafka key:
    ///
    ///     id      = alnum *( alnum / "." / "_" / "-" / ":" / "@" / "+" / "~" )   ; 1 to 200 characters
    ///     no ".." anywhere (a path segment), no leading "-" (an option), no "/" or spaces
    ///
    /// UUIDs (`53581432-6c55-4ba2-a65f-72344a91553a`), dotted names (`sales.revenue_metrics`) and
    /// URNs (`urn:datacontract:sales:orders`) fit. Bidirectional overrides and other invisible or
    /// control characters do not: they make an id print as another.
    ///
    /// ```swift
    /// ContractID.grammarViolation("sales.orders")    // nil
    /// ContractID.grammarViolation("-rf")             // "must start with a letter or digit"
    /// ```
    public static func grammarViolation(_ text: String) -> String? {
        let scalars = Array(text.unicodeScalars)
        guard let first = scalars.first else { return "is empty" }
        if scalars.count > 200 { return "is longer than 200 characters" }
        for (index, scalar) in scalars.enumerated() where !isIDCharacter(scalar) {
            return "has \(TerminalText.describe(scalar)) at character \(index + 1); ids use letters, digits and . _ - : @ + ~"
        }
        if !isAlphanumeric(first) { return "must start with a letter or digit" }
        if text.contains("..") { return "must not contain '..'" }
        return nil
    }

    private static func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return true
        default: return false
        }
    }

    private static func isIDCharacter(_ scalar: Unicode.Scalar) -> Bool {
        isAlphanumeric(scalar) || ".-_:@+~".unicodeScalars.contains(scalar)
    }
}

extension ContractID {
    /// The id with every control, format (bidirectional override, zero-width) and non-ASCII
    /// whitespace character written as `\u{XXXX}`, for messages and line-oriented output.
    public var printable: String { TerminalText.escaped(rawValue) }
}
