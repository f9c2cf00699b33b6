extension Policy {
    /// Every rule of this policy that `contract` breaks. `document` is the published ODCS document
    /// (where the SLA is declared); `mode` the compatibility mode in force for the contract.
    /// Pure: the same contract and policy always give the same violations, in the same order.
    public func violations(of contract: DataContract, document: JSONValue?, mode: CompatibilityMode) -> [PolicyViolation] {
        var found: [PolicyViolation] = []
        func flag(_ path: String, _ message: String) { found.append(PolicyViolation(policy: name, path: path, message: message)) }

        if let require {
            if require.description == true, contract.description.map({ $0.trimmingSpaces.isEmpty }) ?? true {
                flag("description", "the contract needs a description")
            }
            if require.owner == true, contract.owner == nil { flag("owner", "the contract needs an owner (team.name or an owner e-mail)") }
            if require.sla == true, !Policy.declaresSLA(document) {
                flag("slaProperties", "the contract needs an SLA (at least one slaProperties entry)")
            }
            if let minimum = require.qualityRules, contract.quality.count < minimum {
                flag("quality", "the contract declares \(contract.quality.count) quality rule(s); at least \(minimum) required")
            }
        }
        if let naming {
            if let style = naming.properties {
                for object in contract.schema where !style.accepts(object.name) {
                    flag(object.name, "object name '\(object.name)' is not \(style.rawValue)")
                }
                for (path, field) in Policy.properties(of: contract) where !style.accepts(field.name) {
                    flag(path, "property name '\(field.name)' is not \(style.rawValue)")
                }
            }
            if let pattern = naming.idPattern, !Policy.matches(contract.id.rawValue, pattern: pattern) {
                flag("id", "contract id '\(contract.id)' does not match \(pattern)")
            }
        }
        if let pii {
            for (path, field) in Policy.properties(of: contract) {
                let marked = field.classification?.lowercased() == "pii" || field.tags.contains { $0.lowercased() == "pii" }
                let lowered = field.name.lowercased()
                let detected = pii.detect.first { !$0.isEmpty && lowered.contains($0.lowercased()) }
                guard marked || detected != nil else { continue }
                if pii.classified == true, !marked, let detected {
                    let current = field.classification.map { "classified '\($0)'" } ?? "unclassified"
                    flag(path, "looks like personal data (name contains '\(detected)') but is \(current); classify it pii")
                }
                if pii.described == true, field.doc.map({ $0.trimmingSpaces.isEmpty }) ?? true {
                    flag(path, "personal data needs a description")
                }
                if pii.masked == true, !field.tags.contains(where: { $0.lowercased() == "masked" }) {
                    flag(path, "personal data may not be exported unmasked; tag it 'masked'")
                }
            }
        }
        if let allowedTags {
            for tag in contract.tags where !allowedTags.contains(tag) {
                flag("tags", "tag '\(tag)' is not one of the allowed tags (\(allowedTags.joined(separator: ", ")))")
            }
        }
        if let maxFreshness, contract.serviceLevel.freshness > maxFreshness {
            flag("slaProperties.freshness", "freshness \(contract.serviceLevel.freshness) is longer than the allowed \(maxFreshness)")
        }
        if let minQualityThreshold, contract.qualityThreshold < minQualityThreshold {
            flag("qualityThreshold", "quality threshold \(contract.qualityThreshold) is below the required \(minQualityThreshold)")
        }
        if let compatibility, !compatibility.contains(mode) {
            flag("compatibility", "the compatibility mode in force is \(mode.rawValue); allowed: \(compatibility.map(\.rawValue).joined(separator: ", "))")
        }
        return found
    }

    /// Whether the published document declares an SLA (`slaProperties`). The model alone cannot
    /// tell a declared SLA from the default one, so a version kept without its document declares none.
    public static func declaresSLA(_ document: JSONValue?) -> Bool {
        guard let document else { return false }
        return !(document["slaProperties"]?.arrayValue ?? []).isEmpty
    }

    /// Every property with its `object.property` path, nested ones included, in schema order.
    static func properties(of contract: DataContract) -> [(path: String, field: FieldSchema)] {
        var result: [(String, FieldSchema)] = []
        func walk(_ fields: [FieldSchema], prefix: String) {
            for field in fields {
                let path = prefix + "." + field.name
                result.append((path, field))
                if case .record(let nested) = field.type.nonNull { walk(nested.fields, prefix: path) }
            }
        }
        for object in contract.schema { walk(object.fields, prefix: object.name) }
        return result
    }

    /// Whether the whole of `text` matches the regular expression `pattern` (an invalid pattern
    /// matches nothing; `PolicyReader` refuses one before it is ever adopted).
    static func matches(_ text: String, pattern: String) -> Bool {
        guard let regex = try? Regex(pattern) else { return false }
        return (try? regex.wholeMatch(in: text)) != nil
    }

    /// Whether `pattern` is a regular expression this policy can use.
    public static func isValidPattern(_ pattern: String) -> Bool { (try? Regex(pattern)) != nil }
}
