/// A length of time written the way contract authors write it: `30m`, `4h`, `2d`, `1w`,
/// or the words `hourly`, `daily`, `weekly` (the seed's `freshness_sla` defaults to `daily`).
public struct TimeSpan: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let seconds: Int64

    public init(seconds: Int64) { self.seconds = seconds }
    public static func hours(_ count: Int64) -> TimeSpan { TimeSpan(seconds: count * 3600) }

    public init?(_ text: String) {
        let lowered = text.trimmingSpaces.lowercased()
        switch lowered {
        case "hourly": self.init(seconds: 3600); return
        case "daily": self.init(seconds: 86_400); return
        case "weekly": self.init(seconds: 604_800); return
        default: break
        }
        let digits = lowered.prefix { $0.isASCIIDigit }
        let unit = lowered.dropFirst(digits.count).trimmingSpaces
        guard let count = Int64(digits), count > 0 else { return nil }
        let scale: Int64
        switch unit {
        case "s", "sec", "second", "seconds": scale = 1
        case "m", "min", "minute", "minutes": scale = 60
        case "h", "hr", "hour", "hours": scale = 3600
        case "d", "day", "days": scale = 86_400
        case "w", "week", "weeks": scale = 604_800
        default: return nil
        }
        self.init(seconds: count * scale)
    }

    /// The largest whole unit that divides the span: `4h`, `2d`, `90m`.
    public var description: String {
        for (unit, size) in [("w", Int64(604_800)), ("d", 86_400), ("h", 3600), ("m", 60)] where seconds % size == 0 {
            return "\(seconds / size)\(unit)"
        }
        return "\(seconds)s"
    }

    public var hours: Double { Double(seconds) / 3600 }

    public static func < (lhs: TimeSpan, rhs: TimeSpan) -> Bool { lhs.seconds < rhs.seconds }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let span = TimeSpan(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not a time span")
        }
        self = span
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
