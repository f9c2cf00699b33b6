/// An Avro fixed: a named byte string of exactly `size` bytes.
public struct FixedSchema: Sendable, Hashable, Codable {
    public var name: String
    public var namespace: String?
    public var size: Int
    public var aliases: [String]

    public init(name: String, namespace: String? = nil, size: Int, aliases: [String] = []) {
        self.name = name
        self.namespace = namespace
        self.size = size
        self.aliases = aliases
    }
}
