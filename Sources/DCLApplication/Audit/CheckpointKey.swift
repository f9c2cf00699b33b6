import Crypto
import Foundation

/// The Ed25519 key that signs audit checkpoints, kept in a file **outside** the ledger (whoever
/// can write the ledger must not be able to sign a checkpoint that hides what they changed).
///
/// Files are PEM, the form `openssl` reads: the private key as PKCS#8 (`BEGIN PRIVATE KEY`,
/// mode 0600), the public key as SubjectPublicKeyInfo (`BEGIN PUBLIC KEY`) beside it with `.pub`.
///
/// ```swift
/// let key = CheckpointKey.generate()
/// try key.write(to: "/secure/dcl-audit.pem")          // also writes /secure/dcl-audit.pem.pub
/// let loaded = try CheckpointKey(contentsOf: "/secure/dcl-audit.pem")
/// let signature = try loaded.sign(Array("statement".utf8))
/// ```
public struct CheckpointKey {
    let privateKey: Curve25519.Signing.PrivateKey

    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// DER prefixes of an Ed25519 key (RFC 8410): the raw 32 bytes follow.
    static let privateKeyPrefix: [UInt8] = [0x30, 0x2E, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20]
    static let publicKeyPrefix: [UInt8] = [0x30, 0x2A, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x03, 0x21, 0x00]

    init(privateKey: Curve25519.Signing.PrivateKey) { self.privateKey = privateKey }

    public static func generate() -> CheckpointKey { CheckpointKey(privateKey: Curve25519.Signing.PrivateKey()) }

    /// Reads a PKCS#8 PEM Ed25519 private key (as written by `write(to:)` or `openssl genpkey -algorithm ed25519`).
    public init(contentsOf path: String) throws(Failure) {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw Failure(description: "cannot read the audit key '\(path)': \(error.localizedDescription)")
        }
        guard let der = Self.pemBody(text, label: "PRIVATE KEY"), der.count == 48, Array(der.prefix(16)) == Self.privateKeyPrefix,
              let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: der.suffix(32)) else {
            throw Failure(description: "'\(path)' is not an Ed25519 private key in PEM (PKCS#8) form")
        }
        privateKey = key
    }

    /// Base64 of the raw 32-byte public key, as recorded in checkpoints.
    public var publicKeyBase64: String { privateKey.publicKey.rawRepresentation.base64EncodedString() }

    /// The public key as PEM (`openssl pkeyutl -verify -pubin -inkey` reads it).
    public var publicKeyPEM: String { Self.publicKeyPEM(raw: Array(privateKey.publicKey.rawRepresentation)) }

    public static func publicKeyPEM(raw: [UInt8]) -> String {
        pem(label: "PUBLIC KEY", der: publicKeyPrefix + raw)
    }

    /// The raw public key in a `BEGIN PUBLIC KEY` PEM, nil when the text is not an Ed25519 one.
    public static func publicKeyRaw(fromPEM text: String) -> [UInt8]? {
        guard let der = pemBody(text, label: "PUBLIC KEY"), der.count == 44, Array(der.prefix(12)) == publicKeyPrefix else { return nil }
        return Array(der.suffix(32))
    }

    public func sign(_ bytes: [UInt8]) throws(Failure) -> [UInt8] {
        do { return Array(try privateKey.signature(for: bytes)) } catch {
            throw Failure(description: "signing failed: \(error)")
        }
    }

    public static func isValidSignature(_ signature: [UInt8], of bytes: [UInt8], publicKey raw: [UInt8]) -> Bool {
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw) else { return false }
        return key.isValidSignature(signature, for: bytes)
    }

    /// Writes the private key (0600, refusing to overwrite) and the public key at `path + ".pub"`.
    public func write(to path: String) throws(Failure) {
        let manager = FileManager.default
        if manager.fileExists(atPath: path) { throw Failure(description: "'\(path)' already exists; a key is never overwritten") }
        let privatePEM = Self.pem(label: "PRIVATE KEY", der: Self.privateKeyPrefix + Array(privateKey.rawRepresentation))
        guard manager.createFile(atPath: path, contents: Data(privatePEM.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw Failure(description: "cannot write the audit key '\(path)'")
        }
        guard manager.createFile(atPath: path + ".pub", contents: Data(publicKeyPEM.utf8), attributes: [.posixPermissions: 0o644]) else {
            throw Failure(description: "cannot write the public key '\(path).pub'")
        }
    }

    static func pem(label: String, der: [UInt8]) -> String {
        let body = Data(der).base64EncodedString(options: [.lineLength64Characters, .endLineWithLineFeed])
        return "-----BEGIN \(label)-----\n\(body)\n-----END \(label)-----\n"
    }

    static func pemBody(_ text: String, label: String) -> [UInt8]? {
        guard let begin = text.range(of: "-----BEGIN \(label)-----"), let end = text.range(of: "-----END \(label)-----"),
              begin.upperBound <= end.lowerBound else { return nil }
        let body = text[begin.upperBound..<end.lowerBound].filter { !$0.isWhitespace }
        return Data(base64Encoded: String(body)).map(Array.init)
    }
}
