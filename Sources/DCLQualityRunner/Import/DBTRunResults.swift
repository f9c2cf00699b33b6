import DCLDomain

/// dbt's `target/run_results.json` (schema v4–v6): each test's `unique_id`
/// (`test.<project>.<test name>.<hash>`), `status` (`pass`, `fail`, `warn`, `error`, `skipped`) and
/// `failures` (rows failing). Only tests are read; models and seeds in the same file are ignored.
///
/// ```swift
/// let results = try DBTRunResults.read(text)
/// results.results.first?.name   // "not_null_orders_id"
/// ```
public enum DBTRunResults {
    static let kinds = ["not_null", "unique", "accepted_values", "relationships"]

    public static func read(_ text: String) throws(ExternalResultsError) -> ExternalResults {
        let root: JSONValue
        do { root = try JSONParser.parse(text) } catch { throw ExternalResultsError("not JSON: \(error)") }
        guard let list = root["results"]?.arrayValue else {
            throw ExternalResultsError("no 'results' list: not a dbt run_results.json")
        }
        var results: [ExternalResult] = []
        for (index, item) in list.enumerated() {
            guard let uniqueId = item["unique_id"]?.stringValue else {
                throw ExternalResultsError("results[\(index)] has no unique_id")
            }
            let parts = uniqueId.split(separator: ".")
            guard parts.first == "test", parts.count >= 3 else { continue }
            let name = String(parts[2])
            let status = item["status"]?.stringValue ?? ""
            let passed: Bool? = status == "pass" ? true : ["fail", "warn"].contains(status) ? false : nil
            let failures = item["failures"]?.integerValue
            results.append(ExternalResult(
                name: name, kind: kinds.first { name.hasPrefix($0 + "_") }, object: nil, column: nil, passed: passed,
                value: failures.map { NumericLiteral(String($0))! }, rowsScanned: nil,
                note: passed == nil ? "dbt status '\(status)'" + (item["message"]?.stringValue.map { ": \($0)" } ?? "") : nil))
        }
        let metadata = root["metadata"]
        return ExternalResults(tool: "dbt", runId: metadata?["invocation_id"]?.stringValue,
                               observedAt: metadata?["generated_at"]?.stringValue.flatMap(GXValidationResult.time), results: results)
    }
}
