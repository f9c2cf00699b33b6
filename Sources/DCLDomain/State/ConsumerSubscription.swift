/// A consumer's subscription to a contract, and the versions it has signed off.
///
/// ```swift
/// let finance = state.consumers[id]?["finance-reporting"]
/// finance?.reads("revenue_metrics.order_count")   // true when it subscribed with --fields order_count
/// ```
public struct ConsumerSubscription: Sendable, Hashable, Codable {
    public var consumer: String
    /// `object.property` paths (or bare property names) read; empty: every property.
    public var fields: [String]
    public var major: Int?
    public var consumerDomain: String?
    public var subscribedAt: Timestamp
    /// Versions this consumer approved before they were published.
    public var approvedVersions: [SemanticVersion] = []

    public init(_ event: ConsumerSubscribed, at time: Timestamp) {
        consumer = event.consumer
        fields = event.fields
        major = event.major
        consumerDomain = event.consumerDomain
        subscribedAt = time
    }

    /// Whether it reads the property at `path` (or everything under an object `path`).
    public func reads(_ path: String) -> Bool {
        guard !fields.isEmpty else { return true }
        return fields.contains { field in
            field == path || field.hasPrefix(path + ".") || path.hasPrefix(field + ".")
                || (!field.contains(".") && path.split(separator: ".").last.map(String.init) == field)
        }
    }

    /// The properties of `paths` it reads, for naming at field level.
    public func readPaths(among paths: [String]) -> [String] { paths.filter(reads) }
}
