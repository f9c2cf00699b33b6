/// An API token was issued: who it names (recorded as the actor of what it writes), which domains
/// it may write, or all of them (`admin`). Only the SHA-256 of its secret is recorded; the secret
/// itself is shown once to whoever issued it and is never stored.
public struct APITokenIssued: Sendable, Hashable, Codable {
    public static let typeName = "APITokenIssued"
    public static let schemaVersion = 1

    /// The public part of the token (it prefixes the secret, so a presented secret names its token).
    public var tokenId: String
    public var name: String
    /// The domains it may write in, sorted; empty for an admin token.
    public var domains: [String]
    public var admin: Bool
    /// Lowercase hex SHA-256 of the whole secret.
    public var secretHash: String

    public init(tokenId: String, name: String, domains: [String], admin: Bool, secretHash: String) {
        self.tokenId = tokenId
        self.name = name
        self.domains = domains.sorted()
        self.admin = admin
        self.secretHash = secretHash
    }

    /// Every token event lives on one governance stream, so issuing and revoking are ordered.
    public static let stream = StreamID(kind: .governance, subject: "tokens")
}
