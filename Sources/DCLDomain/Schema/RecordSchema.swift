/// A named record: an ODCS schema object (table, view, topic) or a nested Avro record.
public struct RecordSchema: Sendable, Hashable, Codable {
    public var name: String
    public var namespace: String?
    public var doc: String?
    public var aliases: [String]
    public var fields: [FieldSchema]
    /// ODCS `physicalName` / `physicalType` of the object (`table`, `view`, `topic`), kept for export.
    public var physicalName: String?
    public var physicalType: String?
    /// True for an Avro `error` (a record Avro treats as a different type from `record`); absent
    /// (nil) for records, so contracts stored before errors were told apart decode unchanged.
    public var isError: Bool?

    public init(name: String, namespace: String? = nil, doc: String? = nil, aliases: [String] = [],
                fields: [FieldSchema], physicalName: String? = nil, physicalType: String? = nil, isError: Bool? = nil) {
        self.isError = isError
        self.name = name
        self.namespace = namespace
        self.doc = doc
        self.aliases = aliases
        self.fields = fields
        self.physicalName = physicalName
        self.physicalType = physicalType
    }

    public func field(named name: String) -> FieldSchema? { fields.first { $0.name == name } }
}
