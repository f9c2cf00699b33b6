import DCLDomain

/// Small builders so each test states only what it is about.
enum Build {
    static func avro(_ text: String) -> SchemaType {
        do {
            return try SchemaType(avroJSON: try JSONValue.parse(text))
        } catch {
            fatalError("bad test schema \(text): \(error)")
        }
    }

    static func record(_ name: String, _ fields: [FieldSchema], aliases: [String] = []) -> RecordSchema {
        RecordSchema(name: name, aliases: aliases, fields: fields)
    }

    static func field(_ name: String, _ type: SchemaType, default value: JSONValue? = nil, aliases: [String] = [],
                      unique: Bool = false, primaryKey: Bool = false, position: Int? = nil, classification: String? = nil,
                      maxLength: Int? = nil, minimum: String? = nil, maximum: String? = nil, doc: String? = nil) -> FieldSchema {
        FieldSchema(name: name, type: type, doc: doc, defaultValue: value, aliases: aliases, unique: unique, primaryKey: primaryKey,
                    primaryKeyPosition: position, classification: classification,
                    minimum: minimum.flatMap(NumericLiteral.init), maximum: maximum.flatMap(NumericLiteral.init), maxLength: maxLength)
    }

    static func version(_ text: String) -> SemanticVersion { SemanticVersion(text)! }

    static func contract(_ version: String, schema: [RecordSchema], quality: [QualityRule] = [],
                         serviceLevel: ServiceLevel = .default, threshold: String = "0.99",
                         description: String? = nil, tags: [String] = []) -> DataContract {
        DataContract(id: ContractID("orders-contract")!, domain: DomainName("sales")!, dataProduct: "orders",
                     version: SemanticVersion(version)!, description: description, owner: EmailAddress("ana@example.com")!,
                     tags: tags, schema: schema, quality: quality, serviceLevel: serviceLevel,
                     qualityThreshold: NumericLiteral(threshold)!)
    }

    /// The `orders` object most contract tests evolve.
    static func orders(_ extra: [FieldSchema] = [], dropping: Set<String> = []) -> RecordSchema {
        let base = [
            field("order_id", .string, primaryKey: true, position: 1),
            field("amount", .decimal(DecimalType(precision: 14, scale: 2))),
            field("customer_email", .string, classification: "pii"),
            field("placed_at", .timestampMillis),
        ]
        return record("orders", base.filter { !dropping.contains($0.name) } + extra)
    }
}

extension Array where Element == Incompatibility {
    var rules: [IncompatibilityRule] { map(\.ruleId) }
}
