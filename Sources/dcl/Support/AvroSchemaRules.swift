import DCLDomain

/// The Avro specification's rules that the schema reader does not enforce, checked where an
/// `.avsc` file enters the CLI: names and namespaces (`[A-Za-z_][A-Za-z0-9_]*`, dot-separated),
/// enum symbols, one definition per full name, unions without nested unions or duplicate
/// branches, decimal precision and scale, fixed sizes, and primitive defaults of the right kind.
/// A schema that breaks one is bad input (exit 2), not a compatibility verdict.
///
/// ```swift
/// AvroSchemaRules.firstViolation(in: json)   // "record name '1R' …" or nil
/// ```
enum AvroSchemaRules {
    static func firstViolation(in schema: JSONValue) -> String? {
        if let number = firstOutOfRangeNumber(in: schema) {
            // A default of 1e400 parses as JSON but is no Avro double (and no event could record it).
            return "the number \(number) is beyond the range of a 64-bit floating-point number (at most ±1.7976931348623157e308)"
        }
        var defined = Set<String>()
        return check(schema, namespace: nil, path: "", defined: &defined)
    }

    private static func firstOutOfRangeNumber(in value: JSONValue) -> String? {
        switch value {
        case .number(let literal): return Double(literal)?.isFinite == false ? literal : nil
        case .array(let items): return items.lazy.compactMap(firstOutOfRangeNumber).first
        case .object(let members): return members.keys.sorted().lazy.compactMap { firstOutOfRangeNumber(in: members[$0]!) }.first
        case .null, .bool, .string: return nil
        }
    }

    private static let primitives: Set<String> = ["null", "boolean", "int", "long", "float", "double", "bytes", "string"]

    private static func isName(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first == "_" || ("a"..."z").contains(first) || ("A"..."Z").contains(first) else { return false }
        return text.unicodeScalars.allSatisfy { $0 == "_" || ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) }
    }

    private static func isNamespace(_ text: String) -> Bool {
        text.isEmpty || text.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { isName(String($0)) }
    }

    private static func check(_ schema: JSONValue, namespace: String?, path: String, defined: inout Set<String>) -> String? {
        let at = path.isEmpty ? "" : " at \(path)"
        switch schema {
        case .array(let branches):
            if branches.isEmpty { return "a union\(at) has no branches" }
            var seen = Set<String>()
            for (index, branch) in branches.enumerated() {
                if case .array = branch { return "a union\(at) contains another union directly" }
                let key = branchKey(branch, namespace: namespace)
                if !seen.insert(key).inserted { return "a union\(at) has '\(key)' twice" }
                if let problem = check(branch, namespace: namespace, path: "\(path)[\(index)]", defined: &defined) { return problem }
            }
            return nil
        case .object(let members):
            guard let type = members["type"]?.stringValue else {
                if let nested = members["type"] { return check(nested, namespace: namespace, path: path, defined: &defined) }
                return nil
            }
            var namespace = namespace
            if ["record", "error", "enum", "fixed"].contains(type) {
                guard let name = members["name"]?.stringValue else { return nil }
                if let space = members["namespace"]?.stringValue {
                    guard isNamespace(space) else { return "namespace '\(space)'\(at) is not dot-separated Avro names" }
                    namespace = space
                }
                let parts = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
                guard parts.allSatisfy(isName) else { return "\(type) name '\(name)'\(at) is not an Avro name ([A-Za-z_][A-Za-z0-9_]*)" }
                if parts.count > 1 { namespace = parts.dropLast().joined(separator: ".") }
                let fullName = parts.count > 1 ? name : [namespace, name].compactMap { $0?.isEmpty == false ? $0 : nil }.joined(separator: ".")
                if !defined.insert(fullName).inserted { return "the name '\(fullName)'\(at) is defined twice" }
            }
            switch type {
            case "record", "error":
                guard case .array(let fields)? = members["fields"] else { return nil }
                for field in fields {
                    guard let name = field["name"]?.stringValue, let fieldType = field["type"] else { continue }
                    guard isName(name) else { return "field name '\(name)'\(at) is not an Avro name ([A-Za-z_][A-Za-z0-9_]*)" }
                    let fieldPath = path.isEmpty ? name : "\(path).\(name)"
                    if let problem = check(fieldType, namespace: namespace, path: fieldPath, defined: &defined) { return problem }
                    if let value = field["default"], let problem = checkDefault(value, for: fieldType, path: fieldPath) { return problem }
                }
            case "enum":
                for symbol in members["symbols"]?.arrayValue ?? [] {
                    if let text = symbol.stringValue, !isName(text) { return "enum symbol '\(text)'\(at) is not an Avro name ([A-Za-z_][A-Za-z0-9_]*)" }
                }
            case "array":
                if let items = members["items"] { return check(items, namespace: namespace, path: path + "[]", defined: &defined) }
            case "map":
                if let values = members["values"] { return check(values, namespace: namespace, path: path + "{}", defined: &defined) }
            default: break
            }
            if members["logicalType"]?.stringValue == "decimal" {
                let precision = members["precision"].flatMap(integer)
                let scale = members["scale"].flatMap(integer) ?? 0
                guard let precision, precision > 0 else { return "decimal\(at) needs a precision of 1 or more" }
                guard scale >= 0, scale <= precision else { return "decimal\(at) has scale \(scale) outside 0…precision (\(precision))" }
            }
            return nil
        default:
            return nil
        }
    }

    private static func branchKey(_ branch: JSONValue, namespace: String?) -> String {
        if let name = branch.stringValue { return name }
        guard let type = branch["type"]?.stringValue else { return "?" }
        if ["record", "error", "enum", "fixed"].contains(type), let name = branch["name"]?.stringValue { return name }
        return type
    }

    private static func integer(_ value: JSONValue) -> Int64? {
        if case .number(let text) = value { return Int64(text) }
        return nil
    }

    /// A primitive field's default must be a JSON value of that type (a union's default, of its first branch).
    private static func checkDefault(_ value: JSONValue, for type: JSONValue, path: String) -> String? {
        var type = type
        if case .array(let branches) = type, let first = branches.first { type = first }
        guard let name = type.stringValue ?? (type["logicalType"] == nil ? type["type"]?.stringValue : nil), primitives.contains(name) else { return nil }
        let fits: Bool
        switch (name, value) {
        case ("null", .null), ("boolean", .bool), ("string", .string), ("bytes", .string): fits = true
        case ("int", .number(let text)), ("long", .number(let text)): fits = Int64(text) != nil
        case ("float", .number), ("double", .number): fits = true
        default: fits = false
        }
        return fits ? nil : "the default of field '\(path)' is \(value.canonicalText), which is not a \(name)"
    }
}
