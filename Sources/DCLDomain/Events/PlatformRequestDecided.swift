/// The platform team approved or rejected a request (requested → approved | rejected).
public struct PlatformRequestDecided: Sendable, Hashable, Codable {
    public static let typeName = "PlatformRequestDecided"
    public static let schemaVersion = 1

    public var requestId: String
    public var approved: Bool
    public var reason: String?

    public init(requestId: String, approved: Bool, reason: String?) {
        self.requestId = requestId
        self.approved = approved
        self.reason = reason
    }
}
