import DCLDomain

/// A document value together with the line it starts on.
///
/// The reader walks this rather than Yams' `Node` so that one code path serves YAML text
/// (lines known) and stored `JSONValue` documents (no lines), and so that scalar tag
/// resolution happens exactly once, in `YAMLLoader`.
struct SourceNode: Sendable {
    enum Content: Sendable {
        /// A scalar's JSON value plus the text the author wrote (`1.0`, `0x1F`, `yes`).
        case scalar(JSONValue, text: String)
        case sequence([SourceNode])
        case mapping([Member])
    }

    struct Member: Sendable {
        var key: String
        var keyLine: Int?
        var value: SourceNode
    }

    var content: Content
    var line: Int?

    init(content: Content, line: Int?) {
        self.content = content
        self.line = line
    }

    /// Wraps a stored document; lines are unknown.
    init(json: JSONValue) {
        switch json {
        case .array(let items):
            self.init(content: .sequence(items.map(SourceNode.init(json:))), line: nil)
        case .object(let members):
            let sorted = members.keys.sorted().map { Member(key: $0, keyLine: nil, value: SourceNode(json: members[$0]!)) }
            self.init(content: .mapping(sorted), line: nil)
        case .string(let text):
            self.init(content: .scalar(json, text: text), line: nil)
        case .number(let literal):
            self.init(content: .scalar(json, text: literal), line: nil)
        case .bool(let flag):
            self.init(content: .scalar(json, text: flag ? "true" : "false"), line: nil)
        case .null:
            self.init(content: .scalar(json, text: "null"), line: nil)
        }
    }

    var json: JSONValue {
        switch content {
        case .scalar(let value, _): return value
        case .sequence(let items): return .array(items.map(\.json))
        case .mapping(let members):
            var object = [String: JSONValue](minimumCapacity: members.count)
            for member in members { object[member.key] = member.value.json }
            return .object(object)
        }
    }

    var members: [Member]? {
        if case .mapping(let members) = content { return members }
        return nil
    }

    var items: [SourceNode]? {
        if case .sequence(let items) = content { return items }
        return nil
    }

    var isNull: Bool {
        if case .scalar(.null, _) = content { return true }
        return false
    }

    /// The scalar as the author wrote it; nil for null, lists and mappings.
    var text: String? {
        guard case .scalar(let value, let text) = content, value != .null else { return nil }
        return text
    }

    var scalarValue: JSONValue? {
        if case .scalar(let value, _) = content { return value }
        return nil
    }

    /// A member's value; a key whose value is null counts as absent, as ODCS tools treat it.
    subscript(key: String) -> SourceNode? {
        guard case .mapping(let members) = content else { return nil }
        // Members compared in place: the reader looks up a dozen keys per property, and a copy of
        // each member on the way would retain its key and value every time.
        // Lengths first: most members differ from the key in length, and comparing two strings of
        // which one is longer than a small string's 15 bytes does not stop there by itself.
        let length = key.utf8.count
        return members.withUnsafeBufferPointer { buffer -> SourceNode? in
            guard let base = buffer.baseAddress else { return nil }
            for member in (0..<buffer.count).lazy.map({ base + $0 })
            where member.pointee.key.utf8.count == length && member.pointee.key == key {
                return member.pointee.value.isNull ? nil : member.pointee.value
            }
            return nil
        }
    }

    func has(_ key: String) -> Bool { self[key] != nil }
}

extension SourceNode {
    /// For messages: what the author wrote instead of what was expected.
    var kindName: String {
        switch content {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .scalar(.null, _): return "nothing"
        case .scalar(_, let text): return "'\(text)'"
        }
    }
}
