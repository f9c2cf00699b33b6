import DCLDomain

/// Reads a governance policy file (YAML, `docs/governance.md`) into a `Policy`. The vocabulary is
/// closed: an unknown key is an error naming the file, line and key, so a typo never silently
/// weakens a policy.
///
/// ```swift
/// let policy = try PolicyReader.read(yaml: """
///     policy: pii-classified
///     pii: { detect: [email, phone], classified: true }
///     """, file: "pii.policy.yaml")
/// policy.pii?.detect   // ["email", "phone"]
/// ```
public struct PolicyReader: Sendable {
    let file: String

    public static func read(yaml: String, file: String) throws(ODCSError) -> Policy {
        try PolicyReader(file: file).policy(from: try YAMLLoader.load(yaml, file: file))
    }

    static let sections: [String: [String]] = [
        "require": ["description", "owner", "sla", "qualityRules"],
        "pii": ["detect", "classified", "described", "masked"],
        "naming": ["properties", "id"],
        "tags": ["allowed"],
        "sla": ["maxFreshness"],
        "quality": ["minThreshold"],
        "compatibility": ["allowed"],
        "consumers": ["approvalForBreaking"],
    ]

    func policy(from root: SourceNode) throws(ODCSError) -> Policy {
        guard let members = root.members else {
            throw ODCSError(file: file, line: root.line, field: "(document)",
                            message: "expected a policy (a mapping with policy: NAME and rules), found \(root.kindName)")
        }
        let known = ["policy", "description"] + PolicyReader.sections.keys.sorted()
        for member in members where !known.contains(member.key) {
            throw ODCSError(file: file, line: member.keyLine, field: member.key,
                            message: "unknown key; a policy has: \(known.joined(separator: ", "))")
        }
        guard let nameNode = root["policy"], let name = nameNode.text else {
            throw ODCSError(file: file, line: root.line, field: "policy", message: "missing: every policy needs a name (policy: pii-classified)")
        }
        guard Policy.isValidName(name) else {
            throw ODCSError(file: file, line: nameNode.line, field: "policy",
                            message: "'\(name)' is not a policy name (1–64 of a-z, 0-9 and '-', starting with a letter)")
        }
        var policy = Policy(name: name)
        policy.description = try text(root["description"], "description")
        for member in members {
            guard let keys = PolicyReader.sections[member.key], let node = root[member.key] else { continue }
            let section = member.key
            guard let sectionMembers = node.members else {
                throw ODCSError(file: file, line: node.line, field: section, message: "expected a mapping of \(keys.joined(separator: ", ")), found \(node.kindName)")
            }
            for member in sectionMembers where !keys.contains(member.key) {
                throw ODCSError(file: file, line: member.keyLine, field: "\(section).\(member.key)",
                                message: "unknown key; \(section) has: \(keys.joined(separator: ", "))")
            }
        }
        if let require = root["require"] {
            policy.require = Policy.Required(
                description: try flag(require["description"], "require.description"), owner: try flag(require["owner"], "require.owner"),
                sla: try flag(require["sla"], "require.sla"), qualityRules: try count(require["qualityRules"], "require.qualityRules"))
        }
        if let pii = root["pii"] {
            policy.pii = Policy.PersonalData(
                detect: try list(pii["detect"], "pii.detect") ?? [], classified: try flag(pii["classified"], "pii.classified"),
                described: try flag(pii["described"], "pii.described"), masked: try flag(pii["masked"], "pii.masked"))
        }
        if let naming = root["naming"] {
            var rules = Policy.Naming()
            if let styleNode = naming["properties"], let style = try text(styleNode, "naming.properties") {
                guard let parsed = Policy.NamingStyle(rawValue: style) else {
                    throw ODCSError(file: file, line: styleNode.line, field: "naming.properties",
                                    message: "'\(style)' is not one of \(Policy.NamingStyle.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                rules.properties = parsed
            }
            if let idNode = naming["id"], let pattern = try text(idNode, "naming.id") {
                guard Policy.isValidPattern(pattern) else {
                    throw ODCSError(file: file, line: idNode.line, field: "naming.id", message: "'\(pattern)' is not a valid regular expression")
                }
                rules.idPattern = pattern
            }
            policy.naming = rules
        }
        if let tags = root["tags"] { policy.allowedTags = try list(tags["allowed"], "tags.allowed") }
        if let sla = root["sla"], let node = sla["maxFreshness"], let value = try text(node, "sla.maxFreshness") {
            guard let span = TimeSpan(value) else {
                throw ODCSError(file: file, line: node.line, field: "sla.maxFreshness", message: "'\(value)' is not a duration (24h, 30m, 1d)")
            }
            policy.maxFreshness = span
        }
        if let quality = root["quality"], let node = quality["minThreshold"] {
            guard case .scalar(let value, let written) = node.content, case .number = value, let number = NumericLiteral(written),
                  (0...1).contains(number.doubleValue) else {
                throw ODCSError(file: file, line: node.line, field: "quality.minThreshold", message: "expected a number from 0 to 1, found \(node.kindName)")
            }
            policy.minQualityThreshold = number
        }
        if let compatibility = root["compatibility"], let node = compatibility["allowed"] {
            var modes: [CompatibilityMode] = []
            for name in try list(node, "compatibility.allowed") ?? [] {
                guard let mode = CompatibilityMode(parsing: name) else {
                    throw ODCSError(file: file, line: node.line, field: "compatibility.allowed",
                                    message: "'\(name)' is not one of \(CompatibilityMode.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                modes.append(mode)
            }
            policy.compatibility = modes
        }
        if let consumers = root["consumers"] { policy.consumerApproval = try flag(consumers["approvalForBreaking"], "consumers.approvalForBreaking") }
        return policy
    }

    private func text(_ node: SourceNode?, _ field: String) throws(ODCSError) -> String? {
        guard let node else { return nil }
        guard case .scalar(let value, let written) = node.content, value != .null, node.members == nil else {
            throw ODCSError(file: file, line: node.line, field: field, message: "expected text, found \(node.kindName)")
        }
        return written
    }

    private func flag(_ node: SourceNode?, _ field: String) throws(ODCSError) -> Bool? {
        guard let node else { return nil }
        guard case .scalar(.bool(let value), _) = node.content else {
            throw ODCSError(file: file, line: node.line, field: field, message: "expected true or false, found \(node.kindName)")
        }
        return value
    }

    private func count(_ node: SourceNode?, _ field: String) throws(ODCSError) -> Int? {
        guard let node else { return nil }
        guard case .scalar(.number, let written) = node.content, let value = Int(written), value >= 0 else {
            throw ODCSError(file: file, line: node.line, field: field, message: "expected a whole number (0 or more), found \(node.kindName)")
        }
        return value
    }

    private func list(_ node: SourceNode?, _ field: String) throws(ODCSError) -> [String]? {
        guard let node else { return nil }
        guard let items = node.items else {
            throw ODCSError(file: file, line: node.line, field: field, message: "expected a list, found \(node.kindName)")
        }
        var values: [String] = []
        for (index, item) in items.enumerated() {
            guard let value = try text(item, "\(field)[\(index)]"), !value.isEmpty else {
                throw ODCSError(file: file, line: item.line, field: "\(field)[\(index)]", message: "expected text, found \(item.kindName)")
            }
            values.append(value)
        }
        return values
    }
}
