import DCLDomain

/// What the planner needs of a schema object and its top-level properties, read from the
/// version's ODCS document when it was kept (logical types, `physicalName`, `logicalTypeOptions`),
/// else from the ledger's contract model.
///
/// ```swift
/// let objects = PropertyInfo.objects(contract: contract, document: document)
/// ```
public struct PropertyInfo: Sendable, Hashable {
    public struct Object: Sendable, Hashable {
        public var name: String
        public var physicalName: String?
        public var properties: [PropertyInfo]
    }

    public struct Options: Sendable, Hashable {
        public var exclusiveMinimum: Double?
        public var exclusiveMaximum: Double?
        public var minLength: Int?
        public var maxLength: Int?
        public var format: String?
    }

    public var name: String
    public var physicalName: String?
    public var logicalType: String?
    public var required: Bool
    public var unique: Bool
    public var primaryKey: Bool
    public var primaryKeyPosition: Int?
    public var options: Options

    static func objects(contract: DataContract, document: JSONValue?) -> [Object] {
        if let list = document?["schema"]?.arrayValue, list.count == contract.schema.count {
            return zip(list, contract.schema).map { node, record in
                Object(name: record.name, physicalName: node["physicalName"]?.stringValue ?? record.physicalName,
                       properties: (node["properties"]?.arrayValue ?? []).compactMap(property))
            }
        }
        return contract.schema.map { record in
            Object(name: record.name, physicalName: record.physicalName, properties: record.fields.map { field in
                PropertyInfo(name: field.name, physicalName: nil, logicalType: nil, required: field.isRequired, unique: field.unique,
                             primaryKey: field.primaryKey, primaryKeyPosition: field.primaryKeyPosition,
                             options: Options(maxLength: field.maxLength))
            })
        }
    }

    private static func property(_ node: JSONValue) -> PropertyInfo? {
        guard let name = node["name"]?.stringValue else { return nil }
        let options = node["logicalTypeOptions"]
        func number(_ key: String) -> Double? { options?[key]?.numericLiteral?.doubleValue }
        func whole(_ key: String) -> Int? { options?[key]?.numericLiteral.flatMap { Int($0.text) } }
        func flag(_ key: String) -> Bool {
            if case .bool(let value)? = node[key] { return value }
            return false
        }
        var position: Int?
        if let text = node["primaryKeyPosition"]?.numericLiteral?.text, let value = Int(text), value >= 0 { position = value }
        return PropertyInfo(name: name, physicalName: node["physicalName"]?.stringValue,
                            logicalType: node["logicalType"]?.stringValue?.lowercased(), required: flag("required"),
                            unique: flag("unique"), primaryKey: flag("primaryKey"), primaryKeyPosition: position,
                            options: Options(exclusiveMinimum: number("exclusiveMinimum"), exclusiveMaximum: number("exclusiveMaximum"),
                                             minLength: whole("minLength"), maxLength: whole("maxLength"),
                                             format: options?["format"]?.stringValue))
    }
}
