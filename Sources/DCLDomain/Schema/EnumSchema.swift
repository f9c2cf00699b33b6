/// An Avro enum: a named set of symbols with an optional default used by readers that meet
/// a symbol they do not know.
public struct EnumSchema: Sendable, Hashable, Codable {
    public var name: String
    public var namespace: String?
    public var symbols: [String]
    public var defaultSymbol: String?
    public var aliases: [String]
    public var doc: String?

    public init(name: String, namespace: String? = nil, symbols: [String], defaultSymbol: String? = nil,
                aliases: [String] = [], doc: String? = nil) {
        self.name = name
        self.namespace = namespace
        self.symbols = symbols
        self.defaultSymbol = defaultSymbol
        self.aliases = aliases
        self.doc = doc
    }
}
