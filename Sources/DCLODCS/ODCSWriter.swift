import DCLDomain
import Yams

/// Writes ODCS documents as YAML, and builds ODCS documents from contracts.
///
/// Output is stable (same document, same bytes) so that files written by `dcl` diff cleanly:
/// top-level keys follow the order of the ODCS specification, nested keys put identity first
/// and child lists last, and anything else is alphabetical.
public enum ODCSWriter {
    /// Top-level keys in the order the ODCS v3.1 specification presents them.
    static let topLevelOrder = [
        "apiVersion", "kind", "id", "name", "version", "status", "domain", "dataProduct", "tenant", "description",
        "team", "tags", "schema", "quality", "slaProperties", "customProperties",
    ]
    /// Nested mappings: these keys first, in this order…
    static let leadingKeys = [
        "id", "name", "property", "value", "unit", "username", "role", "purpose", "usage", "limitations",
        "physicalName", "logicalType", "physicalType", "type", "metric", "rule", "engine", "implementation", "column",
        "mustBe", "mustNotBe", "mustBeGreaterThan", "mustBeGreaterOrEqualTo", "mustBeLessThan", "mustBeLessOrEqualTo",
        "mustBeBetween", "mustNotBeBetween", "arguments", "description", "required", "unique", "primaryKey",
        "primaryKeyPosition", "classification", "severity", "logicalTypeOptions",
        "format", "minimum", "maximum", "minLength", "maxLength", "pattern",
    ]
    /// …and these last, so a property's children follow its own attributes.
    static let trailingKeys = ["tags", "items", "properties", "members", "quality", "customProperties"]

    /// The document as YAML text that `ODCSReader` reads back to the same document.
    public static func yaml(for document: JSONValue) -> String {
        do {
            return try Yams.serialize(node: node(for: document, topLevel: true), indent: 2, width: -1, allowUnicode: true,
                                      sortKeys: false, sequenceStyle: .block, mappingStyle: .block)
        } catch {
            // JSON is YAML: never lose a document because the emitter refused it.
            return document.canonicalText + "\n"
        }
    }

    /// The published file's document, written again from its own YAML node tree: every key, value
    /// and YAML type as the author wrote them (an unquoted `2022-10-03` stays a date, a quoted one
    /// text), in the author's key order, without comments. Nil when the text is not YAML.
    public static func yaml(reemitting original: String) -> String? {
        do {
            guard let root = try Yams.compose(yaml: original, YAMLLoader.resolver) else { return nil }
            return try Yams.serialize(node: root, indent: 2, width: -1, allowUnicode: true)
        } catch {
            return nil
        }
    }

    static func orderedKeys(_ keys: some Collection<String>, topLevel: Bool) -> [String] {
        let present = Set(keys)
        if topLevel {
            let known = topLevelOrder.filter(present.contains)
            return known + present.subtracting(topLevelOrder).sorted()
        }
        let leading = leadingKeys.filter(present.contains)
        let trailing = trailingKeys.filter(present.contains)
        let rest = present.subtracting(leadingKeys).subtracting(trailingKeys).sorted()
        return leading + rest + trailing
    }

    private static func node(for value: JSONValue, topLevel: Bool = false) -> Node {
        switch value {
        case .null:
            return Node("null", Tag(.null), .plain)
        case .bool(let flag):
            return Node(flag ? "true" : "false", Tag(.bool), .plain)
        case .number(let literal):
            return Node(literal, Tag(literal.contains(where: { ".eE".contains($0) }) ? .float : .int), .plain)
        case .string(let text):
            return Node(text, Tag(.str), scalarStyle(for: text))
        case .array(let items):
            // Short lists of plain values read best inline: `tags: [sales, revenue]`.
            let inline = !items.isEmpty && items.allSatisfy {
                if case .array = $0 { return false }
                if case .object = $0 { return false }
                if case .string(let text) = $0 { return !text.contains("\n") }
                return true
            }
            return Node(items.map { node(for: $0) }, Tag(.seq), inline ? .flow : .block)
        case .object(let members):
            let pairs = orderedKeys(members.keys, topLevel: topLevel).map { key in
                (Node(key, Tag(.str), scalarStyle(for: key)), node(for: members[key]!))
            }
            return Node(pairs, Tag(.map), .block)
        }
    }

    /// Text that a YAML reader would take for something else (`yes`, `1.0`, `2024-01-01`,
    /// `null`) is quoted, under both dcl's YAML 1.2 rules and Yams' YAML 1.1 defaults.
    private static func scalarStyle(for text: String) -> Node.Scalar.Style {
        if text.contains("\n") { return .literal }
        let plain = Node(text)
        let readsAsText = YAMLLoader.resolver.resolveTag(of: plain) == .str && Resolver.default.resolveTag(of: plain) == .str
        return readsAsText ? .plain : .doubleQuoted
    }
}
