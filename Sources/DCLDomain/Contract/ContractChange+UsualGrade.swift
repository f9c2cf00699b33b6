extension ContractChange.Kind {
    /// The grade a change of this kind usually gets, and why: the table in `docs/compatibility.md`.
    /// The classifier grades each change from both versions (a constraint tightened or loosened, a
    /// type widened or narrowed), so kinds that go both ways list their most common grade here.
    /// Upcasting a `SchemaChanged` v1 event, which carried no grades, uses this table.
    public var usualGrade: (grade: ChangeSeverity, reason: String) {
        switch self {
        case .objectAdded: return (.info, "a new object; no consumer relied on it yet")
        case .objectRemoved: return (.breakingForConsumers, "consumers of this object lose it")
        case .fieldAdded: return (.info, "an optional or defaulted field; existing readers ignore it (a required one without default breaks producers)")
        case .fieldRemoved: return (.breakingForConsumers, "consumers reading this field lose it")
        case .typeChanged: return (.breakingForBoth, "widened breaks consumers, narrowed breaks producers, unrelated types both")
        case .requiredChanged: return (.breakingForConsumers, "made optional: consumers may receive nulls (made required breaks producers)")
        case .defaultChanged: return (.info, "readers fill this value in for data that lacks the field")
        case .uniqueChanged: return (.breakingForConsumers, "uniqueness dropped: consumers can no longer rely on it (added breaks producers)")
        case .primaryKeyChanged: return (.breakingForBoth, "row identity changes for upserts, joins and deduplication")
        case .classificationChanged: return (.breakingForBoth, "access, masking and retention rules for the field change")
        case .docChanged: return (.info, "documentation only")
        case .constraintChanged: return (.breakingForConsumers, "loosened: consumers may receive values they excluded (tightened breaks producers)")
        case .qualityRuleAdded: return (.breakingForProducers, "a new guarantee producers must meet")
        case .qualityRuleRemoved: return (.breakingForConsumers, "a guarantee consumers relied on is withdrawn")
        case .qualityRuleChanged: return (.breakingForBoth, "loosened breaks consumers, tightened producers; a rule dcl cannot order breaks both")
        case .slaChanged: return (.breakingForConsumers, "loosened: consumers get less than promised (tightened breaks producers)")
        case .qualityThresholdChanged: return (.breakingForConsumers, "lowered: consumers get less (raised breaks producers)")
        case .ownerChanged, .statusChanged, .descriptionChanged, .tagsChanged, .nameChanged: return (.info, "metadata only")
        case .relationshipAdded: return (.breakingForProducers, "producers must now keep the reference valid")
        case .relationshipRemoved: return (.breakingForConsumers, "consumers joining on the reference lose its guarantee")
        case .relationshipChanged: return (.breakingForBoth, "the reference points elsewhere: joins on both sides change")
        case .enumValuesChanged: return (.breakingForConsumers, "a value added reaches readers that do not know it; a value removed breaks both")
        case .physicalNameChanged: return (.breakingForConsumers, "queries by the physical name stop working")
        case .physicalTypeChanged: return (.breakingForBoth, "the storage type changed (a length narrowed breaks producers, widened consumers)")
        case .qualityRuleRenamed: return (.info, "the same check under another name")
        case .qualitySeverityChanged: return (.breakingForConsumers, "lowered: a failure no longer stops the data (raised breaks producers)")
        case .customPropertyChanged, .authoritativeDefinitionChanged: return (.info, "metadata only")
        case .roleChanged: return (.info, "access roles are governance metadata; access itself is granted elsewhere")
        case .serverAdded: return (.info, "a new place to read the data")
        case .serverRemoved: return (.breakingForConsumers, "consumers reading from this server lose it")
        case .serverChanged: return (.breakingForConsumers, "consumers connect to this server as it was described")
        case .supportChanged, .teamChanged: return (.info, "who to ask changes, not the data")
        case .metadataChanged: return (.info, "descriptive metadata only")
        }
    }
}
