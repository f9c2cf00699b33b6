/// The seed's self-serve compute tiers (`ComputeTier`), as data: what each gives a data product
/// and what `dcl init --tier` writes into a new contract's SLA.
///
/// ```swift
/// ComputeTier.medium.freshnessHours            // 12
/// ComputeTier.medium.cluster(for: "marketing") // "marketing-wh-medium"
/// ```
public enum ComputeTier: String, Sendable, Hashable, Codable, CaseIterable {
    case xsmall = "x-small", small, medium, large, xlarge = "x-large"

    /// Storage granted when a request names none, in GB.
    public var defaultStorageGB: Int {
        switch self {
        case .xsmall: return 10
        case .small: return 50
        case .medium: return 100
        case .large: return 500
        case .xlarge: return 2000
        }
    }

    /// The most storage a request of this tier may ask for, in GB.
    public var maxStorageGB: Int { defaultStorageGB * 10 }

    /// The freshness a product on this tier can promise, in hours (larger tiers refresh more often).
    public var freshnessHours: Int {
        switch self {
        case .xsmall: return 48
        case .small: return 24
        case .medium: return 12
        case .large: return 6
        case .xlarge: return 1
        }
    }

    /// The seed's cluster name: `marketing-wh-medium`.
    public func cluster(for domain: String) -> String { "\(domain)-wh-\(rawValue)" }
}
