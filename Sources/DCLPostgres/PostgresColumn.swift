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
/// var ids = PostgresColumn<String>()
/// ids.append("sales.orders")
/// ids.append(nil)
/// var statement = PostgresStatement("SELECT * FROM unnest(")
/// statement.sql += statement.bind(ids) + ")"   // one parameter, a text[] with a NULL
/// ```
struct PostgresColumn<Element: PostgresColumnElement>: PostgresNonThrowingEncodable, Sendable {
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
        for value in values {
            guard let value else {
                buffer.writeInteger(-1, as: Int32.self)
                continue
            }
            let lengthIndex = buffer.writerIndex
            buffer.writeInteger(0, as: Int32.self)
            let written = value.writeElement(into: &buffer)
            buffer.setInteger(Int32(written), at: lengthIndex, as: Int32.self)
        }
    }
}

/// A value that can be an element of a `PostgresColumn`: its type, its array's type, and its
/// binary form.
protocol PostgresColumnElement: Sendable, Equatable {
    static var elementType: PostgresDataType { get }
    static var arrayType: PostgresDataType { get }
    /// Writes the binary form; returns how many bytes it wrote.
    func writeElement(into buffer: inout ByteBuffer) -> Int
}

extension String: PostgresColumnElement {
    static var elementType: PostgresDataType { .text }
    static var arrayType: PostgresDataType { .textArray }
    func writeElement(into buffer: inout ByteBuffer) -> Int { buffer.writeString(self) }
}

extension Int64: PostgresColumnElement {
    static var elementType: PostgresDataType { .int8 }
    static var arrayType: PostgresDataType { .int8Array }
    func writeElement(into buffer: inout ByteBuffer) -> Int { buffer.writeInteger(self, as: Int64.self) }
}

extension Bool: PostgresColumnElement {
    static var elementType: PostgresDataType { .bool }
    static var arrayType: PostgresDataType { .boolArray }
    func writeElement(into buffer: inout ByteBuffer) -> Int { buffer.writeInteger(self ? 1 : 0, as: UInt8.self) }
}
