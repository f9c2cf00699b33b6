/// A schema that cannot be understood, with the path of the element at fault
/// (`revenue_metrics.revenue`, `items[2].type`).
public struct SchemaError: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { path.isEmpty ? message : "\(path): \(message)" }
}
