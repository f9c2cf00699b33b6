import DCLDomain

extension QualityRuleKind {
    /// The forms `QualityRuleKind.expression` prints, for error messages.
    public static let expressionForms = [
        "not_null", "unique", "range(MIN, MAX)", "accepted_values(a, b, c)", "regex(PATTERN)",
        "row_count(MIN, MAX)", "freshness(4h)",
    ]

    /// Parses the form `expression` prints (`range(0, 10000000)`, `row_count(1, -)`,
    /// `freshness(4h)`), so an ODCS `custom` rule with `engine: dcl` can carry any rule the
    /// ledger knows, including those ODCS library metrics cannot express.
    ///
    /// `-` (or nothing) stands for a missing bound. Accepted values may be quoted to keep
    /// surrounding spaces; the regex pattern is everything between the outer parentheses.
    public init(expression: String) throws(QualityExpressionError) {
        func fail(_ message: String) -> QualityExpressionError {
            QualityExpressionError(expression: expression, message: message)
        }
        let text = expression.trimmed(of: " \t\n")
        let keyword: String
        var argument: String?
        if let open = text.firstIndex(of: "(") {
            guard text.hasSuffix(")") else { throw fail("missing closing ')'") }
            keyword = text[..<open].trimmed(of: " \t").lowercased()
            argument = String(text[text.index(after: open)..<text.index(before: text.endIndex)])
        } else {
            keyword = text.lowercased()
        }
        func arguments() -> [String] {
            (argument ?? "").split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmed(of: " \t") }
        }
        func bounds() throws(QualityExpressionError) -> (String?, String?) {
            let parts = arguments()
            guard parts.count == 2 else { throw fail("\(keyword) takes two bounds, MIN and MAX ('-' for none)") }
            return (parts[0] == "-" || parts[0].isEmpty ? nil : parts[0], parts[1] == "-" || parts[1].isEmpty ? nil : parts[1])
        }
        switch keyword {
        case "not_null", "unique":
            guard argument == nil || argument!.trimmed(of: " \t").isEmpty else { throw fail("\(keyword) takes no arguments") }
            self = keyword == "unique" ? .unique : .notNull
        case "range":
            let (low, high) = try bounds()
            var numbers: [NumericLiteral?] = []
            for bound in [low, high] {
                guard let bound else { numbers.append(nil); continue }
                guard let number = NumericLiteral(bound) else { throw fail("'\(bound)' is not a number") }
                numbers.append(number)
            }
            self = .range(min: numbers[0], max: numbers[1])
        case "row_count":
            let (low, high) = try bounds()
            var counts: [Int64?] = []
            for bound in [low, high] {
                guard let bound else { counts.append(nil); continue }
                guard let count = Int64(bound), count >= 0 else { throw fail("'\(bound)' is not a whole number of rows") }
                counts.append(count)
            }
            self = .rowCount(min: counts[0], max: counts[1])
        case "accepted_values":
            guard let argument, !argument.trimmed(of: " \t").isEmpty else { throw fail("accepted_values needs at least one value") }
            self = .acceptedValues(arguments().map(QualityRuleKind.unquoted))
        case "regex":
            guard let argument, !argument.isEmpty else { throw fail("regex needs a pattern") }
            self = .regex(argument)
        case "freshness":
            guard let argument, let span = TimeSpan(argument) else {
                throw fail("freshness needs a maximum age such as 30m, 4h, 2d or daily")
            }
            self = .freshness(maxAge: span)
        default:
            throw fail("unknown rule '\(keyword)'; expected one of \(QualityRuleKind.expressionForms.joined(separator: ", "))")
        }
    }

    private static func unquoted(_ value: String) -> String {
        for quote in ["\"", "'"] where value.count >= 2 && value.hasPrefix(quote) && value.hasSuffix(quote) {
            return String(value.dropFirst().dropLast())
        }
        return value
    }
}
