/// One API token as the ledger knows it: what it may write, and whether it was revoked.
public struct APITokenState: Sendable, Hashable, Codable {
    public var tokenId: String
    public var name: String
    public var domains: [String]
    public var admin: Bool
    public var secretHash: String
    public var revoked: Bool

    public init(_ issued: APITokenIssued) {
        tokenId = issued.tokenId
        name = issued.name
        domains = issued.domains
        admin = issued.admin
        secretHash = issued.secretHash
        revoked = false
    }

    /// Whether this token may write in `domain` (an admin token writes everywhere).
    public func mayWrite(in domain: DomainName) -> Bool {
        !revoked && (admin || domains.contains(domain.rawValue))
    }
}
