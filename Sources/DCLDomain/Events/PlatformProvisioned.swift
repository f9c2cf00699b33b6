/// An approved request's infrastructure exists (approved → provisioned). Terminal.
public struct PlatformProvisioned: Sendable, Hashable, Codable {
    public static let typeName = "PlatformProvisioned"
    public static let schemaVersion = 1

    public var requestId: String
    /// Where it lives (a bucket, a cluster), as the platform reports it.
    public var note: String?

    public init(requestId: String, note: String?) {
        self.requestId = requestId
        self.note = note
    }
}
