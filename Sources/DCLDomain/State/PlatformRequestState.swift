/// A self-serve platform request and where it stands: requested → approved | rejected → provisioned.
///
/// ```swift
/// let open = state.platformRequests.values.filter { $0.status == .requested }
/// open.map { "\($0.request.domain).\($0.request.product) by \($0.requestedBy)" }
/// ```
public struct PlatformRequestState: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Hashable, Codable { case requested, approved, rejected, provisioned }

    public var request: PlatformRequested
    public var status: Status
    public var requestedBy: String
    public var requestedAt: Timestamp
    public var decidedBy: String?
    public var decidedAt: Timestamp?
    public var reason: String?
    public var provisionedAt: Timestamp?
    public var note: String?

    public init(_ request: PlatformRequested, by actor: String, at time: Timestamp) {
        self.request = request
        status = .requested
        requestedBy = actor
        requestedAt = time
    }
}
