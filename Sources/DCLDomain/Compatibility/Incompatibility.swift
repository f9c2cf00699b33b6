/// One reason a reader schema cannot read what a writer schema writes.
///
/// `path` names the place in contract terms (`revenue_metrics.revenue`, `order.items[].sku`,
/// `order.attributes{}`: `[]` is an array element, `{}` a map value) rather than Avro's
/// JSON-pointer locations, because authors fix contracts by field, not by schema offset.
/// `readerType` and `writerType` are `SchemaType.description` strings of the two sides at
/// that place. Which versions were compared, and in which direction, is added by the caller
/// (`VersionedIncompatibility`), since the same schema pair means different things in a
/// backward and a forward check.
public struct Incompatibility: Sendable, Hashable, Codable, CustomStringConvertible {
    public var ruleId: IncompatibilityRule
    public var path: String
    public var readerType: String
    public var writerType: String
    /// Why the reader cannot read the writer's data, in words an author can act on.
    public var message: String

    public init(ruleId: IncompatibilityRule, path: String, readerType: String, writerType: String, message: String) {
        self.ruleId = ruleId
        self.path = path
        self.readerType = readerType
        self.writerType = writerType
        self.message = message
    }

    /// `TYPE_MISMATCH at orders.amount (reader long, writer string): …`
    public var description: String {
        let place = path.isEmpty ? "" : " at \(path)"
        return "\(ruleId)\(place) (reader \(readerType), writer \(writerType)): \(message)"
    }
}
