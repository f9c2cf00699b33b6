import DCLDomain

extension QualitySummary {
    /// The summary as `contract_quality.summary` stores it: the `Codable` form (read back with
    /// `JSONDecoder`), written directly because a rebuild rewrites it for every contract with new
    /// results in every batch.
    var storedJSON: [UInt8] {
        var members: [String: JSONValue] = [
            "totalChecks": .integer(Int64(totalChecks)),
            "passedChecks": .integer(Int64(passedChecks)),
        ]
        if let lastCheckedAt { members["lastCheckedAt"] = .string(lastCheckedAt.iso8601) }
        var ruleMembers: [String: JSONValue] = [:]
        for (name, rule) in rules {
            var fields: [String: JSONValue] = [
                "totalChecks": .integer(Int64(rule.totalChecks)),
                "passedChecks": .integer(Int64(rule.passedChecks)),
                "lastPassed": .bool(rule.lastPassed),
                "lastObservedAt": .string(rule.lastObservedAt.iso8601),
            ]
            if let value = rule.lastValue { fields["lastValue"] = .string(value.text) }
            ruleMembers[name] = .object(fields)
        }
        members["rules"] = .object(ruleMembers)
        return JSONValue.object(members).canonicalBytes
    }
}
