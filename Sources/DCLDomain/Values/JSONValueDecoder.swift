/// Decodes a `Decodable` value from a `JSONValue` tree, giving the value Foundation's `JSONDecoder`
/// gives for the tree's text, or nil where it cannot be sure to (the caller then decodes the text
/// with `JSONDecoder`, the reference).
///
/// Why: event payloads hold JSON trees (a published version's source document, field defaults)
/// that `JSONValue(from:)` reads by trying each kind in turn. Under `JSONDecoder` every failed try
/// builds an error with its coding path, and that was most of a publish's CPU (the writer folds the
/// events it writes, and the projector reads them again). Here a `JSONValue` member is the subtree
/// itself, and a failed try is a plain error.
///
/// Where `JSONDecoder`'s behaviour is not plainly the same, decoding stops and answers nil rather
/// than guess: a number literal that is not a plain integer but holds a whole value (`1.0`, `1e2`),
/// `-0`, an integer that does not fit its type, `Float`, `superDecoder`. Any error answers nil too,
/// so error messages always come from `JSONDecoder`. Meant for this module's types: Foundation
/// types (`Date`, `Data`, `URL`, `Decimal`), which `JSONDecoder` decodes by its strategies, are not
/// used in domain values.
///
/// ```swift
/// let tree = try JSONParser.parse(#"{"major":1,"minor":2,"patch":0}"#)
/// JSONValueDecoder().decode([String: Int].self, from: tree)    // ["major": 1, "minor": 2, "patch": 0]
/// JSONValueDecoder().decode([String: Int].self, from: try JSONParser.parse(#"{"a":1.0}"#))   // nil: JSONDecoder decides
/// ```
public struct JSONValueDecoder {
    public init() {}

    /// The decoded value, or nil when it failed or `JSONDecoder` must decide (see the type).
    public func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) -> T? {
        let state = TreeDecodingState()
        guard let result = try? T(from: TreeNode(value: value, codingPath: [], state: state)), !state.needsReference else { return nil }
        return result
    }
}

/// Set when a decode met something whose `JSONDecoder` outcome this decoder does not reproduce.
/// Kept outside the errors because a type's `init(from:)` may swallow an error with `try?` and go
/// on, where `JSONDecoder` would have succeeded.
final class TreeDecodingState {
    var needsReference = false
}

/// What `TreeNode` throws: the message is never shown (`JSONValueDecoder` answers nil on errors).
struct TreeDecodingFailure: Error {}

/// A decoder over one value of the tree, and its single-value container.
struct TreeNode: Decoder, SingleValueDecodingContainer {
    let value: JSONValue
    let codingPath: [any CodingKey]
    let state: TreeDecodingState

    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = value else { throw TreeDecodingFailure() }
        return KeyedDecodingContainer(TreeKeyedContainer<Key>(members: members, codingPath: codingPath, state: state))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let items) = value else { throw TreeDecodingFailure() }
        return TreeUnkeyedContainer(items: items, codingPath: codingPath, state: state)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    /// The subtree as `JSONValue(from:)` builds it under `JSONDecoder`: an integer literal as its
    /// `Int64`, another number through `Double`.
    func jsonValue() throws -> JSONValue { try TreeNode.normalized(value, state: state) }

    static func normalized(_ value: JSONValue, state: TreeDecodingState) throws -> JSONValue {
        switch value {
        case .null, .bool, .string: return value
        case .number(let literal):
            if let integer = TreeNode.integer(literal, as: Int64.self, state: state) { return .number(String(integer)) }
            if state.needsReference { throw TreeDecodingFailure() }
            return .number(NumericLiteral.canonicalText(for: try TreeNode.double(literal, state: state)))
        case .array(let items): return .array(try items.map { try normalized($0, state: state) })
        case .object(let members): return .object(try members.mapValues { try normalized($0, state: state) })
        }
    }

    /// An integer literal as `T`; nil for a number with a fraction (as `JSONDecoder` refuses it),
    /// and nil with `needsReference` set where `JSONDecoder` might accept it (`1.0`, `1e2`, `-0`,
    /// out of range).
    static func integer<T: FixedWidthInteger>(_ literal: String, as type: T.Type, state: TreeDecodingState) -> T? {
        if literal.utf8.allSatisfy({ ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || $0 == UInt8(ascii: "-") }) {
            if literal != "-0", let integer = T(literal) { return integer }
            state.needsReference = true
            return nil
        }
        if let real = Double(literal), real.isFinite, real != real.rounded() { return nil }
        state.needsReference = true
        return nil
    }

    static func double(_ literal: String, state: TreeDecodingState) throws -> Double {
        guard let real = Double(literal), real.isFinite else {
            state.needsReference = true
            throw TreeDecodingFailure()
        }
        return real
    }

    func decodeNil() -> Bool {
        if case .null = value { return true }
        return false
    }

    func decode(_ type: Bool.Type) throws -> Bool {
        guard case .bool(let flag) = value else { throw TreeDecodingFailure() }
        return flag
    }

    func decode(_ type: String.Type) throws -> String {
        guard case .string(let text) = value else { throw TreeDecodingFailure() }
        return text
    }

    func decode(_ type: Double.Type) throws -> Double {
        guard case .number(let literal) = value else { throw TreeDecodingFailure() }
        return try TreeNode.double(literal, state: state)
    }

    func decode(_ type: Float.Type) throws -> Float {
        state.needsReference = true
        throw TreeDecodingFailure()
    }

    func decode(_ type: Int.Type) throws -> Int { try integer(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try integer(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try integer(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try integer(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try integer(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try integer(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(type) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T { try T(from: self) }

    private func integer<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
        guard case .number(let literal) = value, let integer = TreeNode.integer(literal, as: type, state: state) else {
            throw TreeDecodingFailure()
        }
        return integer
    }
}

/// An object's members, by key.
struct TreeKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let members: [String: JSONValue]
    let codingPath: [any CodingKey]
    let state: TreeDecodingState

    var allKeys: [Key] { members.keys.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { members[key.stringValue] != nil }

    /// The member's node; a missing key throws, as `JSONDecoder`'s `decode(_:forKey:)` does.
    private func node(_ key: Key) throws -> TreeNode {
        guard let value = members[key.stringValue] else { throw TreeDecodingFailure() }
        return TreeNode(value: value, codingPath: codingPath + [key], state: state)
    }

    func decodeNil(forKey key: Key) throws -> Bool { try node(key).decodeNil() }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try node(key).decode(type) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try node(key).decode(type) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try node(key).decode(type) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try node(key).decode(type) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try node(key).decode(type) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try node(key).decode(type) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try node(key).decode(type) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try node(key).decode(type) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try node(key).decode(type) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try node(key).decode(type) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try node(key).decode(type) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try node(key).decode(type) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try node(key).decode(type) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try node(key).decode(type) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try T(from: node(key)) }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try node(key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer { try node(key).unkeyedContainer() }

    func superDecoder() throws -> any Decoder {
        state.needsReference = true
        throw TreeDecodingFailure()
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        state.needsReference = true
        throw TreeDecodingFailure()
    }
}

/// An array's items, in order; an item that fails to decode is not consumed (as in `JSONDecoder`).
struct TreeUnkeyedContainer: UnkeyedDecodingContainer {
    let items: [JSONValue]
    let codingPath: [any CodingKey]
    let state: TreeDecodingState
    private(set) var currentIndex = 0

    init(items: [JSONValue], codingPath: [any CodingKey], state: TreeDecodingState) {
        self.items = items
        self.codingPath = codingPath
        self.state = state
    }

    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    private func node() throws -> TreeNode {
        guard currentIndex < items.count else { throw TreeDecodingFailure() }
        return TreeNode(value: items[currentIndex], codingPath: codingPath + [TreeIndexKey(intValue: currentIndex)], state: state)
    }

    /// Decodes the current item and moves past it only when that succeeded.
    private mutating func next<T>(_ decode: (TreeNode) throws -> T) throws -> T {
        let value = try decode(try node())
        currentIndex += 1
        return value
    }

    mutating func decodeNil() throws -> Bool {
        guard try node().decodeNil() else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try next { try $0.decode(type) } }
    mutating func decode(_ type: String.Type) throws -> String { try next { try $0.decode(type) } }
    mutating func decode(_ type: Double.Type) throws -> Double { try next { try $0.decode(type) } }
    mutating func decode(_ type: Float.Type) throws -> Float { try next { try $0.decode(type) } }
    mutating func decode(_ type: Int.Type) throws -> Int { try next { try $0.decode(type) } }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try next { try $0.decode(type) } }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try next { try $0.decode(type) } }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try next { try $0.decode(type) } }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try next { try $0.decode(type) } }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try next { try $0.decode(type) } }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try next { try $0.decode(type) } }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try next { try $0.decode(type) } }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try next { try $0.decode(type) } }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try next { try $0.decode(type) } }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try next { try T(from: $0) } }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try next { try $0.container(keyedBy: type) }
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { try next { try $0.unkeyedContainer() } }

    mutating func superDecoder() throws -> any Decoder {
        state.needsReference = true
        throw TreeDecodingFailure()
    }
}

/// An array index in a coding path.
struct TreeIndexKey: CodingKey {
    let intValue: Int?
    var stringValue: String { "Index \(intValue ?? 0)" }
    init(intValue: Int) { self.intValue = intValue }
    init?(stringValue: String) { nil }
}
