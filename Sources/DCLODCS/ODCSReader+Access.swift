import DCLDomain

/// Typed access to document values, each failure naming the field path and line.
///
/// Paths are taken as autoclosures: a schema of thousands of properties asks for a dozen values
/// per property, and the path text (`schema[0].properties[4182].logicalTypeOptions`) is only needed
/// for an error, so it is built only then.
extension ODCSReader {
    func fail(_ node: SourceNode?, _ field: String, _ message: String) -> ODCSError {
        ODCSError(file: file, line: node?.line, field: field, message: message)
    }

    static func path(_ base: String, _ key: String) -> String { base.isEmpty ? key : "\(base).\(key)" }

    static func lineText(_ line: Int?) -> String { line.map(String.init) ?? "?" }

    func requireMapping(_ node: SourceNode, _ path: @autoclosure () -> String) throws(ODCSError) {
        guard node.members != nil else { throw fail(node, path(), "must be a mapping, found \(node.kindName)") }
    }

    func requiredText(_ parent: SourceNode, _ key: String, at base: @autoclosure () -> String) throws(ODCSError) -> (String, SourceNode) {
        guard let node = parent[key] else { throw fail(parent, ODCSReader.path(base(), key), "is required") }
        guard let text = node.text, !text.isEmpty else {
            throw fail(node, ODCSReader.path(base(), key), "must be non-empty text, found \(node.kindName)")
        }
        return (text, node)
    }

    func optionalText(_ parent: SourceNode, _ key: String, at base: @autoclosure () -> String) throws(ODCSError) -> String? {
        guard let node = parent[key] else { return nil }
        guard let text = node.text else { throw fail(node, ODCSReader.path(base(), key), "must be text, found \(node.kindName)") }
        return text
    }

    func optionalBool(_ parent: SourceNode, _ key: String, at base: @autoclosure () -> String) throws(ODCSError) -> Bool? {
        guard let node = parent[key] else { return nil }
        guard case .bool(let flag)? = node.scalarValue else {
            throw fail(node, ODCSReader.path(base(), key), "must be true or false, found '\(node.text ?? node.kindName)'")
        }
        return flag
    }

    func optionalList(_ parent: SourceNode, _ key: String, at base: @autoclosure () -> String) throws(ODCSError) -> [SourceNode]? {
        guard let node = parent[key] else { return nil }
        guard let items = node.items else { throw fail(node, ODCSReader.path(base(), key), "must be a list, found \(node.kindName)") }
        return items
    }

    func optionalMapping(_ parent: SourceNode, _ key: String, at base: @autoclosure () -> String) throws(ODCSError) -> SourceNode? {
        guard let node = parent[key] else { return nil }
        try requireMapping(node, ODCSReader.path(base(), key))
        return node
    }

    /// A list of scalars as text (`tags: [finance, daily]`).
    func stringList(_ parent: SourceNode, _ key: String, at base: @autoclosure () -> String) throws(ODCSError) -> [String] {
        guard let items = try optionalList(parent, key, at: base()) else { return [] }
        var values: [String] = []
        for (index, item) in items.enumerated() {
            guard let text = item.text else {
                throw fail(item, "\(ODCSReader.path(base(), key))[\(index)]", "must be text, found \(item.kindName)")
            }
            values.append(text)
        }
        return values
    }

    /// A number, written as a YAML number or as numeric text (`"0.995"`).
    func number(_ node: SourceNode, at path: @autoclosure () -> String) throws(ODCSError) -> NumericLiteral {
        if case .number(let literal)? = node.scalarValue, let number = NumericLiteral(literal) { return number }
        if case .string(let text)? = node.scalarValue, let number = NumericLiteral(text) { return number }
        throw fail(node, path(), "must be a number, found '\(node.text ?? node.kindName)'")
    }

    func wholeNumber(_ node: SourceNode, at path: @autoclosure () -> String) throws(ODCSError) -> Int64 {
        let literal = try number(node, at: path())
        guard let value = Int64(literal.text) else { throw fail(node, path(), "must be a whole number, found '\(literal.text)'") }
        return value
    }
}
