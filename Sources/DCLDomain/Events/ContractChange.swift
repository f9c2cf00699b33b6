/// One difference between two versions of a contract, as recorded in `SchemaChanged`.
public struct ContractChange: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case objectAdded, objectRemoved
        case fieldAdded, fieldRemoved, typeChanged, requiredChanged, defaultChanged
        case uniqueChanged, primaryKeyChanged, classificationChanged, docChanged, constraintChanged
        case qualityRuleAdded, qualityRuleRemoved, qualityRuleChanged
        case slaChanged, qualityThresholdChanged, ownerChanged, statusChanged
        case descriptionChanged, tagsChanged, nameChanged
        // Found by the document diff (`DocumentDiff`, grading rules v2).
        case relationshipAdded, relationshipRemoved, relationshipChanged
        case enumValuesChanged, physicalNameChanged, physicalTypeChanged
        case qualityRuleRenamed, qualitySeverityChanged
        case customPropertyChanged, authoritativeDefinitionChanged
        case roleChanged, serverAdded, serverRemoved, serverChanged, supportChanged, teamChanged
        case metadataChanged
    }

    public var kind: Kind
    /// `object.field` for schema changes, the rule name or property otherwise.
    public var path: String
    public var old: String?
    public var new: String?
    /// Whom the change hurts. Recorded since `SchemaChanged` v2; older events are upcast with
    /// their kind's usual grade (`Kind.usualGrade`).
    public var grade: ChangeSeverity?

    public init(kind: Kind, path: String, old: String? = nil, new: String? = nil, grade: ChangeSeverity? = nil) {
        self.grade = grade
        self.kind = kind
        self.path = path
        self.old = old
        self.new = new
    }

    /// `fieldAdded revenue_metrics.channel (string?)`, `typeChanged x.y: int → long`; with
    /// ` [grade]` when graded.
    public var description: String {
        let text: String
        switch (old, new) {
        case let (old?, new?): text = "\(kind.rawValue) \(path): \(old) → \(new)"
        case let (nil, new?): text = "\(kind.rawValue) \(path) (\(new))"
        case let (old?, nil): text = "\(kind.rawValue) \(path) (was \(old))"
        case (nil, nil): text = "\(kind.rawValue) \(path)"
        }
        return grade.map { "\(text) [\($0)]" } ?? text
    }

    /// The change without its grade (how the classifier and `ClassifiedChange` print it).
    public var ungraded: ContractChange {
        var copy = self
        copy.grade = nil
        return copy
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
