import DCLDomain

/// ODCS `schema[]` objects and their `properties[]` → records and fields.
extension ODCSReader {
    func schemaObjects(in root: SourceNode) throws(ODCSError) -> [RecordSchema] {
        guard let items = try optionalList(root, "schema", at: "") else { return [] }
        var objects: [RecordSchema] = []
        var firstLines: [String: Int?] = [:]
        for (index, node) in items.enumerated() {
            let path = "schema[\(index)]"
            try requireMapping(node, path)
            let (name, nameNode) = try requiredText(node, "name", at: path)
            if let first = firstLines[name] {
                throw fail(nameNode, path + ".name", "schema object '\(name)' is declared twice (first at line \(ODCSReader.lineText(first)))")
            }
            firstLines[name] = nameNode.line
            objects.append(RecordSchema(
                name: name, doc: try optionalText(node, "description", at: path),
                fields: try properties(of: node, at: path),
                physicalName: try optionalText(node, "physicalName", at: path),
                physicalType: try optionalText(node, "physicalType", at: path)))
        }
        return objects
    }

    func properties(of node: SourceNode, at path: @autoclosure () -> String) throws(ODCSError) -> [FieldSchema] {
        guard let items = try optionalList(node, "properties", at: path()) else { return [] }
        var fields: [FieldSchema] = []
        fields.reserveCapacity(items.count)
        var firstLines: [String: Int?] = [:]
        firstLines.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            // Built only for an error (see `ODCSReader+Access`).
            func itemPath() -> String { "\(path()).properties[\(index)]" }
            try requireMapping(item, itemPath())
            let field = try self.field(from: item, at: itemPath())
            if let first = firstLines[field.name] {
                throw fail(item["name"], itemPath() + ".name",
                           "property '\(field.name)' is declared twice (first at line \(ODCSReader.lineText(first)))")
            }
            firstLines[field.name] = item["name"]?.line
            fields.append(field)
        }
        return fields
    }

    /// One ODCS property. `required` absent or false makes the field nullable with default
    /// null, which is what an optional column means in Avro terms.
    func field(from node: SourceNode, at path: @autoclosure () -> String) throws(ODCSError) -> FieldSchema {
        let (name, _) = try requiredText(node, "name", at: path())
        let custom = try customProperties(of: node, at: path())
        let required = try optionalBool(node, "required", at: path()) ?? false
        let base = try baseType(of: node, name: name, at: path(), custom: custom)
        var defaultValue: JSONValue? = required ? nil : .null
        if let (value, _) = custom["dcl.default"] { defaultValue = value.json }

        let options = try optionalMapping(node, "logicalTypeOptions", at: path())
        func optionsPath() -> String { path() + ".logicalTypeOptions" }
        var minimum: NumericLiteral?
        var maximum: NumericLiteral?
        var maxLength: Int?
        var pattern: String?
        if let options {
            minimum = try bound(options, "minimum", at: optionsPath(), numeric: base.isNumeric)
            maximum = try bound(options, "maximum", at: optionsPath(), numeric: base.isNumeric)
            if let node = options["maxLength"] {
                let length = try wholeNumber(node, at: optionsPath() + ".maxLength")
                guard length >= 0, let value = Int(exactly: length) else {
                    throw fail(node, optionsPath() + ".maxLength", "must be a whole number of at least 0")
                }
                maxLength = value
            }
            pattern = try optionalText(options, "pattern", at: optionsPath())
        }
        var primaryKeyPosition: Int?
        if let node = node["primaryKeyPosition"] {
            let position = try wholeNumber(node, at: path() + ".primaryKeyPosition")
            // ODCS uses -1 for "not part of the key".
            if position >= 0 { primaryKeyPosition = Int(exactly: position) }
        }
        return FieldSchema(
            name: name, type: required ? base : base.optional,
            doc: try optionalText(node, "description", at: path()), defaultValue: defaultValue,
            unique: try optionalBool(node, "unique", at: path()) ?? false,
            primaryKey: try optionalBool(node, "primaryKey", at: path()) ?? false,
            primaryKeyPosition: primaryKeyPosition,
            classification: try optionalText(node, "classification", at: path()),
            tags: try stringList(node, "tags", at: path()),
            physicalType: try optionalText(node, "physicalType", at: path()),
            minimum: minimum, maximum: maximum, maxLength: maxLength, pattern: pattern)
    }

    /// A numeric bound. Dates and timestamps take text bounds (`"2020-01-01"`), which the
    /// contract does not model; those stay in the document only.
    private func bound(_ options: SourceNode, _ key: String, at path: @autoclosure () -> String, numeric: Bool) throws(ODCSError) -> NumericLiteral? {
        guard let node = options[key] else { return nil }
        if numeric { return try number(node, at: "\(path()).\(key)") }
        return try? number(node, at: "\(path()).\(key)")
    }

    /// The non-null type a property (or array `items`) declares.
    func baseType(of node: SourceNode, name: String, at path: @autoclosure () -> String,
                  custom: [String: (SourceNode, String)]) throws(ODCSError) -> SchemaType {
        if let (value, valuePath) = custom["dcl.avroType"] { return try avroType(value, at: valuePath) }
        let logical = try optionalText(node, "logicalType", at: path())?.lowercased()
        let physical = try optionalText(node, "physicalType", at: path())
        let options = try optionalMapping(node, "logicalTypeOptions", at: path())
        let effective: String
        if let logical {
            effective = logical
        } else if node.has("properties") {
            effective = "object"
        } else if node.has("items") {
            effective = "array"
        } else if let physical {
            guard let inferred = ODCSTypeMapping.inferredLogicalType(physicalType: physical) else {
                throw fail(node["physicalType"], path() + ".physicalType",
                           "cannot tell the type of physicalType '\(physical)'; add a logicalType (one of \(ODCSTypeMapping.logicalTypes.joined(separator: ", ")))")
            }
            effective = inferred
        } else {
            throw fail(node, path(), "'\(name)' needs a logicalType (one of \(ODCSTypeMapping.logicalTypes.joined(separator: ", "))) or a physicalType")
        }
        switch effective {
        case "object":
            return .record(RecordSchema(name: name, fields: try properties(of: node, at: path())))
        case "array":
            guard let items = node["items"] else {
                // ODCS allows an array without `items`: its elements are undeclared, which the
                // schema says as a record with no fields (any later declaration is a change).
                return .array(.record(RecordSchema(name: name + ODCSReader.undeclaredItemsSuffix, fields: [])))
            }
            try requireMapping(items, path() + ".items")
            return .array(try itemType(items, owner: name, at: path() + ".items"))
        default:
            var format: String?
            if let options { format = try optionalText(options, "format", at: path() + ".logicalTypeOptions") }
            do {
                return try ODCSTypeMapping.scalarType(logicalType: effective, physicalType: physical, format: format)
            } catch {
                let culprit: SourceNode? = switch error.key {
                case "logicalType": node["logicalType"]
                case "physicalType": node["physicalType"]
                default: options?["format"]
                }
                throw fail(culprit ?? node, "\(path()).\(error.key)", error.message)
            }
        }
    }

    /// Names the empty record that stands for the elements of an array without `items`.
    static let undeclaredItemsSuffix = "_items_undeclared"

    /// Array elements are non-null unless the items say `required: false`: a list of values
    /// with holes in it is the exception, and ODCS has no other way to say which is meant.
    func itemType(_ items: SourceNode, owner: String, at path: String) throws(ODCSError) -> SchemaType {
        let name = try optionalText(items, "name", at: path) ?? owner
        let custom = try customProperties(of: items, at: path)
        let base = try baseType(of: items, name: name, at: path, custom: custom)
        let required = try optionalBool(items, "required", at: path) ?? true
        return required ? base : base.optional
    }

    /// `customProperties: [{property, value}]` by property name. dcl reads `dcl.avroType` and
    /// `dcl.default`, which carry Avro facts ODCS cannot say (enums, maps, non-null defaults).
    func customProperties(of node: SourceNode, at path: @autoclosure () -> String) throws(ODCSError) -> [String: (SourceNode, String)] {
        guard let items = try optionalList(node, "customProperties", at: path()) else { return [:] }
        var result: [String: (SourceNode, String)] = [:]
        for (index, item) in items.enumerated() {
            let itemPath = "\(ODCSReader.path(path(), "customProperties"))[\(index)]"
            try requireMapping(item, itemPath)
            guard let property = try optionalText(item, "property", at: itemPath) else { continue }
            let value = item.members?.first(where: { $0.key == "value" })?.value ?? SourceNode(json: .null)
            result[property] = (value, itemPath + ".value")
        }
        return result
    }

    private func avroType(_ value: SourceNode, at path: String) throws(ODCSError) -> SchemaType {
        var json = value.json
        if case .string(let text) = json, let first = text.trimmed().first, first == "{" || first == "[" {
            do { json = try JSONValue.parse(text) } catch { throw fail(value, path, "invalid Avro schema JSON: \(error)") }
        }
        do { return try SchemaType(avroJSON: json) } catch { throw fail(value, path, "invalid Avro type: \(error)") }
    }
}
