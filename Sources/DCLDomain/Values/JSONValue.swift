/// A JSON document tree used wherever the ledger must keep data exactly as given:
/// field defaults, the source ODCS document of a published version, and the canonical
/// byte form that event hashes are computed over.
///
/// Numbers keep their literal text (`"0.995"`, `"10000000"`) so that a value read from a
/// contract file is never rounded through `Double` before it is hashed.
///
/// ```swift
/// let value: JSONValue = .object(["b": .number("1"), "a": .string("x")])
/// value.canonicalText  // {"a":"x","b":1}
/// ```
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    /// A JSON number literal, exactly as written (validated by `NumericLiteral` grammar).
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public static func integer(_ value: Int64) -> JSONValue { .number(String(value)) }

    public subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    public var objectValue: [String: JSONValue]? {
        if case .object(let members) = self { return members }
        return nil
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let items) = self { return items }
        return nil
    }

    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }
}

extension JSONValue: Codable {
    public init(from decoder: any Decoder) throws {
        // Under `JSONValueDecoder` the subtree is at hand: no kind tried in turn (see there).
        if let node = decoder as? TreeNode {
            self = try node.jsonValue()
            return
        }
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else if let integer = try? container.decode(Int64.self) {
            self = .number(String(integer))
        } else if let real = try? container.decode(Double.self) {
            self = .number(NumericLiteral.canonicalText(for: real))
        } else if let text = try? container.decode(String.self) {
            self = .string(text)
        } else if let items = try? container.decode([JSONValue].self) {
            self = .array(items)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        // Under `JSONValueEncoder` (or another `JSONValueTaking` encoder) the tree goes in whole.
        if let taker = encoder as? any JSONValueTaking {
            taker.take(self)
            return
        }
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let flag): try container.encode(flag)
        case .number(let literal):
            if let integer = Int64(literal) {
                try container.encode(integer)
            } else {
                try container.encode(Double(literal) ?? 0)
            }
        case .string(let text): try container.encode(text)
        case .array(let items): try container.encode(items)
        case .object(let members): try container.encode(members)
        }
    }
}
