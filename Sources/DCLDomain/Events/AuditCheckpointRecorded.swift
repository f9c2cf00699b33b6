/// A signed statement of where every stream stood, kept in the ledger beside the copy an auditor
/// keeps elsewhere (see docs/security.md).
///
/// A hash chain proves that nothing *inside* a stream was altered or removed, but a stream whose
/// last events were deleted (or a contract whose only event was) still chains. A checkpoint names
/// every stream's head sequence and hash and the event count at one moment, signed with an
/// Ed25519 key kept outside the ledger; `dcl audit verify` compares the ledger against it.
///
/// The statement is kept as the exact text that was signed, so the signature can be checked
/// with standard tools from this payload or from the exported file alike.
///
/// ```swift
/// let event = AuditCheckpointRecorded(statement: #"{"eventCount":3,…}"#, signature: "base64…", publicKey: "base64…")
/// event.stream   // governance/audit
/// ```
public struct AuditCheckpointRecorded: Sendable, Hashable, Codable {
    public static let typeName = "AuditCheckpointRecorded"
    public static let schemaVersion = 1
    /// Every checkpoint is on one stream, so they are ordered and chained like any other history.
    public static let stream = StreamID(kind: .governance, subject: "audit")

    /// The canonical JSON text that was signed (UTF-8).
    public var statement: String
    /// Base64 of the Ed25519 signature over the statement's UTF-8 bytes.
    public var signature: String
    /// Base64 of the 32-byte Ed25519 public key that verifies the signature.
    public var publicKey: String

    public init(statement: String, signature: String, publicKey: String) {
        self.statement = statement
        self.signature = signature
        self.publicKey = publicKey
    }

    public var stream: StreamID { Self.stream }
}
