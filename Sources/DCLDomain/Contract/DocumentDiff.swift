/// The differences between two ODCS documents that the contract model does not hold: relationships,
/// enum values, length and exclusive bounds, physical names and types, quality rules dcl keeps as
/// documentation (`sql`, `text`, thresholds), rule severities, SLA elements, descriptions, tags,
/// custom properties, authoritative definitions, roles, servers, support channels and team members.
///
/// `ContractDiff` compares what the model holds (types, nullability, keys, checked rules, SLA
/// values); this walks the rest of the document, so that together every field is compared once.
/// Lists are matched by their natural key (`name`, `property`, `server`, `channel`, `username`…),
/// so reordering a list is not a change.
///
/// ```swift
/// let changes = DocumentDiff.changes(from: oldDocument, to: newDocument)
/// changes.map(\.description)   // ["MINOR relationshipRemoved orders.customer_id.relationships[customers.id] … [breaking-for-consumers]: …"]
/// ```
public enum DocumentDiff {
    public static func changes(from old: JSONValue, to new: JSONValue) -> [ClassifiedChange] {
        var walker = Walker()
        walker.root(old.objectMembers, new.objectMembers)
        return walker.changes
    }

    struct Walker {
        var changes: [ClassifiedChange] = []

        mutating func add(_ kind: ContractChange.Kind, _ path: String, _ old: JSONValue?, _ new: JSONValue?,
                          _ grade: ChangeSeverity? = nil, _ reason: String? = nil) {
            let usual = kind.usualGrade
            let severity = grade ?? usual.grade
            // Loosened quality or SLA promises are MAJOR in any mode; other changes MINOR, or PATCH
            // when nobody relies on them. Consumer-first modes raise consumer-breaking ones to MAJOR.
            let bump: VersionBump = severity == .info ? .patch : .minor
            changes.append(ClassifiedChange(change: ContractChange(kind: kind, path: path, old: old.map(Walker.text), new: new.map(Walker.text)),
                                            severity: severity, bump: bump, reason: reason ?? usual.reason))
        }

        static func text(_ value: JSONValue) -> String {
            if case .string(let text) = value { return text }
            return value.canonicalText
        }

        // MARK: Top level

        /// Top-level keys the model diff (`ContractDiff`) already compares, or that are the version itself.
        static let modelledTopLevel: Set<String> = ["version", "status", "name", "tags", "schema", "quality", "slaProperties",
                                                    "customProperties", "description", "team", "id", "kind"]

        mutating func root(_ old: [String: JSONValue], _ new: [String: JSONValue]) {
            for key in Set(old.keys).union(new.keys).sorted() where !Walker.modelledTopLevel.contains(key) {
                let (before, after) = (old[key], new[key])
                guard before != after else { continue }
                switch key {
                case "servers": keyedList(before, after, key: "server", path: "servers", added: .serverAdded, removed: .serverRemoved, changed: .serverChanged)
                case "support": keyedList(before, after, key: "channel", path: "support", added: .supportChanged, removed: .supportChanged, changed: .supportChanged)
                case "roles": keyedList(before, after, key: "role", path: "roles", added: .roleChanged, removed: .roleChanged, changed: .roleChanged)
                case "authoritativeDefinitions": authoritativeDefinitions(before, after, path: key)
                default: add(.metadataChanged, key, before, after)
                }
            }
            // `description`: the model keeps the purpose; usage, limitations and the rest are here.
            descriptionObject(old["description"], new["description"], path: "description", skipPurpose: true)
            customProperties(old["customProperties"], new["customProperties"], path: "customProperties", skip: ["qualityThreshold"])
            team(old["team"], new["team"])
            slaProperties(old["slaProperties"], new["slaProperties"])
            qualityList(old["quality"], new["quality"], path: "quality")
            schema(old["schema"], new["schema"])
        }

        // MARK: Schema

        mutating func schema(_ old: JSONValue?, _ new: JSONValue?) {
            let before = Walker.keyed(old, key: "name")
            let after = Walker.keyed(new, key: "name")
            for (name, newObject) in after.pairs {
                // Objects added or removed are the model diff's; here only what changed inside
                // (an object equal in both versions has nothing to walk).
                guard let oldObject = before.map[name], oldObject != newObject else { continue }
                objectMembers(oldObject.objectMembers, newObject.objectMembers, path: name)
            }
        }

        /// Object keys the model compares (or that hold children walked separately).
        static let modelledObjectKeys: Set<String> = ["name", "properties", "quality"]

        mutating func objectMembers(_ old: [String: JSONValue], _ new: [String: JSONValue], path: String) {
            for key in Set(old.keys).union(new.keys).sorted() where !Walker.modelledObjectKeys.contains(key) {
                let (before, after) = (old[key], new[key])
                guard before != after else { continue }
                let place = "\(path).\(key)"
                switch key {
                case "physicalName": add(.physicalNameChanged, place, before, after)
                case "physicalType": add(.physicalTypeChanged, place, before, after, .info, "the kind of object (table, view, topic) is described differently; its data is the same")
                case "description": add(.descriptionChanged, place, before, after)
                case "tags": add(.tagsChanged, place, before, after)
                case "relationships": relationships(before, after, path: path, implicitFrom: nil)
                case "customProperties": customProperties(before, after, path: place, skip: [])
                case "authoritativeDefinitions": authoritativeDefinitions(before, after, path: place)
                default: add(.metadataChanged, place, before, after)
                }
            }
            qualityList(old["quality"], new["quality"], path: "\(path).quality")
            properties(old["properties"], new["properties"], path: path)
        }

        mutating func properties(_ old: JSONValue?, _ new: JSONValue?, path: String) {
            let before = Walker.keyed(old, key: "name")
            let after = Walker.keyed(new, key: "name")
            for (name, newProperty) in after.pairs {
                // Most properties of a large schema are unchanged: comparing them is cheaper than
                // walking their keys (sets, sorting and paths per property).
                guard let oldProperty = before.map[name], oldProperty != newProperty else { continue }
                property(oldProperty.objectMembers, newProperty.objectMembers, path: "\(path).\(name)")
            }
        }

        /// Property keys the model compares: name, types, nullability, keys, classification, doc.
        static let modelledPropertyKeys: Set<String> = ["name", "logicalType", "required", "unique", "primaryKey",
                                                        "classification", "description", "properties", "items", "quality",
                                                        "logicalTypeOptions", "customProperties", "physicalType"]

        mutating func property(_ old: [String: JSONValue], _ new: [String: JSONValue], path: String) {
            for key in Set(old.keys).union(new.keys).sorted() where !Walker.modelledPropertyKeys.contains(key) {
                let (before, after) = (old[key], new[key])
                guard before != after else { continue }
                let place = "\(path).\(key)"
                switch key {
                case "physicalName": add(.physicalNameChanged, place, before, after)
                case "tags": add(.tagsChanged, place, before, after)
                case "relationships": relationships(before, after, path: path, implicitFrom: path)
                case "authoritativeDefinitions": authoritativeDefinitions(before, after, path: place)
                case "enum": enumValues(before, after, path: place)
                case "primaryKeyPosition": add(.primaryKeyChanged, place, before, after)
                default: add(.metadataChanged, place, before, after)
                }
            }
            physicalType(old["physicalType"], new["physicalType"], path: "\(path).physicalType")
            logicalTypeOptions(old["logicalTypeOptions"]?.objectMembers ?? [:], new["logicalTypeOptions"]?.objectMembers ?? [:],
                               path: "\(path).logicalTypeOptions")
            customProperties(old["customProperties"], new["customProperties"], path: "\(path).customProperties",
                             skip: ["dcl.avroType", "dcl.default"])
            qualityList(old["quality"], new["quality"], path: "\(path).quality")
            properties(old["properties"], new["properties"], path: path)
            if let oldItems = old["items"]?.objectMembers, let newItems = new["items"]?.objectMembers {
                property(oldItems, newItems, path: "\(path).items")
            }
        }

        /// Bounds the model holds (minimum, maximum, maxLength, pattern, format) are compared there.
        mutating func logicalTypeOptions(_ old: [String: JSONValue], _ new: [String: JSONValue], path: String) {
            let modelled: Set<String> = ["minimum", "maximum", "maxLength", "pattern", "format"]
            for key in Set(old.keys).union(new.keys).sorted() where !modelled.contains(key) {
                let (before, after) = (old[key], new[key])
                guard before != after else { continue }
                let place = "\(path).\(key)"
                switch key {
                case "minLength", "exclusiveMinimum", "minItems":
                    bound(before, after, path: place, tighterWhenLarger: true)
                case "exclusiveMaximum", "maxItems":
                    bound(before, after, path: place, tighterWhenLarger: false)
                case "enum":
                    enumValues(before, after, path: place)
                default:
                    add(.constraintChanged, place, before, after, .breakingForBoth, "a type option changed that dcl cannot order")
                }
            }
        }

        /// A numeric bound (or `exclusiveMinimum: true`): tightened breaks producers, loosened consumers.
        mutating func bound(_ old: JSONValue?, _ new: JSONValue?, path: String, tighterWhenLarger: Bool) {
            let grade: ChangeSeverity
            switch (old.flatMap(Walker.number), new.flatMap(Walker.number)) {
            case (nil, _?) where old == nil: grade = .breakingForProducers
            case (_?, nil) where new == nil: grade = .breakingForConsumers
            case let (before?, after?): grade = (after > before) == tighterWhenLarger ? .breakingForProducers : .breakingForConsumers
            default:
                // Booleans (`exclusiveMinimum: true` in older JSON Schema): true tightens.
                grade = new == .bool(true) || (old == .bool(false) && new != nil) ? .breakingForProducers : .breakingForConsumers
            }
            add(.constraintChanged, path, old, new, grade, grade == .breakingForProducers
                ? "constraint tightened: producers must fit it, earlier data may not"
                : "constraint loosened: consumers may receive values they excluded")
        }

        static func number(_ value: JSONValue) -> Double? {
            switch value {
            case .number(let literal): return Double(literal)
            case .string(let text): return Double(text)
            default: return nil
            }
        }

        mutating func enumValues(_ old: JSONValue?, _ new: JSONValue?, path: String) {
            let before = Set(old?.arrayItems.map(Walker.text) ?? [])
            let after = Set(new?.arrayItems.map(Walker.text) ?? [])
            let added = after.subtracting(before).sorted()
            let removed = before.subtracting(after).sorted()
            if !added.isEmpty {
                add(.enumValuesChanged, path, nil, .string("added " + added.joined(separator: ", ")), .breakingForConsumers,
                    "readers of earlier versions meet values they do not know")
            }
            if !removed.isEmpty {
                add(.enumValuesChanged, path, .string("removed " + removed.joined(separator: ", ")), nil, .breakingForBoth,
                    "consumers filtering on the value lose it, and earlier data still holds it")
            }
        }

        /// `varchar(10)` → `varchar(5)`: a length in the physical type is a constraint. Other physical
        /// changes that alter the logical type are the model's `typeChanged`.
        mutating func physicalType(_ old: JSONValue?, _ new: JSONValue?, path: String) {
            guard old != new else { return }
            let before = old.map(Walker.text).map(Walker.parsePhysical)
            let after = new.map(Walker.text).map(Walker.parsePhysical)
            if let before, let after, before.base == after.base {
                switch (before.length, after.length) {
                case let (oldLength?, newLength?) where oldLength != newLength:
                    let narrowed = newLength < oldLength
                    add(.constraintChanged, path, old, new, narrowed ? .breakingForProducers : .breakingForConsumers,
                        narrowed ? "length narrowed: producers must fit it, earlier data may not"
                                 : "length widened: consumers' columns sized for the old length may not hold new values")
                    return
                case (nil, nil):
                    return  // same type, spelled differently (case, spaces)
                default:
                    break
                }
            }
            // Numeric, temporal and decimal physical types are compared by the model as types.
            if let before, let after, Walker.modelledPhysical.contains(before.base) && Walker.modelledPhysical.contains(after.base) { return }
            add(.physicalTypeChanged, path, old, new)
        }

        static let modelledPhysical: Set<String> = [
            "int", "integer", "int2", "int4", "int8", "smallint", "tinyint", "mediumint", "bigint", "serial", "bigserial", "int64", "long",
            "decimal", "numeric", "number", "dec", "float", "real", "float4", "float32", "double", "double precision", "float8", "float64",
            "date", "timestamp", "timestamptz", "datetime", "datetime2", "time", "timetz", "boolean", "bool", "uuid",
        ]

        /// `VARCHAR(10)` → (`varchar`, 10); `decimal(12,2)` → (`decimal`, nil).
        static func parsePhysical(_ text: String) -> (base: String, length: Int?) {
            let lowered = text.lowercased()
            guard let open = lowered.firstIndex(of: "("), let close = lowered.lastIndex(of: ")"), open < close else {
                return (lowered.trimmingSpaces, nil)
            }
            let base = String(lowered[..<open]).trimmingSpaces
            let inside = lowered[lowered.index(after: open)..<close]
            let stringTypes: Set<String> = ["varchar", "char", "nvarchar", "nchar", "varchar2", "nvarchar2", "character varying",
                                            "character", "string", "text", "varbinary", "binary"]
            guard stringTypes.contains(base), !inside.contains(",") else { return (lowered.trimmingSpaces, nil) }
            return (base, Int(inside.trimmingSpaces))
        }

        // MARK: Relationships

        /// A relationship's identity is where it points from and to; its type and properties are its content.
        mutating func relationships(_ old: JSONValue?, _ new: JSONValue?, path: String, implicitFrom: String?) {
            func key(_ value: JSONValue) -> String {
                let members = value.objectMembers
                let from = members["from"].map(Walker.text) ?? implicitFrom ?? ""
                return from + "->" + (members["to"].map(Walker.text) ?? "")
            }
            let before = Dictionary((old?.arrayItems ?? []).map { (key($0), $0) }, uniquingKeysWith: { first, _ in first })
            let after = Dictionary((new?.arrayItems ?? []).map { (key($0), $0) }, uniquingKeysWith: { first, _ in first })
            var removed = before.keys.filter { after[$0] == nil }.sorted()
            var added = after.keys.filter { before[$0] == nil }.sorted()
            // One removed and one added from the same place: the reference was retargeted.
            while let gone = removed.first, let index = added.firstIndex(where: { $0.split(separator: ">").first == gone.split(separator: ">").first }) {
                let target = added.remove(at: index)
                removed.removeFirst()
                add(.relationshipChanged, "\(path).relationships", before[gone], after[target])
            }
            for gone in removed { add(.relationshipRemoved, "\(path).relationships", before[gone], nil) }
            for target in added { add(.relationshipAdded, "\(path).relationships", nil, after[target]) }
            for (name, value) in after.sorted(by: { $0.key < $1.key }) {
                if let previous = before[name], previous != value {
                    add(.relationshipChanged, "\(path).relationships", previous, value)
                }
            }
        }

        // MARK: Quality rules

        /// Rules are matched by `name`, else by position in their list. The model diff compares the
        /// checks dcl runs; here: severities, rules dcl keeps as documentation only, and descriptions.
        mutating func qualityList(_ old: JSONValue?, _ new: JSONValue?, path: String) {
            let before = old?.arrayItems ?? []
            let after = new?.arrayItems ?? []
            func key(_ rule: JSONValue, _ index: Int) -> String {
                rule.objectMembers["name"].map(Walker.text) ?? "[\(index)]"
            }
            let oldByKey = Dictionary(before.enumerated().map { (key($1, $0), $1) }, uniquingKeysWith: { first, _ in first })
            let newByKey = Dictionary(after.enumerated().map { (key($1, $0), $1) }, uniquingKeysWith: { first, _ in first })
            for (index, rule) in before.enumerated() where newByKey[key(rule, index)] == nil && !Walker.isModelled(rule) {
                add(.qualityRuleRemoved, "\(path)\(Walker.suffix(key(rule, index)))", rule, nil)
            }
            for (index, rule) in after.enumerated() {
                let name = key(rule, index)
                let place = "\(path)\(Walker.suffix(name))"
                guard let previous = oldByKey[name] else {
                    if !Walker.isModelled(rule) { add(.qualityRuleAdded, place, nil, rule) }
                    continue
                }
                qualityRule(previous.objectMembers, rule.objectMembers, path: place,
                            documentOnly: !Walker.isModelled(previous) || !Walker.isModelled(rule))
            }
        }

        static func suffix(_ key: String) -> String { key.hasPrefix("[") ? key : "[\(key)]" }

        static let severityOrder = ["info": 0, "warning": 1, "warn": 1, "error": 2, "critical": 3]
        static let ruleDescriptionKeys: Set<String> = ["description", "dimension", "businessImpact", "schedule", "scheduler",
                                                       "method", "tags", "authoritativeDefinitions", "customProperties", "name", "id"]

        mutating func qualityRule(_ old: [String: JSONValue], _ new: [String: JSONValue], path: String, documentOnly: Bool) {
            if old["severity"] != new["severity"] {
                let before = old["severity"].map(Walker.text).flatMap { Walker.severityOrder[$0.lowercased()] }
                let after = new["severity"].map(Walker.text).flatMap { Walker.severityOrder[$0.lowercased()] }
                let grade: ChangeSeverity
                if let before, let after {
                    grade = after > before ? .breakingForProducers : .breakingForConsumers
                } else {
                    grade = .breakingForBoth
                }
                add(.qualitySeverityChanged, "\(path).severity", old["severity"], new["severity"], grade,
                    grade == .breakingForProducers ? "raised: a failure now stops the data, producers must meet it"
                        : grade == .breakingForConsumers ? "lowered: a failure no longer stops the data consumers receive"
                        : "a severity dcl cannot order")
            }
            for key in Set(old.keys).union(new.keys).sorted() where key != "severity" && old[key] != new[key] {
                if Walker.ruleDescriptionKeys.contains(key) {
                    add(.docChanged, "\(path).\(key)", old[key], new[key])
                } else if documentOnly {
                    // A check dcl does not run (SQL, a threshold, a percentage): it cannot tell a
                    // stricter check from a looser one, so both sides must look.
                    add(.qualityRuleChanged, "\(path).\(key)", old[key], new[key], .breakingForBoth,
                        "a check dcl keeps as documentation changed; dcl cannot tell whether it is stricter or looser")
                }
            }
        }

        /// True for rules `ODCSReader` turns into checked `QualityRule`s (compared by `ContractDiff`).
        static func isModelled(_ rule: JSONValue) -> Bool {
            let members = rule.objectMembers
            let type = members["type"].map(Walker.text)?.lowercased()
            switch type {
            case "text", "sql": return false
            case "custom": return members["engine"].map(Walker.text)?.lowercased() == "dcl"
            case nil, "library":
                guard let metric = (members["metric"] ?? members["rule"]).map(Walker.text)?.lowercased() else { return false }
                let unit = members["unit"].map(Walker.text)?.lowercased()
                guard unit == nil || unit == "rows" else { return false }
                let comparisons = ["mustBe", "mustNotBe", "mustBeGreaterThan", "mustBeGreaterOrEqualTo", "mustBeLessThan",
                                   "mustBeLessOrEqualTo", "mustBeBetween", "mustNotBeBetween"].filter { members[$0] != nil }
                switch metric {
                case "nullcheck": return comparisons.isEmpty || isZeroComparison(members, comparisons)
                case "nullvalues", "missingvalues", "duplicatevalues": return isZeroComparison(members, comparisons)
                case "invalidvalues":
                    let arguments = members["arguments"]?.objectMembers ?? [:]
                    return isZeroComparison(members, comparisons) && (arguments["validValues"] != nil || arguments["pattern"] != nil)
                case "rowcount":
                    return comparisons.count == 1 && !["mustNotBe", "mustNotBeBetween"].contains(comparisons[0])
                default: return false
                }
            default:
                return true  // dcl's own seed spellings (not_null, range…)
            }
        }

        static func isZeroComparison(_ members: [String: JSONValue], _ comparisons: [String]) -> Bool {
            guard comparisons.count == 1, let value = members[comparisons[0]].flatMap(number) else { return false }
            switch comparisons[0] {
            case "mustBe", "mustBeLessOrEqualTo": return value == 0
            case "mustBeLessThan": return value == 1
            default: return false
            }
        }

        // MARK: SLA

        /// The model compares latency, frequency, availability and retention values; here the
        /// other SLA properties, and every property's `element`, `driver` and time of availability.
        mutating func slaProperties(_ old: JSONValue?, _ new: JSONValue?) {
            func keyed(_ list: JSONValue?) -> [String: JSONValue] {
                var counts: [String: Int] = [:]
                var result: [String: JSONValue] = [:]
                for item in list?.arrayItems ?? [] {
                    let name = item.objectMembers["property"].map(Walker.text) ?? "?"
                    let occurrence = counts[name, default: 0]
                    counts[name] = occurrence + 1
                    result[occurrence == 0 ? name : "\(name)#\(occurrence + 1)"] = item
                }
                return result
            }
            let modelled: Set<String> = ["latency", "frequency", "freshness", "availability", "retention"]
            let before = keyed(old)
            let after = keyed(new)
            for name in Set(before.keys).union(after.keys).sorted() {
                let (previous, current) = (before[name], after[name])
                guard previous != current else { continue }
                let base = String(name.split(separator: "#").first ?? "")
                let path = "slaProperties[\(name)]"
                guard let previous, let current else {
                    if !modelled.contains(base) {
                        add(.slaChanged, path, previous, current, previous == nil ? .breakingForProducers : .breakingForConsumers,
                            previous == nil ? "a new service-level promise producers must keep" : "a service-level promise consumers relied on is withdrawn")
                    }
                    continue
                }
                let oldMembers = previous.objectMembers
                let newMembers = current.objectMembers
                for key in Set(oldMembers.keys).union(newMembers.keys).sorted() where oldMembers[key] != newMembers[key] {
                    if modelled.contains(base) && ["value", "unit", "valueExt"].contains(key) { continue }
                    let place = "\(path).\(key)"
                    switch key {
                    case "element":
                        add(.slaChanged, place, oldMembers[key], newMembers[key], .breakingForBoth, "the promise now applies to different data")
                    case "value" where base == "timeOfAvailability":
                        let later = Walker.clock(newMembers[key]).flatMap { new in Walker.clock(oldMembers[key]).map { new > $0 } }
                        add(.slaChanged, place, oldMembers[key], newMembers[key],
                            later == true ? .breakingForConsumers : later == false ? .breakingForProducers : .breakingForBoth,
                            later == true ? "data arrives later than promised before" : later == false ? "data must arrive earlier" : "a time dcl cannot order")
                    case "description", "driver", "scheduler", "schedule":
                        add(.metadataChanged, place, oldMembers[key], newMembers[key])
                    default:
                        add(.slaChanged, place, oldMembers[key], newMembers[key], .breakingForBoth, "a service-level value dcl cannot order changed")
                    }
                }
            }
        }

        /// `09:00-08:00` → minutes after midnight (the offset is ignored: both sides use the same form).
        static func clock(_ value: JSONValue?) -> Int? {
            guard let text = value.map(text), text.count >= 5 else { return nil }
            let parts = text.prefix(5).split(separator: ":")
            guard parts.count == 2, let hours = Int(parts[0]), let minutes = Int(parts[1]) else { return nil }
            return hours * 60 + minutes
        }

        // MARK: Lists of named things

        mutating func keyedList(_ old: JSONValue?, _ new: JSONValue?, key: String, path: String,
                                added: ContractChange.Kind, removed: ContractChange.Kind, changed: ContractChange.Kind) {
            let before = Walker.keyed(old, key: key)
            let after = Walker.keyed(new, key: key)
            for (name, value) in before.pairs where after.map[name] == nil { add(removed, "\(path)[\(name)]", value, nil) }
            for (name, value) in after.pairs {
                guard let previous = before.map[name] else { add(added, "\(path)[\(name)]", nil, value); continue }
                let oldMembers = previous.objectMembers
                let newMembers = value.objectMembers
                for member in Set(oldMembers.keys).union(newMembers.keys).sorted() where oldMembers[member] != newMembers[member] {
                    add(changed, "\(path)[\(name)].\(member)", oldMembers[member], newMembers[member])
                }
            }
        }

        mutating func customProperties(_ old: JSONValue?, _ new: JSONValue?, path: String, skip: Set<String>) {
            let before = Walker.keyed(old, key: "property")
            let after = Walker.keyed(new, key: "property")
            for name in Set(before.map.keys).union(after.map.keys).sorted() where !skip.contains(name) {
                let (previous, current) = (before.map[name], after.map[name])
                if previous != current {
                    add(.customPropertyChanged, "\(path)[\(name)]", previous?.objectMembers["value"] ?? previous, current?.objectMembers["value"] ?? current)
                }
            }
        }

        mutating func authoritativeDefinitions(_ old: JSONValue?, _ new: JSONValue?, path: String) {
            let before = Walker.keyed(old, key: "url")
            let after = Walker.keyed(new, key: "url")
            for name in Set(before.map.keys).union(after.map.keys).sorted() where before.map[name] != after.map[name] {
                add(.authoritativeDefinitionChanged, "\(path)[\(name)]", before.map[name], after.map[name])
            }
        }

        mutating func descriptionObject(_ old: JSONValue?, _ new: JSONValue?, path: String, skipPurpose: Bool) {
            guard old != new else { return }
            let before = old?.objectMembers ?? [:]
            let after = new?.objectMembers ?? [:]
            // A plain-string description is the purpose, which the model compares.
            for key in Set(before.keys).union(after.keys).sorted() where before[key] != after[key] {
                if skipPurpose && key == "purpose" { continue }
                if key == "authoritativeDefinitions" {
                    authoritativeDefinitions(before[key], after[key], path: "\(path).\(key)")
                } else {
                    add(.descriptionChanged, "\(path).\(key)", before[key], after[key])
                }
            }
        }

        /// Team members (v3.1 `team.members`, v3.0 `team: [...]`) by username; the owner is the model's.
        mutating func team(_ old: JSONValue?, _ new: JSONValue?) {
            guard old != new else { return }
            func members(_ team: JSONValue?) -> JSONValue? {
                if case .array = team { return team }
                return team?.objectMembers["members"]
            }
            keyedList(members(old), members(new), key: "username", path: "team.members", added: .teamChanged, removed: .teamChanged, changed: .teamChanged)
            let before = old?.objectMembers ?? [:]
            let after = new?.objectMembers ?? [:]
            for key in Set(before.keys).union(after.keys).sorted() where key != "members" && before[key] != after[key] {
                add(.teamChanged, "team.\(key)", before[key], after[key])
            }
        }

        /// A list as (key, item) pairs in order and by key; items without the key are keyed by position.
        static func keyed(_ list: JSONValue?, key: String) -> (pairs: [(String, JSONValue)], map: [String: JSONValue]) {
            let items = list?.arrayItems ?? []
            var pairs: [(String, JSONValue)] = []
            pairs.reserveCapacity(items.count)
            var map = [String: JSONValue](minimumCapacity: items.count)
            for (index, item) in items.enumerated() {
                let name = item.objectMembers[key].map(text) ?? "#\(index)"
                // One lookup for the usual new name; the first of a repeated name stays.
                if let first = map.updateValue(item, forKey: name) {
                    map[name] = first
                    continue
                }
                pairs.append((name, item))
            }
            return (pairs, map)
        }
    }
}

extension JSONValue {
    /// The members of an object, or none.
    var objectMembers: [String: JSONValue] {
        if case .object(let members) = self { return members }
        return [:]
    }

    /// The items of an array, or none.
    var arrayItems: [JSONValue] {
        if case .array(let items) = self { return items }
        return []
    }
}
