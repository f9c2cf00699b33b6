import Crypto
import DCLDomain
import Foundation

/// Making and checking API token secrets. A secret is `dcl_<token id>_<48 hex digits of randomness>`:
/// the id says which token it claims to be, and only the SHA-256 of the whole secret is recorded
/// (in `APITokenIssued`), so the ledger never holds anything that would let a reader write.
///
/// ```swift
/// let (secret, issued) = APITokenSecret.issue(name: "sales-ci", domains: ["sales"], admin: false)
/// _ = try await service.execute([.issueToken(issued)], actor: "ana")
/// print(secret)   // shown once
/// ```
public enum APITokenSecret {
    public static let prefix = "dcl_"

    /// A new secret and the event that records its token (without the secret).
    public static func issue(name: String, domains: [String], admin: Bool) -> (secret: String, issued: APITokenIssued) {
        let tokenId = randomHex(bytes: 6)
        let secret = "\(prefix)\(tokenId)_\(randomHex(bytes: 24))"
        return (secret, APITokenIssued(tokenId: tokenId, name: name, domains: domains, admin: admin, secretHash: hash(secret)))
    }

    /// The token id a presented secret claims, or nil when it is not shaped like a secret.
    public static func tokenId(of secret: String) -> String? {
        guard secret.hasPrefix(prefix) else { return nil }
        let parts = secret.dropFirst(prefix.count).split(separator: "_")
        guard parts.count == 2, parts[0].count == 12, parts[1].count == 48 else { return nil }
        return String(parts[0])
    }

    /// Lowercase hex SHA-256 of the secret.
    public static func hash(_ secret: String) -> String {
        SHA256.hash(data: Data(secret.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Whether `secret` is the live secret of `token`. Compares every byte, whatever differs first,
    /// so the time taken does not tell how much of a guess was right.
    public static func verifies(_ secret: String, for token: APITokenState) -> Bool {
        let presented = Array(hash(secret).utf8)
        let recorded = Array(token.secretHash.utf8)
        guard presented.count == recorded.count else { return false }
        var difference: UInt8 = 0
        for index in presented.indices { difference |= presented[index] ^ recorded[index] }
        return difference == 0 && !token.revoked
    }

    static func randomHex(bytes: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<bytes).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }
}
