/// A change that breaks a subscribed consumer, named at field level:
/// `consumer finance-reporting reads revenue_metrics.order_count, removed here`.
///
/// ```swift
/// let impacts = ConsumerImpact.assess(changes: decision.changes, consumers: state.consumers[id] ?? [:],
///                                     contractId: id, version: newVersion)
/// impacts.map(\.description)
/// ```
public struct ConsumerImpact: Sendable, Hashable, Codable, CustomStringConvertible {
    public var consumer: String
    public var contractId: ContractID
    public var version: SemanticVersion
    /// The property (or object, or contract-level field) the consumer reads that the change touches.
    public var path: String
    public var change: String
    /// Whether the consumer signed this version off (`dcl approve`).
    public var approved: Bool

    public var description: String {
        "consumer \(consumer) reads \(path), \(change) here" + (approved ? " (signed off)" : "")
    }

    /// The changes of a new version that break subscribed consumers: every change graded as
    /// breaking for consumers (or both) on a property a consumer reads. A consumer pinned to a
    /// major version is broken only by a version in that major (a new major leaves it on its own).
    public static func assess(changes: [ClassifiedChange], consumers: [String: ConsumerSubscription],
                              contractId: ContractID, version: SemanticVersion) -> [ConsumerImpact] {
        assess(gradedChanges: changes.map(\.gradedChange), consumers: consumers, contractId: contractId, version: version)
    }

    /// The same from changes carrying their grade (as `SchemaChanged` records them).
    public static func assess(gradedChanges: [ContractChange], consumers: [String: ConsumerSubscription],
                              contractId: ContractID, version: SemanticVersion) -> [ConsumerImpact] {
        var impacts: [ConsumerImpact] = []
        let breaking = gradedChanges.filter { $0.grade == .breakingForConsumers || $0.grade == .breakingForBoth }
        for subscription in consumers.values.sorted(by: { $0.consumer < $1.consumer }) {
            if let major = subscription.major, major != version.major { continue }
            for change in breaking where subscription.reads(change.path) {
                impacts.append(ConsumerImpact(consumer: subscription.consumer, contractId: contractId, version: version,
                                              path: change.path, change: wording(change),
                                              approved: subscription.approvedVersions.contains(version)))
            }
        }
        return impacts
    }

    static func wording(_ change: ContractChange) -> String {
        switch change.kind {
        case .fieldRemoved: return "removed"
        case .objectRemoved: return "object removed"
        case .typeChanged: return "type changed" + (change.old.map { " from \($0)" } ?? "") + (change.new.map { " to \($0)" } ?? "")
        case .requiredChanged: return "no longer required"
        case .qualityRuleRemoved: return "quality rule removed"
        case .slaChanged: return "SLA loosened" + (change.old.map { " from \($0)" } ?? "") + (change.new.map { " to \($0)" } ?? "")
        default: return "\(change.kind.rawValue)" + (change.new.map { " (\($0))" } ?? "")
        }
    }
}
