/// A product's service-level promise: the seed's `sla_hours` (how late data may be
/// delivered) and `freshness_sla` (how old the newest data may be), plus ODCS availability.
public struct ServiceLevel: Sendable, Hashable, Codable {
    /// Seed: `sla_hours INT NOT NULL DEFAULT 4`. ODCS `slaProperties` `latency`.
    public var slaHours: Int
    /// Seed: `freshness_sla VARCHAR(20) NOT NULL DEFAULT 'daily'`. ODCS `frequency`.
    public var freshness: TimeSpan
    /// ODCS `availability`, in percent (`99.9`).
    public var availabilityPercent: NumericLiteral?
    /// ODCS `retention`, as written (`1y`).
    public var retention: String?

    public init(slaHours: Int = 4, freshness: TimeSpan = TimeSpan(seconds: 86_400),
                availabilityPercent: NumericLiteral? = nil, retention: String? = nil) {
        self.slaHours = slaHours
        self.freshness = freshness
        self.availabilityPercent = availabilityPercent
        self.retention = retention
    }

    public static let `default` = ServiceLevel()
}
