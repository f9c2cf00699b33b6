/// Conversion between the type algebra and Avro's JSON schema form (`.avsc`).
///
/// Contract-only facts on fields (`unique`, `primaryKey`, `classification`, `tags`, bounds)
/// travel as extra field attributes, which Avro readers ignore. A named type is written in
/// full the first time and by name afterwards, as Avro requires.
///
/// ```swift
/// let type = try SchemaType(avroJSON: .string("long"))   // .long
/// type.avroJSON                                          // "long"
/// ```
extension SchemaType {
    public var avroJSON: JSONValue {
        var names = Set<String>()
        return avroJSON(definedNames: &names)
    }

    public func avroJSON(definedNames names: inout Set<String>) -> JSONValue {
        switch self {
        case .null, .boolean, .int, .long, .float, .double, .bytes, .string:
            return .string(avroTypeName)
        case .decimal(let decimal):
            return .object(["type": "bytes", "logicalType": "decimal",
                            "precision": .integer(Int64(decimal.precision)), "scale": .integer(Int64(decimal.scale))])
        case .date, .timeMillis, .timeMicros, .timestampMillis, .timestampMicros, .uuid:
            return .object(["type": .string(avroTypeName), "logicalType": .string(logicalTypeName!)])
        case .array(let items):
            return .object(["type": "array", "items": items.avroJSON(definedNames: &names)])
        case .map(let values):
            return .object(["type": "map", "values": values.avroJSON(definedNames: &names)])
        case .union(let branches):
            return .array(branches.map { $0.avroJSON(definedNames: &names) })
        case .enumeration(let schema):
            let fullName = SchemaType.fullName(schema.name, schema.namespace)
            if names.contains(fullName) { return .string(fullName) }
            names.insert(fullName)
            var object: [String: JSONValue] = ["type": "enum", "name": .string(schema.name),
                                               "symbols": .array(schema.symbols.map(JSONValue.string))]
            if let namespace = schema.namespace { object["namespace"] = .string(namespace) }
            if let symbol = schema.defaultSymbol { object["default"] = .string(symbol) }
            if !schema.aliases.isEmpty { object["aliases"] = .array(schema.aliases.map(JSONValue.string)) }
            if let doc = schema.doc { object["doc"] = .string(doc) }
            return .object(object)
        case .fixed(let schema):
            let fullName = SchemaType.fullName(schema.name, schema.namespace)
            if names.contains(fullName) { return .string(fullName) }
            names.insert(fullName)
            var object: [String: JSONValue] = ["type": "fixed", "name": .string(schema.name), "size": .integer(Int64(schema.size))]
            if let namespace = schema.namespace { object["namespace"] = .string(namespace) }
            if !schema.aliases.isEmpty { object["aliases"] = .array(schema.aliases.map(JSONValue.string)) }
            if let decimal = schema.decimal {
                object["logicalType"] = "decimal"
                object["precision"] = .integer(Int64(decimal.precision))
                object["scale"] = .integer(Int64(decimal.scale))
            }
            return .object(object)
        case .record(let record):
            return record.avroJSON(definedNames: &names)
        }
    }

    /// Parses an Avro schema. Named types may be referenced after their definition.
    public init(avroJSON: JSONValue, path: String = "") throws(SchemaError) {
        var registry: [String: SchemaType] = [:]
        self = try SchemaType.parse(avroJSON, path: path, namespace: nil, registry: &registry)
    }

    static func fullName(_ name: String, _ namespace: String?) -> String {
        if name.contains(".") { return name }
        guard let namespace, !namespace.isEmpty else { return name }
        return namespace + "." + name
    }

    static func parse(_ json: JSONValue, path: String, namespace: String?,
                      registry: inout [String: SchemaType]) throws(SchemaError) -> SchemaType {
        switch json {
        case .string(let name):
            switch name {
            case "null": return .null
            case "boolean": return .boolean
            case "int": return .int
            case "long": return .long
            case "float": return .float
            case "double": return .double
            case "bytes": return .bytes
            case "string": return .string
            default:
                if let named = registry[fullName(name, namespace)] ?? registry[name] { return named }
                throw SchemaError(path: path, message: "unknown type '\(name)'")
            }
        case .array(let branches):
            var types: [SchemaType] = []
            for (index, branch) in branches.enumerated() {
                let type = try parse(branch, path: "\(path)[\(index)]", namespace: namespace, registry: &registry)
                if case .union = type { throw SchemaError(path: path, message: "a union may not directly contain a union") }
                types.append(type)
            }
            return .union(types)
        case .object(let object):
            return try parseObject(object, path: path, namespace: namespace, registry: &registry)
        default:
            throw SchemaError(path: path, message: "expected a type name, an array (union) or an object, found \(json.canonicalText)")
        }
    }

    private static func parseObject(_ object: [String: JSONValue], path: String, namespace: String?,
                                    registry: inout [String: SchemaType]) throws(SchemaError) -> SchemaType {
        guard let typeValue = object["type"] else { throw SchemaError(path: path, message: "missing 'type'") }
        guard case .string(let typeName) = typeValue else {
            return try parse(typeValue, path: path, namespace: namespace, registry: &registry)
        }
        let logical = object["logicalType"]?.stringValue
        func name() throws(SchemaError) -> (String, String?) {
            guard let name = object["name"]?.stringValue, !name.isEmpty else {
                throw SchemaError(path: path, message: "a \(typeName) needs a 'name'")
            }
            // A dotted name is a full name: its prefix is the namespace (the `namespace` attribute is
            // ignored), and types nested inside are named relative to it.
            if let dot = name.lastIndex(of: "."), dot != name.startIndex {
                return (name, String(name[..<dot]))
            }
            let space = object["namespace"]?.stringValue ?? namespace
            return (name, space)
        }
        func aliases() -> [String] { object["aliases"]?.arrayValue?.compactMap(\.stringValue) ?? [] }
        switch typeName {
        case "record", "error":
            let (recordName, space) = try name()
            let full = fullName(recordName, space)
            // Register a placeholder first so a recursive reference resolves to the name.
            registry[full] = .record(RecordSchema(name: recordName, namespace: space, fields: []))
            guard let fieldsJSON = object["fields"]?.arrayValue else {
                throw SchemaError(path: path, message: "record '\(recordName)' needs a 'fields' array")
            }
            var fields: [FieldSchema] = []
            var seen = Set<String>()
            for (index, fieldJSON) in fieldsJSON.enumerated() {
                let fieldPath = path.isEmpty ? "\(recordName).fields[\(index)]" : "\(path).fields[\(index)]"
                let field = try FieldSchema(avroJSON: fieldJSON, path: fieldPath,
                                            namespace: space, registry: &registry)
                guard seen.insert(field.name).inserted else {
                    throw SchemaError(path: fieldPath, message: "duplicate field name '\(field.name)'")
                }
                fields.append(field)
            }
            let record = RecordSchema(name: recordName, namespace: object["namespace"]?.stringValue,
                                      doc: object["doc"]?.stringValue, aliases: aliases(), fields: fields,
                                      isError: typeName == "error" ? true : nil)
            registry[full] = .record(record)
            return .record(record)
        case "enum":
            let (enumName, space) = try name()
            guard let symbols = object["symbols"]?.arrayValue?.compactMap(\.stringValue) else {
                throw SchemaError(path: path, message: "enum '\(enumName)' needs a 'symbols' array of strings")
            }
            guard Set(symbols).count == symbols.count else {
                throw SchemaError(path: path, message: "enum '\(enumName)' has duplicate symbols")
            }
            let defaultSymbol = object["default"]?.stringValue
            if let defaultSymbol, !symbols.contains(defaultSymbol) {
                throw SchemaError(path: path, message: "enum default '\(defaultSymbol)' is not one of its symbols")
            }
            let schema = EnumSchema(name: enumName, namespace: object["namespace"]?.stringValue, symbols: symbols,
                                    defaultSymbol: defaultSymbol, aliases: aliases(), doc: object["doc"]?.stringValue)
            registry[fullName(enumName, space)] = .enumeration(schema)
            return .enumeration(schema)
        case "fixed":
            let (fixedName, space) = try name()
            guard let sizeText = object["size"].flatMap({ if case .number(let n) = $0 { return n } else { return nil } }),
                  let size = Int(sizeText), size >= 0 else {
                throw SchemaError(path: path, message: "fixed '\(fixedName)' needs a non-negative integer 'size'")
            }
            // Decimal on fixed stays a fixed (Avro resolves it by name and size) that carries its
            // decimal, so the contract rules can still compare precision and scale.
            let decimal = logical == "decimal" ? decimalType(object).flatMap { $0.isValid ? $0 : nil } : nil
            let schema = FixedSchema(name: fixedName, namespace: object["namespace"]?.stringValue, size: size, aliases: aliases(),
                                     decimal: decimal)
            registry[fullName(fixedName, space)] = .fixed(schema)
            return .fixed(schema)
        case "array":
            guard let items = object["items"] else { throw SchemaError(path: path, message: "array needs 'items'") }
            return .array(try parse(items, path: path + ".items", namespace: namespace, registry: &registry))
        case "map":
            guard let values = object["values"] else { throw SchemaError(path: path, message: "map needs 'values'") }
            return .map(try parse(values, path: path + ".values", namespace: namespace, registry: &registry))
        default:
            let base = try parse(.string(typeName), path: path, namespace: namespace, registry: &registry)
            // Avro: a logical type on the wrong underlying type is ignored, not an error.
            switch (logical, base) {
            case ("decimal", .bytes):
                if let decimal = decimalType(object), decimal.isValid { return .decimal(decimal) }
                return base
            case ("date", .int): return .date
            case ("time-millis", .int): return .timeMillis
            case ("time-micros", .long): return .timeMicros
            case ("timestamp-millis", .long): return .timestampMillis
            case ("timestamp-micros", .long): return .timestampMicros
            case ("uuid", .string): return .uuid
            default: return base
            }
        }
    }

    private static func decimalType(_ object: [String: JSONValue]) -> DecimalType? {
        func integer(_ key: String) -> Int? {
            if case .number(let text)? = object[key] { return Int(text) }
            return nil
        }
        guard let precision = integer("precision") else { return nil }
        return DecimalType(precision: precision, scale: integer("scale") ?? 0)
    }
}

extension RecordSchema {
    public func avroJSON(definedNames names: inout Set<String>) -> JSONValue {
        let full = SchemaType.fullName(name, namespace)
        if names.contains(full) { return .string(full) }
        names.insert(full)
        var object: [String: JSONValue] = ["type": isError == true ? "error" : "record", "name": .string(name),
                                           "fields": .array(fields.map { $0.avroJSON(definedNames: &names) })]
        if let namespace { object["namespace"] = .string(namespace) }
        if let doc { object["doc"] = .string(doc) }
        if !aliases.isEmpty { object["aliases"] = .array(aliases.map(JSONValue.string)) }
        if let physicalName { object["physicalName"] = .string(physicalName) }
        if let physicalType { object["physicalType"] = .string(physicalType) }
        return .object(object)
    }
}

extension FieldSchema {
    public func avroJSON(definedNames names: inout Set<String>) -> JSONValue {
        var object: [String: JSONValue] = ["name": .string(name), "type": type.avroJSON(definedNames: &names)]
        if let doc { object["doc"] = .string(doc) }
        if let defaultValue { object["default"] = defaultValue }
        if !aliases.isEmpty { object["aliases"] = .array(aliases.map(JSONValue.string)) }
        if unique { object["unique"] = .bool(true) }
        if primaryKey { object["primaryKey"] = .bool(true) }
        if let primaryKeyPosition { object["primaryKeyPosition"] = .integer(Int64(primaryKeyPosition)) }
        if let classification { object["classification"] = .string(classification) }
        if !tags.isEmpty { object["tags"] = .array(tags.map(JSONValue.string)) }
        if let physicalType { object["physicalType"] = .string(physicalType) }
        if let minimum { object["minimum"] = .number(minimum.text) }
        if let maximum { object["maximum"] = .number(maximum.text) }
        if let maxLength { object["maxLength"] = .integer(Int64(maxLength)) }
        if let pattern { object["pattern"] = .string(pattern) }
        return .object(object)
    }

    init(avroJSON: JSONValue, path: String, namespace: String?, registry: inout [String: SchemaType]) throws(SchemaError) {
        guard case .object(let object) = avroJSON else { throw SchemaError(path: path, message: "a field must be an object") }
        guard let name = object["name"]?.stringValue, !name.isEmpty else { throw SchemaError(path: path, message: "a field needs a 'name'") }
        guard let typeJSON = object["type"] else { throw SchemaError(path: path, message: "field '\(name)' needs a 'type'") }
        let type = try SchemaType.parse(typeJSON, path: path + ".type", namespace: namespace, registry: &registry)
        func number(_ key: String) -> NumericLiteral? {
            if case .number(let text)? = object[key] { return NumericLiteral(text) }
            return nil
        }
        self.init(name: name, type: type, doc: object["doc"]?.stringValue, defaultValue: object["default"],
                  aliases: object["aliases"]?.arrayValue?.compactMap(\.stringValue) ?? [],
                  unique: object["unique"] == .bool(true), primaryKey: object["primaryKey"] == .bool(true),
                  primaryKeyPosition: number("primaryKeyPosition").flatMap { Int($0.text) },
                  classification: object["classification"]?.stringValue,
                  tags: object["tags"]?.arrayValue?.compactMap(\.stringValue) ?? [],
                  physicalType: object["physicalType"]?.stringValue,
                  minimum: number("minimum"), maximum: number("maximum"),
                  maxLength: number("maxLength").flatMap { Int($0.text) }, pattern: object["pattern"]?.stringValue)
    }
}

extension RecordSchema {
    /// Parses an Avro record schema (an `.avsc` file's top level).
    public init(avroJSON: JSONValue) throws(SchemaError) {
        let type = try SchemaType(avroJSON: avroJSON)
        guard case .record(var record) = type else {
            throw SchemaError(path: "", message: "expected a record schema, found \(type)")
        }
        if case .object(let object) = avroJSON {
            record.physicalName = object["physicalName"]?.stringValue
            record.physicalType = object["physicalType"]?.stringValue
        }
        self = record
    }

    public var avroJSON: JSONValue {
        var names = Set<String>()
        return avroJSON(definedNames: &names)
    }
}

extension JSONValue: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
}

// Codable through the Avro JSON form, so stored events carry plain `.avsc`-compatible schemas.
extension SchemaType: Codable {
    public init(from decoder: any Decoder) throws {
        let json = try JSONValue(from: decoder)
        do { self = try SchemaType(avroJSON: json) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: any Encoder) throws { try avroJSON.encode(to: encoder) }
}
