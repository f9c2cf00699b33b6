/// An API token was revoked: from this event on it authorizes nothing. Terminal.
public struct APITokenRevoked: Sendable, Hashable, Codable {
    public static let typeName = "APITokenRevoked"
    public static let schemaVersion = 1

    public var tokenId: String
    public var reason: String?

    public init(tokenId: String, reason: String? = nil) {
        self.tokenId = tokenId
        self.reason = reason
    }
}
