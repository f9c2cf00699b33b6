import DCLDomain

/// Upper bounds on a contract document, checked where a document is loaded, before anything is
/// stored. A 50 MB description once made a 200 MB ledger and a 15-second, 1 GB `catalog`; no real
/// contract comes near these defaults. (Properties are bounded at 20,000: wide tables of several
/// thousand columns exist and check in milliseconds; 20,000 minimal properties already fill most of
/// the 1 MiB a document may have, and hold a few tens of megabytes once read.)
///
/// | limit | default | what it bounds |
/// |---|---|---|
/// | `maxDocumentBytes` | 1 MiB | the file's size in bytes |
/// | `maxProperties` | 20,000 | schema properties (columns, nested ones included) |
/// | `maxDepth` | 32 | nesting of mappings and lists |
/// | `maxStringLength` | 65,536 | characters in one text value (a description, an SQL query) |
/// | `maxQualityRules` | 1,000 | quality rules, all levels together |
///
/// ```swift
/// var limits = DocumentLimits.standard
/// limits.maxDocumentBytes = 4 << 20
/// let result = try ODCSReader.read(yaml: text, file: "orders.yaml", limits: limits)
/// ```
public struct DocumentLimits: Sendable, Hashable {
    public var maxDocumentBytes: Int
    public var maxProperties: Int
    public var maxDepth: Int
    public var maxStringLength: Int
    public var maxQualityRules: Int

    public static let standard = DocumentLimits(maxDocumentBytes: 1 << 20, maxProperties: 20_000, maxDepth: 32,
                                                maxStringLength: 65_536, maxQualityRules: 1000)

    public init(maxDocumentBytes: Int, maxProperties: Int, maxDepth: Int, maxStringLength: Int, maxQualityRules: Int) {
        self.maxDocumentBytes = maxDocumentBytes
        self.maxProperties = maxProperties
        self.maxDepth = maxDepth
        self.maxStringLength = maxStringLength
        self.maxQualityRules = maxQualityRules
    }

    /// Refuses a document text larger than `maxDocumentBytes`.
    func checkSize(of yaml: String, file: String) throws(ODCSError) {
        let size = yaml.utf8.count
        if size > maxDocumentBytes {
            throw ODCSError(file: file, line: nil, field: "(document)",
                            message: "the document is \(size) bytes; the limit is \(maxDocumentBytes) (maxDocumentBytes, $DCL_MAX_DOCUMENT_BYTES)")
        }
    }

    /// Where a member's value sits within it, to walk the value in place.
    private static let valueOffset = MemoryLayout<SourceNode.Member>.offset(of: \SourceNode.Member.value)!

    /// Walks a loaded document once, refusing the first value beyond a limit (with its line).
    func check(_ root: SourceNode, file: String) throws(ODCSError) {
        var properties = 0
        var rules = 0
        try withUnsafePointer(to: root) { (pointer) throws(ODCSError) in
            try walk(pointer, depth: 0, key: nil, properties: &properties, rules: &rules, file: file)
        }
    }

    /// Nodes are visited in place, through pointers: passing each child by value would copy it (and
    /// retain its contents) for every value of the document.
    private func walk(_ pointer: UnsafePointer<SourceNode>, depth: Int, key: String?, properties: inout Int, rules: inout Int,
                      file: String) throws(ODCSError) {
        if depth > maxDepth {
            throw ODCSError(file: file, line: pointer.pointee.line, field: key ?? "(document)",
                            message: "the document nests deeper than \(maxDepth) levels (maxDepth, $DCL_MAX_DEPTH)")
        }
        switch pointer.pointee.content {
        case .scalar(let value, let text):
            // JSON numbers have no range, but every reader of the ledger's events holds them as 64-bit
            // floating point: a number beyond it (1e400) could be neither encoded nor compared.
            if case .number(let literal) = value, literal.utf8.count > 300 || literal.utf8.contains(where: { $0 | 0x20 == UInt8(ascii: "e") }),
               !(Double(literal)?.isFinite ?? false) {
                throw ODCSError(file: file, line: pointer.pointee.line, field: key ?? "(document)",
                                message: "the number \(text) is beyond the range of a 64-bit floating-point number "
                                    + "(at most ±1.7976931348623157e308)")
            }
            // Counting characters is linear; only do it when the bytes could exceed the limit.
            if text.utf8.count > maxStringLength, text.count > maxStringLength {
                throw ODCSError(file: file, line: pointer.pointee.line, field: key ?? "(document)",
                                message: "a text value of \(text.count) characters is longer than the limit of \(maxStringLength) "
                                    + "(maxStringLength, $DCL_MAX_STRING_LENGTH)")
            }
        case .sequence(let items):
            if key == "properties" {
                properties += items.count
                if properties > maxProperties {
                    throw ODCSError(file: file, line: pointer.pointee.line, field: "properties",
                                    message: "the schema has more than \(maxProperties) properties (maxProperties, $DCL_MAX_PROPERTIES)")
                }
            }
            if key == "quality" {
                rules += items.count
                if rules > maxQualityRules {
                    throw ODCSError(file: file, line: pointer.pointee.line, field: "quality",
                                    message: "the contract has more than \(maxQualityRules) quality rules (maxQualityRules, $DCL_MAX_QUALITY_RULES)")
                }
            }
            try items.withUnsafeBufferPointer { (buffer) throws(ODCSError) in
                guard let base = buffer.baseAddress else { return }
                for index in 0..<buffer.count {
                    try walk(base + index, depth: depth + 1, key: key, properties: &properties, rules: &rules, file: file)
                }
            }
        case .mapping(let members):
            try members.withUnsafeBufferPointer { (buffer) throws(ODCSError) in
                guard let base = buffer.baseAddress else { return }
                for index in 0..<buffer.count {
                    let member = base + index
                    if member.pointee.key.utf8.count > maxStringLength {
                        throw ODCSError(file: file, line: member.pointee.keyLine, field: "(key)",
                                        message: "a key longer than \(maxStringLength) characters (maxStringLength, $DCL_MAX_STRING_LENGTH)")
                    }
                    let value = (UnsafeRawPointer(member) + DocumentLimits.valueOffset).assumingMemoryBound(to: SourceNode.self)
                    try walk(value, depth: depth + 1, key: member.pointee.key, properties: &properties, rules: &rules, file: file)
                }
            }
        }
    }
}
