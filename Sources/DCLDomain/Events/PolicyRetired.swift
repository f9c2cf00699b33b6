/// An adopted policy was retired: from this event on publishes no longer have to meet it.
public struct PolicyRetired: Sendable, Hashable, Codable {
    public static let typeName = "PolicyRetired"
    public static let schemaVersion = 1

    public var name: String
    public var domain: String?
    public var reason: String?

    public init(name: String, domain: String?, reason: String?) {
        self.name = name
        self.domain = domain
        self.reason = reason
    }

    public var key: String { AdoptedPolicy.key(name: name, domain: domain) }
}
