/// `dcl projections status`: per projector, where it stands and how fast it went.
public struct ProjectorStatus: Sendable, Codable, Hashable {
    public var projector: String
    public var position: Int64
    public var logEnd: Int64
    public var lag: Int64
    public var events: Int64
    public var eventsPerSecond: Double
    public var quarantined: Int64

    public init(projector: String, position: Int64, logEnd: Int64, lag: Int64, events: Int64, eventsPerSecond: Double, quarantined: Int64) {
        self.projector = projector
        self.position = position
        self.logEnd = logEnd
        self.lag = lag
        self.events = events
        self.eventsPerSecond = eventsPerSecond
        self.quarantined = quarantined
    }
}
