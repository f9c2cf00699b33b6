/// `dcl projections status`: per projector, where it stands and how fast it went.
public struct ProjectorStatus: Sendable, Codable, Hashable {
    public var projector: String
    public var position: Int64
    public var logEnd: Int64
    public var lag: Int64
    public var events: Int64
    public var eventsPerSecond: Double
    public var quarantined: Int64
}
