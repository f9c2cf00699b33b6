import DCLDomain

/// `DataContract` → ODCS v3.1 document: the reverse of `ODCSReader`'s mapping, used when no
/// source document is stored and by `dcl schema import`.
extension ODCSWriter {
    /// A document that `ODCSReader` reads back to `contract` (for every contract read from a
    /// file; Avro-only facts travel as `dcl.avroType` / `dcl.default` custom properties).
    public static func document(for contract: DataContract) -> JSONValue {
        // Range and regex rules the reader derives from logicalTypeOptions are left out, which
        // keeps files short; if leaving them out would change what is read back, keep them all.
        let concise = build(contract, omitDerivedRules: true)
        if let reread = try? ODCSReader.contract(from: concise, file: "(generated)"), reread.quality == contract.quality {
            return concise
        }
        return build(contract, omitDerivedRules: false)
    }

    private static func build(_ contract: DataContract, omitDerivedRules: Bool) -> JSONValue {
        let placement = RulePlacement(contract: contract, omitDerivedRules: omitDerivedRules)
        var root: [String: JSONValue] = [
            "apiVersion": "v3.1.0",
            "kind": "DataContract",
            "id": .string(contract.id.rawValue),
            "name": .string(contract.name),
            "version": .string(contract.version.description),
            "status": .string(contract.status.rawValue),
            "dataProduct": .string(contract.dataProduct),
        ]
        // ODCS requires neither: an unset domain or owner is simply not written.
        if let domain = contract.domain { root["domain"] = .string(domain.rawValue) }
        if let owner = contract.owner {
            root["team"] = .object(["members": .array([.object(["username": .string(owner.rawValue), "role": "owner"])])])
        }
        if let description = contract.description { root["description"] = .object(["purpose": .string(description)]) }
        if !contract.tags.isEmpty { root["tags"] = .array(contract.tags.map(JSONValue.string)) }
        if !contract.schema.isEmpty {
            root["schema"] = .array(contract.schema.map { object in
                var json: [String: JSONValue] = ["name": .string(object.name)]
                if let physicalName = object.physicalName { json["physicalName"] = .string(physicalName) }
                if let physicalType = object.physicalType { json["physicalType"] = .string(physicalType) }
                if let doc = object.doc { json["description"] = .string(doc) }
                json["properties"] = .array(object.fields.map { propertyJSON($0, object: object.name, prefix: nil, rules: placement) })
                let rules = placement.objectRules(object.name)
                if !rules.isEmpty { json["quality"] = .array(rules) }
                return .object(json)
            })
        }
        let contractRules = placement.contractRules
        if !contractRules.isEmpty { root["quality"] = .array(contractRules) }
        root["slaProperties"] = .array(slaProperties(contract.serviceLevel))
        root["customProperties"] = .array([.object(["property": "qualityThreshold", "value": .number(contract.qualityThreshold.text)])])
        return .object(root)
    }

    private static func slaProperties(_ level: ServiceLevel) -> [JSONValue] {
        let span = level.freshness.description
        let digits = span.prefix { $0.isNumber }
        var properties: [JSONValue] = [
            .object(["property": "latency", "value": .integer(Int64(level.slaHours)), "unit": "h"]),
            .object(["property": "frequency", "value": .number(String(digits)), "unit": .string(String(span.dropFirst(digits.count)))]),
        ]
        if let availability = level.availabilityPercent {
            properties.append(.object(["property": "availability", "value": .number(availability.text), "unit": "percent"]))
        }
        if let retention = level.retention {
            properties.append(.object(["property": "retention", "value": .string(retention)]))
        }
        return properties
    }

    /// One ODCS property. When the ODCS spelling would read back as a different type (enums,
    /// maps, unusual unions), the exact Avro type rides along as `dcl.avroType`.
    private static func propertyJSON(_ field: FieldSchema, object: String, prefix: String?,
                                     rules: RulePlacement) -> JSONValue {
        let column = prefix.map { "\($0).\(field.name)" } ?? field.name
        var json: [String: JSONValue] = ["name": .string(field.name)]
        let required = !field.type.isNullable
        // The reader makes an optional property `[null, T]`; any other nullable union travels whole.
        let base = !required && field.type.nonNull.optional == field.type ? field.type.nonNull : field.type
        json["required"] = .bool(required)
        switch base {
        case .record(let record):
            json["logicalType"] = "object"
            json["properties"] = .array(record.fields.map { propertyJSON($0, object: object, prefix: column, rules: rules) })
        default:
            json.merge(typeJSON(base, name: field.name, physicalType: field.physicalType)) { _, new in new }
        }
        // Always the author's text; should it contradict the type, `dcl.avroType` below settles it.
        if let physicalType = field.physicalType { json["physicalType"] = .string(physicalType) }
        if let doc = field.doc { json["description"] = .string(doc) }
        if field.unique { json["unique"] = .bool(true) }
        if field.primaryKey { json["primaryKey"] = .bool(true) }
        if let position = field.primaryKeyPosition { json["primaryKeyPosition"] = .integer(Int64(position)) }
        if let classification = field.classification { json["classification"] = .string(classification) }
        if !field.tags.isEmpty { json["tags"] = .array(field.tags.map(JSONValue.string)) }
        var options = json["logicalTypeOptions"]?.objectValue ?? [:]
        if let minimum = field.minimum { options["minimum"] = .number(minimum.text) }
        if let maximum = field.maximum { options["maximum"] = .number(maximum.text) }
        if let maxLength = field.maxLength { options["maxLength"] = .integer(Int64(maxLength)) }
        if let pattern = field.pattern { options["pattern"] = .string(pattern) }
        if !options.isEmpty { json["logicalTypeOptions"] = .object(options) }

        var custom: [JSONValue] = []
        let reader = ODCSReader(file: "(generated)")
        if (try? reader.field(from: SourceNode(json: .object(json)), at: ""))?.type != field.type {
            custom.append(.object(["property": "dcl.avroType", "value": base.avroJSON]))
        }
        let impliedDefault: JSONValue? = required ? nil : .null
        if let value = field.defaultValue, value != impliedDefault {
            custom.append(.object(["property": "dcl.default", "value": value]))
        }
        if !custom.isEmpty { json["customProperties"] = .array(custom) }
        let quality = rules.propertyRules(object: object, column: column)
        if !quality.isEmpty { json["quality"] = .array(quality) }
        return .object(json)
    }

    /// `logicalType`, `physicalType`, `logicalTypeOptions.format`, and `items` for arrays.
    private static func typeJSON(_ type: SchemaType, name: String, physicalType: String?) -> [String: JSONValue] {
        var json: [String: JSONValue] = [:]
        switch type {
        case .record(let record):
            json["logicalType"] = "object"
            if record.name != name { json["name"] = .string(record.name) }
            json["properties"] = .array(record.fields.map { propertyJSON($0, object: "", prefix: nil, rules: .empty) })
        case .array(let items):
            json["logicalType"] = "array"
            json["items"] = itemsJSON(items, owner: name)
        default:
            guard let form = ODCSTypeMapping.odcsForm(of: type, physicalType: physicalType) else {
                // Closest ODCS words for other tools; dcl itself reads `dcl.avroType`.
                switch type {
                case .enumeration, .fixed: json["logicalType"] = "string"
                case .map: json["logicalType"] = "object"
                default: break
                }
                return json
            }
            json["logicalType"] = .string(form.logicalType)
            if let physical = form.physicalType { json["physicalType"] = .string(physical) }
            if let format = form.format { json["logicalTypeOptions"] = .object(["format": .string(format)]) }
        }
        return json
    }

    private static func itemsJSON(_ type: SchemaType, owner: String) -> JSONValue {
        let required = !type.isNullable
        let base = !required && type.nonNull.optional == type ? type.nonNull : type
        var json = typeJSON(base, name: owner, physicalType: nil)
        if !required { json["required"] = .bool(false) }
        let reader = ODCSReader(file: "(generated)")
        if (try? reader.itemType(SourceNode(json: .object(json)), owner: owner, at: "")) != type {
            json["customProperties"] = .array([.object(["property": "dcl.avroType", "value": base.avroJSON])])
        }
        return .object(json)
    }
}
