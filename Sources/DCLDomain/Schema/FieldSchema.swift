/// One field (ODCS property) of a record, with the contract-level facts Avro does not carry:
/// uniqueness, primary key, classification (`pii`, `confidential`…) and tags.
public struct FieldSchema: Sendable, Hashable {
    public var name: String
    public var type: SchemaType
    public var doc: String?
    /// The Avro default, as JSON. An optional ODCS property gets `null`.
    public var defaultValue: JSONValue?
    public var aliases: [String]
    public var unique: Bool
    public var primaryKey: Bool
    public var primaryKeyPosition: Int?
    public var classification: String?
    public var tags: [String]
    /// The ODCS `physicalType` as written (`VARCHAR(100)`, `decimal(14,2)`), kept for export.
    public var physicalType: String?
    /// Inclusive bounds from ODCS `logicalTypeOptions` (`minimum`/`maximum`), and `maxLength`/`pattern`.
    public var minimum: NumericLiteral?
    public var maximum: NumericLiteral?
    public var maxLength: Int?
    public var pattern: String?

    public init(name: String, type: SchemaType, doc: String? = nil, defaultValue: JSONValue? = nil,
                aliases: [String] = [], unique: Bool = false, primaryKey: Bool = false,
                primaryKeyPosition: Int? = nil, classification: String? = nil, tags: [String] = [],
                physicalType: String? = nil, minimum: NumericLiteral? = nil, maximum: NumericLiteral? = nil,
                maxLength: Int? = nil, pattern: String? = nil) {
        self.name = name
        self.type = type
        self.doc = doc
        self.defaultValue = defaultValue
        self.aliases = aliases
        self.unique = unique
        self.primaryKey = primaryKey
        self.primaryKeyPosition = primaryKeyPosition
        self.classification = classification
        self.tags = tags
        self.physicalType = physicalType
        self.minimum = minimum
        self.maximum = maximum
        self.maxLength = maxLength
        self.pattern = pattern
    }

    /// ODCS `required`: the field may not hold null.
    public var isRequired: Bool { !type.isNullable }
}

// Codable through the Avro field form, so a `"default": null` survives the round trip
// (a synthesized `decodeIfPresent` would read it back as "no default").
extension FieldSchema: Codable {
    public init(from decoder: any Decoder) throws {
        let json = try JSONValue(from: decoder)
        var registry: [String: SchemaType] = [:]
        do {
            self = try FieldSchema(avroJSON: json, path: "", namespace: nil, registry: &registry)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var names = Set<String>()
        try avroJSON(definedNames: &names).encode(to: encoder)
    }
}
