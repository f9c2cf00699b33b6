import DCLDomain

/// A Soda scan result (`soda scan … --scan-results-file results.json`): each check's `name`,
/// `definition` (`missing_count(id) = 0`), `table`, `column`, `outcome` (`pass`, `fail`, `warn`)
/// and `diagnostics.value`.
///
/// ```swift
/// let results = try SodaScanResult.read(text)
/// results.results.first?.kind   // "not_null" for missing_count
/// ```
public enum SodaScanResult {
    static let kinds: [String: String] = [
        "missing_count": "not_null", "missing_percent": "not_null", "duplicate_count": "unique", "duplicate_percent": "unique",
        "row_count": "row_count", "freshness": "freshness", "invalid_count": "invalid", "invalid_percent": "invalid",
    ]

    public static func read(_ text: String) throws(ExternalResultsError) -> ExternalResults {
        let root: JSONValue
        do { root = try JSONParser.parse(text) } catch { throw ExternalResultsError("not JSON: \(error)") }
        guard let list = root["checks"]?.arrayValue else { throw ExternalResultsError("no 'checks' list: not a Soda scan result") }
        var results: [ExternalResult] = []
        for (index, item) in list.enumerated() {
            guard let name = item["name"]?.stringValue ?? item["definition"]?.stringValue else {
                throw ExternalResultsError("checks[\(index)] has neither name nor definition")
            }
            let definition = item["definition"]?.stringValue ?? name
            let metric = String(definition.prefix { $0.isLetter || $0 == "_" })
            let outcome = item["outcome"]?.stringValue ?? ""
            let passed: Bool? = outcome == "pass" ? true : ["fail", "warn"].contains(outcome) ? false : nil
            results.append(ExternalResult(
                name: name, kind: kinds[metric], object: item["table"]?.stringValue, column: item["column"]?.stringValue,
                passed: passed, value: item["diagnostics"]?["value"]?.numericLiteral, rowsScanned: nil,
                note: passed == nil ? "Soda outcome '\(outcome.isEmpty ? "none" : outcome)'" : nil))
        }
        let stamp = (root["dataTimestamp"] ?? root["scanEndTimestamp"])?.stringValue
        return ExternalResults(tool: "soda", runId: root["definitionName"]?.stringValue.map { "\($0)@\(stamp ?? "")" },
                               observedAt: stamp.flatMap(GXValidationResult.time), results: results)
    }
}
