/// A contract file dcl cannot accept, pointing at the exact place to fix it:
///
///     contracts/revenue.yaml:12: schema[0].properties[2].logicalType: unknown logical type 'money'; …
///
/// Authors fix files in an editor, so every error names the file, the line and the field path
/// (ODCS keys with `[index]` for list items) rather than a position in some parsed tree.
public struct ODCSError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file name given to the reader, as the author would recognise it.
    public var file: String
    /// 1-based line; nil only when the contract came from a `JSONValue` rather than text.
    public var line: Int?
    /// The ODCS path of the offending field (`schema[0].properties[2].logicalType`),
    /// `(yaml)` for text that is not YAML and `(document)` for the document as a whole.
    public var field: String
    public var message: String

    public init(file: String, line: Int?, field: String, message: String) {
        self.file = file
        self.line = line
        self.field = field
        self.message = message
    }

    /// `FILE:LINE: FIELD: message`, the form compilers use, so editors can jump to it.
    public var description: String {
        let location = line.map { "\(file):\($0)" } ?? file
        return "\(location): \(field): \(message)"
    }
}
