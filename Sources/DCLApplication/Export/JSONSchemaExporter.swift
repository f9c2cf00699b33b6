import DCLDomain

/// Writes a contract's schema as JSON Schema (draft 2020-12), for consumers that validate JSON.
///
/// Avro types map to the closest JSON Schema: integers with `format: int32/int64`, decimals as
/// numbers with `multipleOf` 10^-scale, logical dates and times as strings with `format`,
/// optional fields (unions with null) as `anyOf` with `{"type": "null"}`, maps as
/// `additionalProperties`. Field bounds, `maxLength` and `pattern` carry over.
public enum JSONSchemaExporter {
    public static func document(for contract: DataContract) -> JSONValue {
        var root: [String: JSONValue] = [
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": .string("urn:dcl:\(contract.id.rawValue):\(contract.version)"),
            "title": .string(contract.name),
        ]
        if let description = contract.description { root["description"] = .string(description) }
        if contract.schema.isEmpty {
            // ODCS allows a contract without schema objects; `anyOf: []` would be invalid JSON Schema.
            root["$comment"] = "the contract declares no schema objects, so no instance shape is promised"
            root["type"] = "object"
        } else if contract.schema.count == 1 {
            for (key, value) in record(contract.schema[0]) where key != "title" { root[key] = value }
            root["title"] = .string(contract.schema[0].name)
        } else {
            var definitions: [String: JSONValue] = [:]
            for object in contract.schema { definitions[object.name] = .object(record(object)) }
            root["$defs"] = .object(definitions)
            root["anyOf"] = .array(contract.schema.map { .object(["$ref": .string("#/$defs/\($0.name)")]) })
        }
        return .object(root)
    }

    static func record(_ record: RecordSchema) -> [String: JSONValue] {
        var properties: [String: JSONValue] = [:]
        var required: [JSONValue] = []
        for field in record.fields {
            var schema = type(field.type)
            if let doc = field.doc { schema["description"] = .string(doc) }
            if let minimum = field.minimum { schema["minimum"] = .number(minimum.text) }
            if let maximum = field.maximum { schema["maximum"] = .number(maximum.text) }
            if let maxLength = field.maxLength { schema["maxLength"] = .integer(Int64(maxLength)) }
            if let pattern = field.pattern { schema["pattern"] = .string(pattern) }
            if let defaultValue = field.defaultValue { schema["default"] = defaultValue }
            if let classification = field.classification { schema["x-classification"] = .string(classification) }
            properties[field.name] = .object(schema)
            if field.isRequired { required.append(.string(field.name)) }
        }
        var object: [String: JSONValue] = ["type": "object", "title": .string(record.name), "properties": .object(properties),
                                           "additionalProperties": .bool(false)]
        if !required.isEmpty { object["required"] = .array(required) }
        if let doc = record.doc { object["description"] = .string(doc) }
        return object
    }

    static func type(_ type: SchemaType) -> [String: JSONValue] {
        switch type {
        case .null: return ["type": "null"]
        case .boolean: return ["type": "boolean"]
        case .int: return ["type": "integer", "format": "int32"]
        case .long: return ["type": "integer", "format": "int64"]
        case .float, .double: return ["type": "number"]
        case .bytes, .fixed: return ["type": "string", "contentEncoding": "base64"]
        case .string: return ["type": "string"]
        case .uuid: return ["type": "string", "format": "uuid"]
        case .date: return ["type": "string", "format": "date"]
        case .timeMillis, .timeMicros: return ["type": "string", "format": "time"]
        case .timestampMillis, .timestampMicros: return ["type": "string", "format": "date-time"]
        case .decimal(let decimal):
            let step = decimal.scale == 0 ? "1" : "0." + String(repeating: "0", count: decimal.scale - 1) + "1"
            return ["type": "number", "multipleOf": .number(step)]
        case .enumeration(let schema): return ["enum": .array(schema.symbols.map(JSONValue.string))]
        case .array(let items): return ["type": "array", "items": .object(Self.type(items))]
        case .map(let values): return ["type": "object", "additionalProperties": .object(Self.type(values))]
        case .record(let nested): return record(nested)
        case .union(let branches): return ["anyOf": .array(branches.map { .object(Self.type($0)) })]
        }
    }
}
