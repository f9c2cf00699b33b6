/// An Avro fixed: a named byte string of exactly `size` bytes, optionally annotated with the
/// `decimal` logical type (Avro resolves it as a fixed: name and size must match).
///
/// ```swift
/// let money = FixedSchema(name: "Money", size: 8, decimal: DecimalType(precision: 18, scale: 2))
/// SchemaType.fixed(money).avroJSON   // {"type":"fixed","name":"Money","size":8,"logicalType":"decimal",…}
/// ```
public struct FixedSchema: Sendable, Hashable, Codable {
    public var name: String
    public var namespace: String?
    public var size: Int
    public var aliases: [String]
    /// The `decimal` logical type on this fixed, when declared (absent from older stored schemas).
    public var decimal: DecimalType?

    public init(name: String, namespace: String? = nil, size: Int, aliases: [String] = [], decimal: DecimalType? = nil) {
        self.decimal = decimal
        self.name = name
        self.namespace = namespace
        self.size = size
        self.aliases = aliases
    }
}
