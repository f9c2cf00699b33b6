import DCLDomain

/// Quality results are the high-volume event (a scheduler records one per rule per run), so the
/// codec reads and writes their current payload directly instead of through Foundation's
/// `JSONEncoder`/`JSONDecoder`. Both directions agree with the `Codable` form; tests compare them.
extension QualityCheckRecorded {
    /// The current-version payload, as `JSONEncoder` with sorted keys would write it: absent
    /// optionals are left out, `value` is a string so its literal text is kept.
    var currentPayload: JSONValue {
        var members: [String: JSONValue] = [
            "contractId": .string(contractId.rawValue),
            "rule": .string(rule),
            "passed": .bool(passed),
            "observedAt": .string(observedAt.iso8601),
        ]
        if let value { members["value"] = .string(value.text) }
        if let contractVersion { members["contractVersion"] = .string(contractVersion.description) }
        return .object(members)
    }

    /// Reads a current-version payload; nil for anything the plain form does not hold (a wrong
    /// type, an invalid id or time, a number where a string is written), and the codec then takes
    /// the `Codable` path, whose error names the field. Unknown members are ignored, as there.
    init?(currentPayload payload: JSONValue) {
        guard case .object(let members) = payload,
              case .string(let idText)? = members["contractId"], let contractId = ContractID(idText),
              case .string(let rule)? = members["rule"],
              case .bool(let passed)? = members["passed"],
              case .string(let observedText)? = members["observedAt"], let observedAt = Timestamp(iso8601: observedText)
        else { return nil }
        var value: NumericLiteral?
        switch members["value"] {
        case nil, .null?: value = nil
        case .string(let text)?:
            guard let literal = NumericLiteral(text) else { return nil }
            value = literal
        default: return nil
        }
        var contractVersion: SemanticVersion?
        switch members["contractVersion"] {
        case nil, .null?: contractVersion = nil
        case .string(let text)?:
            guard let version = SemanticVersion(text) else { return nil }
            contractVersion = version
        default: return nil
        }
        self.init(contractId: contractId, rule: rule, passed: passed, value: value, observedAt: observedAt,
                  contractVersion: contractVersion)
    }
}
