/// A `QualityRuleKind.expression` string that does not parse, e.g. `range(0; 10)`.
public struct QualityExpressionError: Error, Sendable, Hashable, CustomStringConvertible {
    public var expression: String
    public var message: String

    public init(expression: String, message: String) {
        self.expression = expression
        self.message = message
    }

    public var description: String { "'\(expression)': \(message)" }
}
