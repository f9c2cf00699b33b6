/// The structured difference between two versions of a contract: schema objects and fields
/// (added, removed, retyped, nullability, defaults, keys, classification, docs, constraints),
/// quality rules, SLA, threshold, owner, status and descriptive metadata.
public enum ContractDiff {
    public static func changes(from old: DataContract, to new: DataContract) -> [ContractChange] {
        var changes: [ContractChange] = []
        let oldObjects = Dictionary(old.schema.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let newObjects = Dictionary(new.schema.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for object in old.schema where newObjects[object.name] == nil {
            changes.append(ContractChange(kind: .objectRemoved, path: object.name, old: "\(object.fields.count) fields"))
        }
        for object in new.schema {
            guard let previous = oldObjects[object.name] else {
                changes.append(ContractChange(kind: .objectAdded, path: object.name, new: "\(object.fields.count) fields"))
                continue
            }
            compareFields(previous.fields, object.fields, prefix: object.name, into: &changes)
        }

        let oldRules = Dictionary(old.quality.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let newRules = Dictionary(new.quality.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for rule in old.quality where newRules[rule.name] == nil {
            changes.append(ContractChange(kind: .qualityRuleRemoved, path: rule.name, old: rule.kind.expression))
        }
        for rule in new.quality {
            guard let previous = oldRules[rule.name] else {
                changes.append(ContractChange(kind: .qualityRuleAdded, path: rule.name, new: rule.kind.expression))
                continue
            }
            if previous.kind != rule.kind || previous.column != rule.column || previous.object != rule.object {
                changes.append(ContractChange(kind: .qualityRuleChanged, path: rule.name,
                                              old: previous.kind.expression, new: rule.kind.expression))
            }
        }

        func note(_ kind: ContractChange.Kind, _ path: String, _ before: String?, _ after: String?) {
            if before != after { changes.append(ContractChange(kind: kind, path: path, old: before, new: after)) }
        }
        note(.slaChanged, "sla.slaHours", String(old.serviceLevel.slaHours), String(new.serviceLevel.slaHours))
        note(.slaChanged, "sla.freshness", old.serviceLevel.freshness.description, new.serviceLevel.freshness.description)
        note(.slaChanged, "sla.availability", old.serviceLevel.availabilityPercent?.text, new.serviceLevel.availabilityPercent?.text)
        note(.slaChanged, "sla.retention", old.serviceLevel.retention, new.serviceLevel.retention)
        note(.qualityThresholdChanged, "qualityThreshold", old.qualityThreshold.text, new.qualityThreshold.text)
        note(.ownerChanged, "owner", old.owner?.rawValue, new.owner?.rawValue)
        note(.statusChanged, "status", old.status.rawValue, new.status.rawValue)
        note(.descriptionChanged, "description", old.description, new.description)
        note(.nameChanged, "name", old.name, new.name)
        note(.tagsChanged, "tags", old.tags.joined(separator: ","), new.tags.joined(separator: ","))
        return changes
    }

    static func compareFields(_ oldFields: [FieldSchema], _ newFields: [FieldSchema], prefix: String,
                              into changes: inout [ContractChange]) {
        // Fields are read in place and found by position: a copy of a field retains a dozen
        // references, and in a large schema almost every field is unchanged.
        oldFields.withUnsafeBufferPointer { oldBuffer in
            newFields.withUnsafeBufferPointer { newBuffer in
                guard let oldBase = oldBuffer.baseAddress, let newBase = newBuffer.baseAddress else {
                    compareFieldsByName(oldBuffer, newBuffer, prefix: prefix, into: &changes)
                    return
                }
                // Each old field's name → the position of the first old field of that name (the one a
                // new field of that name is compared with), in one hash lookup per old field.
                var firstOfName = [String: Int](minimumCapacity: oldBuffer.count)
                var firstOf = [Int](repeating: 0, count: oldBuffer.count)
                for position in 0..<oldBuffer.count {
                    firstOf[position] = ContractDiff.insertIfAbsent(&firstOfName[oldBase[position].name, default: position])
                }
                // Whether a new field has the name of the old field at that position (its first).
                var kept = [Bool](repeating: false, count: oldBuffer.count)
                // Changes of the new fields, reported after the removed ones.
                var later: [ContractChange] = []
                for position in 0..<newBuffer.count {
                    let field = newBase + position
                    // Versions keep their order: the old field at the same position is usually the one.
                    let previous: Int
                    if position < oldBuffer.count, firstOf[position] == position, oldBase[position].name == field.pointee.name {
                        previous = position
                    } else if let found = firstOfName[field.pointee.name] {
                        previous = found
                    } else {
                        later.append(ContractChange(kind: .fieldAdded, path: "\(prefix).\(field.pointee.name)",
                                                    new: field.pointee.type.description))
                        continue
                    }
                    kept[previous] = true
                    // An identical field has nothing to report; skip building the texts compared below.
                    if oldBase[previous] == field.pointee { continue }
                    compareField(oldBase[previous], field.pointee, path: "\(prefix).\(field.pointee.name)", into: &later)
                }
                for position in 0..<oldBuffer.count where !kept[firstOf[position]] {
                    changes.append(ContractChange(kind: .fieldRemoved, path: "\(prefix).\(oldBase[position].name)",
                                                  old: oldBase[position].type.description))
                }
                changes += later
            }
        }
    }

    /// The value stored at a dictionary entry reached with `[key, default: value]`: the existing
    /// value, or `value`, now inserted (one hash lookup for both).
    private static func insertIfAbsent(_ stored: inout Int) -> Int { stored }

    /// An empty side: every old field is removed, every new one added.
    private static func compareFieldsByName(_ oldBuffer: UnsafeBufferPointer<FieldSchema>, _ newBuffer: UnsafeBufferPointer<FieldSchema>,
                                            prefix: String, into changes: inout [ContractChange]) {
        for field in oldBuffer {
            changes.append(ContractChange(kind: .fieldRemoved, path: "\(prefix).\(field.name)", old: field.type.description))
        }
        for field in newBuffer {
            changes.append(ContractChange(kind: .fieldAdded, path: "\(prefix).\(field.name)", new: field.type.description))
        }
    }

    private static func compareField(_ previous: FieldSchema, _ field: FieldSchema, path: String, into changes: inout [ContractChange]) {
        func note(_ kind: ContractChange.Kind, _ before: String?, _ after: String?) {
            if before != after { changes.append(ContractChange(kind: kind, path: path, old: before, new: after)) }
        }
        let oldType = previous.type.nonNull
        let newType = field.type.nonNull
        if case .record(let oldRecord) = oldType, case .record(let newRecord) = newType, oldRecord.name == newRecord.name {
            compareFields(oldRecord.fields, newRecord.fields, prefix: path, into: &changes)
        } else if oldType != newType {
            note(.typeChanged, oldType.description, newType.description)
        }
        note(.requiredChanged, previous.isRequired ? "required" : "optional", field.isRequired ? "required" : "optional")
        note(.defaultChanged, previous.defaultValue?.canonicalText, field.defaultValue?.canonicalText)
        note(.uniqueChanged, String(previous.unique), String(field.unique))
        note(.primaryKeyChanged, String(previous.primaryKey), String(field.primaryKey))
        note(.classificationChanged, previous.classification, field.classification)
        note(.docChanged, previous.doc, field.doc)
        note(.constraintChanged, constraintText(previous), constraintText(field))
    }

    private static func constraintText(_ field: FieldSchema) -> String? {
        var parts: [String] = []
        if let minimum = field.minimum { parts.append("minimum=\(minimum)") }
        if let maximum = field.maximum { parts.append("maximum=\(maximum)") }
        if let maxLength = field.maxLength { parts.append("maxLength=\(maxLength)") }
        if let pattern = field.pattern { parts.append("pattern=\(pattern)") }
        return parts.isEmpty ? nil : parts.joined(separator: " ")
    }
}
