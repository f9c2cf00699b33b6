import DCLDomain

extension QualitySummary {
    /// The summary as `contract_quality.summary` stores it: the `Codable` form (read back with
    /// `JSONDecoder`), in canonical JSON (`storedJSONValue.canonicalBytes`).
    ///
    /// A rebuild rewrites it for every contract with new results in every batch (about once per
    /// event), so it is written member by member in the canonical key order instead of through a
    /// tree of dictionaries that is then sorted; `QualityRowTests` checks both give the same bytes.
    public var storedJSON: [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(96 + 128 * rules.count)
        func key(_ name: StaticString, first: Bool = false) {
            if !first { output.append(UInt8(ascii: ",")) }
            output.append(UInt8(ascii: "\""))
            output.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
            output.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
        }
        func text(_ value: String) { JSONValue.string(value).writeCanonical(into: &output) }
        // Keys in UTF-8 byte order, as canonical JSON sorts them.
        output.append(UInt8(ascii: "{"))
        var first = true
        if let lastCheckedAt {
            key("lastCheckedAt", first: true)
            text(lastCheckedAt.iso8601)
            first = false
        }
        key("passedChecks", first: first)
        output.append(contentsOf: String(passedChecks).utf8)
        key("rules")
        output.append(UInt8(ascii: "{"))
        let names = rules.count < 2 ? Array(rules.keys) : rules.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        for (index, name) in names.enumerated() {
            guard let rule = rules[name] else { continue }
            if index > 0 { output.append(UInt8(ascii: ",")) }
            text(name)
            output.append(UInt8(ascii: ":"))
            output.append(UInt8(ascii: "{"))
            key("lastObservedAt", first: true)
            text(rule.lastObservedAt.iso8601)
            key("lastPassed")
            output.append(contentsOf: (rule.lastPassed ? "true" : "false").utf8)
            if let value = rule.lastValue {
                key("lastValue")
                text(value.text)
            }
            key("passedChecks")
            output.append(contentsOf: String(rule.passedChecks).utf8)
            key("totalChecks")
            output.append(contentsOf: String(rule.totalChecks).utf8)
            output.append(UInt8(ascii: "}"))
        }
        output.append(UInt8(ascii: "}"))
        key("totalChecks")
        output.append(contentsOf: String(totalChecks).utf8)
        output.append(UInt8(ascii: "}"))
        return output
    }

    /// The same summary as a JSON tree: the reference form `storedJSON` writes directly.
    var storedJSONValue: JSONValue {
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
        return .object(members)
    }
}
