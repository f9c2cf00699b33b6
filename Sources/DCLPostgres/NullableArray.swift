import NIOCore
import PostgresNIO

/// One column of a batch of rows, bound as a single PostgreSQL array parameter (`text[]`,
/// `int8[]`, `bool[]`) whose elements may be NULL.
///
/// A commit writes each table's rows with one statement, `INSERT … SELECT * FROM unnest($1, $2, …)`,
/// instead of one statement per row: a rebuild writes about a million timeline rows, and a round
/// trip per row would cost more than PostgreSQL's own work. postgres-nio encodes arrays of
/// non-optional values only (its header always says "no NULLs"), so this writes the binary array
/// format itself: dimensions, a NULL flag, the element type, then each element's length (-1 for
/// NULL) and bytes.
///
/// ```swift
/// var ids = NullableArray<String>()
/// ids.append("sales.orders")
/// ids.append(nil)
/// var statement = PostgresStatement("SELECT * FROM unnest(")
/// statement.sql += statement.bind(ids) + ")"   // one parameter, a text[] with a NULL
/// ```
struct NullableArray<Element: NullableArrayElement>: PostgresNonThrowingEncodable, Sendable {
    private(set) var values: [Element?] = []

    init() {}

    init(_ values: [Element?]) { self.values = values }

    init(_ values: [Element]) { self.values = values.map(Optional.some) }

    mutating func append(_ value: Element?) { values.append(value) }

    var count: Int { values.count }

    static var psqlType: PostgresDataType { Element.arrayType }
    static var psqlFormat: PostgresFormat { .binary }

    func encode<JSONEncoder: PostgresJSONEncoder>(into buffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>) {
        // An empty array has no dimensions at all (what PostgreSQL itself sends for '{}').
        buffer.writeInteger(values.isEmpty ? 0 : 1, as: Int32.self)
        buffer.writeInteger(values.contains(where: { $0 == nil }) ? 1 : 0, as: Int32.self)
        buffer.writeInteger(Element.elementType.rawValue)
        guard !values.isEmpty else { return }
        buffer.writeInteger(Int32(values.count), as: Int32.self)
        buffer.writeInteger(1, as: Int32.self)   // lower bound
        // The elements go to a plain byte array first and into the buffer with one copy: a
        // buffer write per element cost several times more (a batch sends ~200,000 of them).
        var bytes: [UInt8] = []
        bytes.reserveCapacity(values.count * (4 + Element.typicalSize))
        for value in values {
            guard let value else {
                bytes.append(contentsOf: [0xFF, 0xFF, 0xFF, 0xFF])
                continue
            }
            let lengthIndex = bytes.count
            bytes.append(contentsOf: [0, 0, 0, 0])
            value.appendElement(to: &bytes)
            let length = UInt32(bytes.count - lengthIndex - 4)
            bytes[lengthIndex] = UInt8(truncatingIfNeeded: length >> 24)
            bytes[lengthIndex + 1] = UInt8(truncatingIfNeeded: length >> 16)
            bytes[lengthIndex + 2] = UInt8(truncatingIfNeeded: length >> 8)
            bytes[lengthIndex + 3] = UInt8(truncatingIfNeeded: length)
        }
        buffer.writeBytes(bytes)
    }
}

/// A value that can be an element of a `NullableArray`: its type, its array's type, and its
/// binary form.
protocol NullableArrayElement: Sendable, Equatable {
    static var elementType: PostgresDataType { get }
    static var arrayType: PostgresDataType { get }
    /// About how many bytes an element takes, to size the array's bytes once.
    static var typicalSize: Int { get }
    /// Appends the binary form.
    func appendElement(to bytes: inout [UInt8])
}

extension String: NullableArrayElement {
    static var elementType: PostgresDataType { .text }
    static var arrayType: PostgresDataType { .textArray }
    static var typicalSize: Int { 32 }
    func appendElement(to bytes: inout [UInt8]) { bytes.append(contentsOf: utf8) }
}

extension Int64: NullableArrayElement {
    static var elementType: PostgresDataType { .int8 }
    static var arrayType: PostgresDataType { .int8Array }
    static var typicalSize: Int { 8 }
    func appendElement(to bytes: inout [UInt8]) {
        let value = UInt64(bitPattern: self)
        for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }
}

extension Bool: NullableArrayElement {
    static var elementType: PostgresDataType { .bool }
    static var arrayType: PostgresDataType { .boolArray }
    static var typicalSize: Int { 1 }
    func appendElement(to bytes: inout [UInt8]) { bytes.append(self ? 1 : 0) }
}
