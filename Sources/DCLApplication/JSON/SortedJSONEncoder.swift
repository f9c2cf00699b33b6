import DCLDomain
import Foundation

/// Writes an `Encodable` value as `JSONEncoder` with `.sortedKeys` writes it, byte for byte, or
/// answers nil where it cannot be sure to (the caller then asks `JSONEncoder`, the reference).
///
/// Why: a contract's row texts (its fold state, catalog entry and version rows) are written for
/// every publish, and building a `JSONValue` tree first (a dictionary per object, each key hashed
/// when stored, when copied and when looked up to be written in order) took most of a publish's
/// time in a rebuild. Here an object is a list of its members' keys and where their values are,
/// sorted once when the text is written; scalars are written as text as they arrive.
///
/// Answers nil for what `JSONEncoder` decides its own way: a `Double` or `Float`, a Foundation
/// type it encodes by a strategy (`Date`, `Data`, `URL`, `Decimal`), a key that is not ASCII (the
/// order of such keys is `JSONEncoder`'s), a key written twice in one object, `superEncoder`, a
/// value that encodes nothing or two things. Texts are escaped as
/// `JSONEncoder` escapes them (`JSONStringWriter`), `/` as `\/` unless `escapingSlashes` is false
/// (`JSONEncoder`'s `.withoutEscapingSlashes`).
///
/// ```swift
/// SortedJSONEncoder.text(["b": 1, "a": 2])                  // {"a":2,"b":1} as UTF-8
/// SortedJSONEncoder.text(["a/b"], escapingSlashes: false)   // ["a/b"]
/// SortedJSONEncoder.text([0.5])                            // nil: JSONEncoder decides
/// ```
package enum SortedJSONEncoder {
    package static func text<T: Encodable>(_ value: T, escapingSlashes: Bool = true) -> [UInt8]? {
        let document = SortedJSONDocument(escapingSlashes: escapingSlashes)
        guard (try? SortedJSONNode(document: document, node: document.root).encode(value)) != nil, !document.needsReference,
              let size = document.size(of: document.root) else { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(size)
        document.write(document.root, into: &output)
        return output
    }
}

/// The values being written: a node per value, scalars as their finished text.
/// A class, because the containers an `Encoder` hands out keep writing into it after they return.
final class SortedJSONDocument {
    enum Kind { case empty, scalar, object, array }
    struct Node {
        var kind = Kind.empty
        /// A scalar's text in `scalars`.
        var text: Range<Int> = 0..<0
        /// An object's members (key and node), in the order encoded.
        var members: [(key: String, node: Int)] = []
        var items: [Int] = []
    }

    // Exclusivity is checked by hand: one encode uses a document, on one thread, and no access
    // to these overlaps another (containers change them only inside their own calls). Checked at
    // run time, every member written cost two calls into the runtime's access set.
    @exclusivity(unchecked) var nodes: [Node] = [Node()]
    @exclusivity(unchecked) var scalars: [UInt8] = []
    @exclusivity(unchecked) var needsReference = false
    let root = 0
    let escapingSlashes: Bool

    init(escapingSlashes: Bool) {
        self.escapingSlashes = escapingSlashes
        scalars.reserveCapacity(1024)
    }

    func writeString(_ text: String, into output: inout [UInt8]) {
        JSONStringWriter.write(text, escapingSlashes: escapingSlashes, into: &output)
    }

    func newNode() -> Int {
        nodes.append(Node())
        return nodes.count - 1
    }

    /// Makes `node` an object or an array; asking for the other kind (or after a value) is left to `JSONEncoder`.
    func become(_ kind: Kind, _ node: Int) {
        if nodes[node].kind == .empty { nodes[node].kind = kind } else if nodes[node].kind != kind { needsReference = true }
    }

    /// Writes a scalar's text (appended by `write`) as `node`'s value; a second value is left to `JSONEncoder`.
    func setScalar(_ node: Int, _ write: (inout [UInt8]) -> Void) {
        if nodes[node].kind != .empty { needsReference = true }
        let start = scalars.count
        write(&scalars)
        nodes[node].kind = .scalar
        nodes[node].text = start..<scalars.count
    }

    func addMember(_ key: String, to object: Int) -> Int {
        let child = newNode()
        // Members are sorted by their keys as given (then written escaped), as `JSONEncoder` sorts
        // them. For ASCII keys `String` order is byte order; the order of others is left to it.
        if !JSONStringWriter.isASCII(key) { needsReference = true }
        nodes[object].members.append((key, child))
        return child
    }

    func addItem(to array: Int) -> Int {
        let child = newNode()
        nodes[array].items.append(child)
        return child
    }

    /// About the text's length in bytes (escapes in keys not counted), or nil (with
    /// `needsReference` set) when a value is missing or an object has a key twice. Sorts each
    /// object's members, which `write` needs.
    func size(of node: Int) -> Int? {
        switch nodes[node].kind {
        case .empty:
            needsReference = true
            return nil
        case .scalar:
            return nodes[node].text.count
        case .array:
            var size = 2 + max(0, nodes[node].items.count - 1)
            for item in nodes[node].items {
                guard let itemSize = self.size(of: item) else { return nil }
                size += itemSize
            }
            return size
        case .object:
            nodes[node].members.sort { $0.key < $1.key }
            var size = 2 + max(0, nodes[node].members.count - 1)
            var previous: String?
            for member in nodes[node].members {
                // A key encoded twice: `JSONEncoder` keeps the last, which a sort does not tell apart.
                if member.key == previous {
                    needsReference = true
                    return nil
                }
                previous = member.key
                guard let valueSize = self.size(of: member.node) else { return nil }
                size += member.key.utf8.count + 3 + valueSize
            }
            return size
        }
    }

    /// Appends `node`'s text; `size(of:)` must have checked the document (and sorted its objects) first.
    func write(_ node: Int, into output: inout [UInt8]) {
        switch nodes[node].kind {
        case .empty:
            return
        case .scalar:
            output.append(contentsOf: scalars[nodes[node].text])
        case .array:
            output.append(UInt8(ascii: "["))
            for (index, item) in nodes[node].items.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                write(item, into: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object:
            output.append(UInt8(ascii: "{"))
            for (index, member) in nodes[node].members.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                writeString(member.key, into: &output)
                output.append(UInt8(ascii: ":"))
                write(member.node, into: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }
}

/// The encoder for one node, and its single-value container. Its coding path is always empty:
/// the encoded types never read it, and building one per member was a large part of the cost.
struct SortedJSONNode: JSONValueTaking, SingleValueEncodingContainer {
    let document: SortedJSONDocument
    let node: Int

    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        document.become(.object, node)
        return KeyedEncodingContainer(SortedJSONKeyedContainer<Key>(document: document, node: node))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        document.become(.array, node)
        return SortedJSONUnkeyedContainer(document: document, node: node)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { self }

    static func refuse(_ document: SortedJSONDocument) -> SortedJSONRefusal {
        document.needsReference = true
        return SortedJSONRefusal()
    }

    func encodeNil() throws { document.setScalar(node) { $0.append(contentsOf: "null".utf8) } }
    func encode(_ value: Bool) throws { document.setScalar(node) { $0.append(contentsOf: (value ? "true" : "false").utf8) } }
    func encode(_ value: String) throws { document.setScalar(node) { document.writeString(value, into: &$0) } }
    func encode(_ value: Double) throws { throw Self.refuse(document) }
    func encode(_ value: Float) throws { throw Self.refuse(document) }
    func encode(_ value: Int) throws { setInteger(value) }
    func encode(_ value: Int8) throws { setInteger(value) }
    func encode(_ value: Int16) throws { setInteger(value) }
    func encode(_ value: Int32) throws { setInteger(value) }
    func encode(_ value: Int64) throws { setInteger(value) }
    func encode(_ value: UInt) throws { setInteger(value) }
    func encode(_ value: UInt8) throws { setInteger(value) }
    func encode(_ value: UInt16) throws { setInteger(value) }
    func encode(_ value: UInt32) throws { setInteger(value) }
    func encode(_ value: UInt64) throws { setInteger(value) }

    func encode<T: Encodable>(_ value: T) throws {
        // `JSONEncoder` writes these by its strategies, not by their `encode(to:)`.
        if T.self == Date.self || T.self == Data.self || T.self == URL.self || T.self == Decimal.self { throw Self.refuse(document) }
        try value.encode(to: self)
    }

    /// A `JSONValue` written whole, as its container path would write it: an integer literal as its
    /// `Int64`, members in key order; any other number literal goes through `Double` and is left
    /// to `JSONEncoder`, and so is an object with a key that is not ASCII.
    func take(_ value: JSONValue) {
        document.setScalar(node) { output in
            if !Self.write(value, into: &output, document: document) { document.needsReference = true }
        }
    }

    private static func write(_ value: JSONValue, into output: inout [UInt8], document: SortedJSONDocument) -> Bool {
        switch value {
        case .null: output.append(contentsOf: "null".utf8)
        case .bool(let flag): output.append(contentsOf: (flag ? "true" : "false").utf8)
        case .number(let literal):
            guard let integer = Int64(literal) else { return false }
            output.append(contentsOf: String(integer).utf8)
        case .string(let text): document.writeString(text, into: &output)
        case .array(let items):
            output.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                guard write(item, into: &output, document: document) else { return false }
            }
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            output.append(UInt8(ascii: "{"))
            for (index, member) in members.sorted(by: { $0.key < $1.key }).enumerated() {
                guard JSONStringWriter.isASCII(member.key) else { return false }
                if index > 0 { output.append(UInt8(ascii: ",")) }
                document.writeString(member.key, into: &output)
                output.append(UInt8(ascii: ":"))
                guard write(member.value, into: &output, document: document) else { return false }
            }
            output.append(UInt8(ascii: "}"))
        }
        return true
    }

    /// An integer as `JSONEncoder` writes it (its decimal digits, `String(value)`).
    private func setInteger<I: BinaryInteger & LosslessStringConvertible>(_ value: I) {
        document.setScalar(node) { $0.append(contentsOf: String(value).utf8) }
    }
}

/// What this encoder throws: never shown (`SortedJSONEncoder.text` answers nil on errors).
struct SortedJSONRefusal: Error {}

/// An object's members, added to its node.
struct SortedJSONKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let document: SortedJSONDocument
    let node: Int

    var codingPath: [any CodingKey] { [] }

    private func member(_ key: Key) -> SortedJSONNode {
        SortedJSONNode(document: document, node: document.addMember(key.stringValue, to: node))
    }

    mutating func encodeNil(forKey key: Key) throws { try member(key).encodeNil() }
    mutating func encode(_ value: Bool, forKey key: Key) throws { try member(key).encode(value) }
    mutating func encode(_ value: String, forKey key: Key) throws { try member(key).encode(value) }
    mutating func encode(_ value: Double, forKey key: Key) throws { throw SortedJSONNode.refuse(document) }
    mutating func encode(_ value: Float, forKey key: Key) throws { throw SortedJSONNode.refuse(document) }
    mutating func encode(_ value: Int, forKey key: Key) throws { try member(key).encode(value) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { try member(key).encode(value) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { try member(key).encode(value) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { try member(key).encode(value) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { try member(key).encode(value) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { try member(key).encode(value) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { try member(key).encode(value) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { try member(key).encode(value) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { try member(key).encode(value) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { try member(key).encode(value) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { try member(key).encode(value) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        member(key).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        member(key).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        document.needsReference = true
        return SortedJSONNode(document: document, node: document.newNode())
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder { superEncoder() }
}

/// An array's items, appended to its node.
struct SortedJSONUnkeyedContainer: UnkeyedEncodingContainer {
    let document: SortedJSONDocument
    let node: Int

    var codingPath: [any CodingKey] { [] }
    var count: Int { document.nodes[node].items.count }

    private func item() -> SortedJSONNode {
        SortedJSONNode(document: document, node: document.addItem(to: node))
    }

    mutating func encodeNil() throws { try item().encodeNil() }
    mutating func encode(_ value: Bool) throws { try item().encode(value) }
    mutating func encode(_ value: String) throws { try item().encode(value) }
    mutating func encode(_ value: Double) throws { throw SortedJSONNode.refuse(document) }
    mutating func encode(_ value: Float) throws { throw SortedJSONNode.refuse(document) }
    mutating func encode(_ value: Int) throws { try item().encode(value) }
    mutating func encode(_ value: Int8) throws { try item().encode(value) }
    mutating func encode(_ value: Int16) throws { try item().encode(value) }
    mutating func encode(_ value: Int32) throws { try item().encode(value) }
    mutating func encode(_ value: Int64) throws { try item().encode(value) }
    mutating func encode(_ value: UInt) throws { try item().encode(value) }
    mutating func encode(_ value: UInt8) throws { try item().encode(value) }
    mutating func encode(_ value: UInt16) throws { try item().encode(value) }
    mutating func encode(_ value: UInt32) throws { try item().encode(value) }
    mutating func encode(_ value: UInt64) throws { try item().encode(value) }
    mutating func encode<T: Encodable>(_ value: T) throws { try item().encode(value) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        item().container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        item().unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        document.needsReference = true
        return SortedJSONNode(document: document, node: document.newNode())
    }
}
