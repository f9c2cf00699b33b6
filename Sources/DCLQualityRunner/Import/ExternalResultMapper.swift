import DCLDomain

/// Maps another tool's results onto a contract's rules: by the rule's name, else by what the
/// result checks (its kind and column, e.g. dbt's `not_null_orders_id` or GX's
/// `expect_column_values_to_not_be_null` on `id` → `not_null_id`). A result that matches no rule,
/// or more than one, is reported as unmapped, never guessed.
///
/// ```swift
/// let mapping = ExternalResultMapper.map(results.results, onto: contract.quality)
/// mapping.mapped.map(\.rule.name)   // ["not_null_id", "unique_id"]
/// ```
public enum ExternalResultMapper {
    public struct Mapped: Sendable, Hashable {
        public var result: ExternalResult
        public var rule: QualityRule
    }

    public struct Unmapped: Sendable, Hashable {
        public var result: ExternalResult
        public var reason: String
    }

    public static func map(_ results: [ExternalResult], onto rules: [QualityRule]) -> (mapped: [Mapped], unmapped: [Unmapped]) {
        var mapped: [Mapped] = []
        var unmapped: [Unmapped] = []
        var taken: [String: String] = [:]
        for result in results {
            if let note = result.note, result.passed == nil {
                unmapped.append(Unmapped(result: result, reason: "no verdict (\(note))"))
                continue
            }
            switch candidates(for: result, in: rules) {
            case .success(let rule):
                if let first = taken[rule.name] {
                    unmapped.append(Unmapped(result: result, reason: "rule \(rule.name) already has a result in this file (from \(first))"))
                } else {
                    taken[rule.name] = result.name
                    mapped.append(Mapped(result: result, rule: rule))
                }
            case .failure(let reason):
                unmapped.append(Unmapped(result: result, reason: reason.text))
            }
        }
        return (mapped, unmapped)
    }

    struct Reason: Error { var text: String }

    static func candidates(for result: ExternalResult, in rules: [QualityRule]) -> Result<QualityRule, Reason> {
        if let named = rules.first(where: { $0.name == result.name }) { return .success(named) }
        func kindMatches(_ rule: QualityRule) -> Bool {
            guard let kind = result.kind else { return false }
            if kind == "invalid" { return ["accepted_values", "regex", "range"].contains(rule.kind.keyword) }
            return rule.kind.keyword == kind
        }
        var found = rules.filter(kindMatches)
        if let object = result.object { found = found.filter { $0.object == nil || $0.object == object } }
        if let column = result.column {
            found = found.filter { $0.column == column }
        } else if result.kind != "row_count" && result.kind != "freshness" {
            // dbt names its tests <kind>_<model>_<column>[__<arguments>]: the column is the name's tail.
            found = found.filter { rule in
                guard let column = rule.column else { return false }
                let base = result.name.components(separatedBy: "__")[0]
                return base.hasSuffix("_" + column)
            }
        }
        guard !found.isEmpty else {
            return .failure(Reason(text: "no rule of the contract is named \(result.name)"
                + (result.kind.map { " or checks \($0)" + (result.column.map { " on \($0)" } ?? "") } ?? "")))
        }
        guard found.count == 1 else {
            return .failure(Reason(text: "it could be any of \(found.map(\.name).joined(separator: ", ")); name the rule in the tool"))
        }
        return .success(found[0])
    }
}
