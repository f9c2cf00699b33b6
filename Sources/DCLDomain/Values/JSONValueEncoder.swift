/// Encodes an `Encodable` value straight to a `JSONValue` tree: the tree `JSONParser` reads from
/// Foundation's `JSONEncoder` text for the same value, or nil where it cannot be sure to (the caller
/// then encodes with `JSONEncoder` and parses, the reference).
///
/// Why: an event's payload was written out as text by `JSONEncoder` and parsed back into a tree to
/// be sealed; for a published version (its whole source document inside) that was a large part of a
/// publish's CPU. Building the tree directly skips both the text and the parse.
///
/// Where `JSONEncoder`'s text is not plainly the same, encoding stops and answers nil rather than
/// guess: a `Double` or `Float` (`JSONEncoder` formats them its own way), a number literal of a
/// `JSONValue` that is not an integer, `superEncoder`, a value that encodes nothing or two things.
/// Meant for this module's types: Foundation types (`Date`, `Data`, `URL`, `Decimal`), which
/// `JSONEncoder` encodes by its strategies, are not used in domain values.
///
/// ```swift
/// JSONValueEncoder().encode(["b": 1, "a": 2])     // .object(["a": .number("2"), "b": .number("1")])
/// JSONValueEncoder().encode([0.5])                // nil: JSONEncoder decides
/// ```
public struct JSONValueEncoder {
    public init() {}

    /// The value's tree, or nil when it failed or `JSONEncoder` must decide (see the type).
    public func encode<T: Encodable>(_ value: T) -> JSONValue? {
        let state = TreeEncodingState()
        let root = TreeEncodingSlot()
        guard (try? value.encode(to: TreeEncoderNode(slot: root, codingPath: [], state: state))) != nil,
              !state.needsReference else { return nil }
        return root.finished(state: state)
    }
}

/// Set when an encode met something whose `JSONEncoder` text this encoder does not reproduce.
final class TreeEncodingState {
    var needsReference = false
}

/// What the tree encoder throws: never shown (`JSONValueEncoder` answers nil on errors).
struct TreeEncodingFailure: Error {}

/// One value being built: nothing yet, a finished value, an object's members or an array's items.
/// A class, because containers handed out by an `Encoder` keep writing into it after they return.
final class TreeEncodingSlot {
    enum Kind { case empty, value, object, array }
    enum Member {
        case value(JSONValue)
        case slot(TreeEncodingSlot)
    }

    var kind = Kind.empty
    var value = JSONValue.null
    var members: [String: Member] = [:]
    var items: [Member] = []

    /// The built value; nil (with `needsReference` set) when a slot was left empty.
    func finished(state: TreeEncodingState) -> JSONValue? {
        func resolve(_ member: Member) -> JSONValue? {
            switch member {
            case .value(let value): return value
            case .slot(let slot): return slot.finished(state: state)
            }
        }
        switch kind {
        case .empty:
            state.needsReference = true
            return nil
        case .value:
            return value
        case .object:
            var object: [String: JSONValue] = [:]
            object.reserveCapacity(members.count)
            for (key, member) in members {
                guard let value = resolve(member) else { return nil }
                object[key] = value
            }
            return .object(object)
        case .array:
            var array: [JSONValue] = []
            array.reserveCapacity(items.count)
            for item in items {
                guard let value = resolve(item) else { return nil }
                array.append(value)
            }
            return .array(array)
        }
    }

    /// Makes this slot an object or an array; asking for the other kind (or after a value) is left to `JSONEncoder`.
    func become(_ wanted: Kind, state: TreeEncodingState) {
        if kind == .empty { kind = wanted } else if kind != wanted { state.needsReference = true }
    }
}

/// The encoder for one slot, and its single-value container.
struct TreeEncoderNode: JSONValueTaking, SingleValueEncodingContainer {
    let slot: TreeEncodingSlot
    let codingPath: [any CodingKey]
    let state: TreeEncodingState

    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        slot.become(.object, state: state)
        return KeyedEncodingContainer(TreeKeyedEncodingContainer<Key>(slot: slot, codingPath: codingPath, state: state))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        slot.become(.array, state: state)
        return TreeUnkeyedEncodingContainer(slot: slot, codingPath: codingPath, state: state)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { self }

    /// Stores a finished value; a second one is left to `JSONEncoder` (which refuses it).
    func set(_ value: JSONValue) {
        if slot.kind != .empty { state.needsReference = true }
        slot.kind = .value
        slot.value = value
    }

    /// A `JSONValue` as `JSONValue.encode(to:)` writes it through `JSONEncoder`: an integer literal as
    /// its `Int64`; any other number literal goes through `Double` and is left to `JSONEncoder`.
    func take(_ value: JSONValue) {
        if let normalized = TreeEncoderNode.normalized(value, state: state) { set(normalized) }
    }

    static func normalized(_ value: JSONValue, state: TreeEncodingState) -> JSONValue? {
        switch value {
        case .null, .bool, .string: return value
        case .number(let literal):
            guard let integer = Int64(literal) else {
                state.needsReference = true
                return nil
            }
            return .number(String(integer))
        case .array(let items):
            var array: [JSONValue] = []
            array.reserveCapacity(items.count)
            for item in items {
                guard let normalized = normalized(item, state: state) else { return nil }
                array.append(normalized)
            }
            return .array(array)
        case .object(let members):
            var object: [String: JSONValue] = [:]
            object.reserveCapacity(members.count)
            for (key, member) in members {
                guard let normalized = normalized(member, state: state) else { return nil }
                object[key] = normalized
            }
            return .object(object)
        }
    }

    func encodeNil() throws { set(.null) }
    func encode(_ value: Bool) throws { set(.bool(value)) }
    func encode(_ value: String) throws { set(.string(value)) }
    func encode(_ value: Double) throws { throw TreeEncoderNode.leftToReference(state) }
    func encode(_ value: Float) throws { throw TreeEncoderNode.leftToReference(state) }
    func encode(_ value: Int) throws { set(.number(String(value))) }
    func encode(_ value: Int8) throws { set(.number(String(value))) }
    func encode(_ value: Int16) throws { set(.number(String(value))) }
    func encode(_ value: Int32) throws { set(.number(String(value))) }
    func encode(_ value: Int64) throws { set(.number(String(value))) }
    func encode(_ value: UInt) throws { set(.number(String(value))) }
    func encode(_ value: UInt8) throws { set(.number(String(value))) }
    func encode(_ value: UInt16) throws { set(.number(String(value))) }
    func encode(_ value: UInt32) throws { set(.number(String(value))) }
    func encode(_ value: UInt64) throws { set(.number(String(value))) }
    func encode<T: Encodable>(_ value: T) throws { try value.encode(to: self) }

    static func leftToReference(_ state: TreeEncodingState) -> TreeEncodingFailure {
        state.needsReference = true
        return TreeEncodingFailure()
    }

    /// A member that is not a plain value: encoded into a slot of its own.
    static func member<T: Encodable>(_ value: T, codingPath: [any CodingKey], state: TreeEncodingState) throws -> TreeEncodingSlot.Member {
        let child = TreeEncodingSlot()
        try value.encode(to: TreeEncoderNode(slot: child, codingPath: codingPath, state: state))
        return .slot(child)
    }
}

/// An object's members, written into its slot.
struct TreeKeyedEncodingContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let slot: TreeEncodingSlot
    let codingPath: [any CodingKey]
    let state: TreeEncodingState

    private func put(_ value: JSONValue, _ key: Key) { slot.members[key.stringValue] = .value(value) }

    mutating func encodeNil(forKey key: Key) throws { put(.null, key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { put(.bool(value), key) }
    mutating func encode(_ value: String, forKey key: Key) throws { put(.string(value), key) }
    mutating func encode(_ value: Double, forKey key: Key) throws { throw TreeEncoderNode.leftToReference(state) }
    mutating func encode(_ value: Float, forKey key: Key) throws { throw TreeEncoderNode.leftToReference(state) }
    mutating func encode(_ value: Int, forKey key: Key) throws { put(.number(String(value)), key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { put(.number(String(value)), key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { put(.number(String(value)), key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { put(.number(String(value)), key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { put(.number(String(value)), key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { put(.number(String(value)), key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { put(.number(String(value)), key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { put(.number(String(value)), key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { put(.number(String(value)), key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { put(.number(String(value)), key) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        slot.members[key.stringValue] = try TreeEncoderNode.member(value, codingPath: codingPath + [key], state: state)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let child = TreeEncodingSlot()
        slot.members[key.stringValue] = .slot(child)
        return TreeEncoderNode(slot: child, codingPath: codingPath + [key], state: state).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = TreeEncodingSlot()
        slot.members[key.stringValue] = .slot(child)
        return TreeEncoderNode(slot: child, codingPath: codingPath + [key], state: state).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        state.needsReference = true
        return TreeEncoderNode(slot: TreeEncodingSlot(), codingPath: codingPath, state: state)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder { superEncoder() }
}

/// An array's items, appended to its slot.
struct TreeUnkeyedEncodingContainer: UnkeyedEncodingContainer {
    let slot: TreeEncodingSlot
    let codingPath: [any CodingKey]
    let state: TreeEncodingState

    var count: Int { slot.items.count }

    private func append(_ value: JSONValue) { slot.items.append(.value(value)) }

    mutating func encodeNil() throws { append(.null) }
    mutating func encode(_ value: Bool) throws { append(.bool(value)) }
    mutating func encode(_ value: String) throws { append(.string(value)) }
    mutating func encode(_ value: Double) throws { throw TreeEncoderNode.leftToReference(state) }
    mutating func encode(_ value: Float) throws { throw TreeEncoderNode.leftToReference(state) }
    mutating func encode(_ value: Int) throws { append(.number(String(value))) }
    mutating func encode(_ value: Int8) throws { append(.number(String(value))) }
    mutating func encode(_ value: Int16) throws { append(.number(String(value))) }
    mutating func encode(_ value: Int32) throws { append(.number(String(value))) }
    mutating func encode(_ value: Int64) throws { append(.number(String(value))) }
    mutating func encode(_ value: UInt) throws { append(.number(String(value))) }
    mutating func encode(_ value: UInt8) throws { append(.number(String(value))) }
    mutating func encode(_ value: UInt16) throws { append(.number(String(value))) }
    mutating func encode(_ value: UInt32) throws { append(.number(String(value))) }
    mutating func encode(_ value: UInt64) throws { append(.number(String(value))) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        let path = codingPath + [TreeIndexKey(intValue: slot.items.count)]
        slot.items.append(try TreeEncoderNode.member(value, codingPath: path, state: state))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let child = TreeEncodingSlot()
        let path = codingPath + [TreeIndexKey(intValue: slot.items.count)]
        slot.items.append(.slot(child))
        return TreeEncoderNode(slot: child, codingPath: path, state: state).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let child = TreeEncodingSlot()
        let path = codingPath + [TreeIndexKey(intValue: slot.items.count)]
        slot.items.append(.slot(child))
        return TreeEncoderNode(slot: child, codingPath: path, state: state).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        state.needsReference = true
        return TreeEncoderNode(slot: TreeEncodingSlot(), codingPath: codingPath, state: state)
    }
}
