import DCLDomain

/// A Great Expectations validation result (`ExpectationSuiteValidationResult` as JSON): each
/// result's `success`, its expectation's type and `kwargs.column`, and `result.unexpected_count`,
/// `element_count` or `observed_value`. A result may name its dcl rule in `meta.dcl_rule`.
///
/// ```swift
/// let results = try GXValidationResult.read(text)
/// results.results.first?.kind   // "not_null" for expect_column_values_to_not_be_null
/// ```
public enum GXValidationResult {
    static let kinds: [String: String] = [
        "expect_column_values_to_not_be_null": "not_null",
        "expect_column_values_to_be_unique": "unique",
        "expect_column_values_to_be_between": "range",
        "expect_column_values_to_be_in_set": "accepted_values",
        "expect_column_values_to_match_regex": "regex",
        "expect_table_row_count_to_be_between": "row_count",
        "expect_table_row_count_to_equal": "row_count",
    ]

    public static func read(_ text: String) throws(ExternalResultsError) -> ExternalResults {
        let root: JSONValue
        do { root = try JSONParser.parse(text) } catch { throw ExternalResultsError("not JSON: \(error)") }
        guard let list = root["results"]?.arrayValue, root["success"]?.boolValue != nil else {
            throw ExternalResultsError("no 'success' and 'results': not a Great Expectations validation result")
        }
        var results: [ExternalResult] = []
        for (index, item) in list.enumerated() {
            let config = item["expectation_config"]
            guard let type = (config?["type"] ?? config?["expectation_type"])?.stringValue else {
                throw ExternalResultsError("results[\(index)] has no expectation_config.type")
            }
            let kwargs = config?["kwargs"]
            let result = item["result"]
            let kind = kinds[type]
            var value = result?["unexpected_count"]?.integerValue.map { NumericLiteral(String($0))! }
            if kind == "row_count" { value = result?["observed_value"]?.numericLiteral }
            let raised = item["exception_info"]?["raised_exception"]?.boolValue == true
            results.append(ExternalResult(
                name: config?["meta"]?["dcl_rule"]?.stringValue ?? type, kind: kind,
                object: kwargs?["table"]?.stringValue,
                column: kwargs?["column"]?.stringValue, passed: raised ? nil : item["success"]?.boolValue, value: value,
                rowsScanned: result?["element_count"]?.integerValue, note: raised ? "the expectation raised an exception" : nil))
        }
        let meta = root["meta"]
        let runTime = (meta?["run_id"]?["run_time"] ?? meta?["validation_time"])?.stringValue
        return ExternalResults(tool: "gx", runId: meta?["run_id"]?["run_name"]?.stringValue,
                               observedAt: runTime.flatMap(Self.time), results: results)
    }

    /// GX writes `2026-12-01T06:00:00.123456+00:00`; the ledger keeps milliseconds.
    static func time(_ text: String) -> Timestamp? {
        ValueGrammar.epochMilliseconds(text).map(Timestamp.init(millisecondsSinceEpoch:))
    }
}
