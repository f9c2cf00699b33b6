/// One difference between two versions of a contract, as recorded in `SchemaChanged`.
public struct ContractChange: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case objectAdded, objectRemoved
        case fieldAdded, fieldRemoved, typeChanged, requiredChanged, defaultChanged
        case uniqueChanged, primaryKeyChanged, classificationChanged, docChanged, constraintChanged
        case qualityRuleAdded, qualityRuleRemoved, qualityRuleChanged
        case slaChanged, qualityThresholdChanged, ownerChanged, statusChanged
        case descriptionChanged, tagsChanged, nameChanged
    }

    public var kind: Kind
    /// `object.field` for schema changes, the rule name or property otherwise.
    public var path: String
    public var old: String?
    public var new: String?

    public init(kind: Kind, path: String, old: String? = nil, new: String? = nil) {
        self.kind = kind
        self.path = path
        self.old = old
        self.new = new
    }

    /// `fieldAdded revenue_metrics.channel (string?)`, `typeChanged x.y: int → long`.
    public var description: String {
        switch (old, new) {
        case let (old?, new?): return "\(kind.rawValue) \(path): \(old) → \(new)"
        case let (nil, new?): return "\(kind.rawValue) \(path) (\(new))"
        case let (old?, nil): return "\(kind.rawValue) \(path) (was \(old))"
        case (nil, nil): return "\(kind.rawValue) \(path)"
        }
    }

    /// True for changes to the schema itself (what moves the schema version).
    public var isSchemaChange: Bool {
        switch kind {
        case .objectAdded, .objectRemoved, .fieldAdded, .fieldRemoved, .typeChanged, .requiredChanged,
             .defaultChanged, .uniqueChanged, .primaryKeyChanged, .classificationChanged, .constraintChanged:
            return true
        default:
            return false
        }
    }
}
