import DCLDomain

/// ODCS `quality[]` lists (contract, object and property level) → `QualityRule`s.
///
/// A rule's object and column come from where it sits: under `schema[i]` it applies to that
/// object, under a property to that column (`address.city` for nested objects). Rules dcl
/// cannot check (`text`, `sql`, other engines' `custom`, v3.0 `rule:` checks such as `countCheck`,
/// library metrics with thresholds or units dcl cannot represent exactly) are valid ODCS, so they
/// are accepted and stay in the document; the document diff still grades every change to them
/// (see `DocumentDiff`), so no promise changes unnoticed.
extension ODCSReader {
    static let libraryMetrics = ["nullValues", "missingValues", "invalidValues", "duplicateValues", "rowCount"]
    static let comparisons = ["mustBe", "mustNotBe", "mustBeGreaterThan", "mustBeGreaterOrEqualTo", "mustBeLessThan",
                              "mustBeLessOrEqualTo", "mustBeBetween", "mustNotBeBetween"]
    static let qualityTypes = ["text", "library", "sql", "custom"]
    /// The seed's own rule spelling, accepted as a convenience (`{type: not_null, column: date}`).
    static let seedRuleTypes = ["not_null", "unique", "range", "accepted_values", "regex", "row_count", "freshness"]

    func qualityRules(in root: SourceNode, schema: [RecordSchema]) throws(ODCSError) -> [QualityRule] {
        var explicit: [QualityRule] = []
        for (index, objectNode) in (root["schema"]?.items ?? []).enumerated() where index < schema.count {
            let path = "schema[\(index)]"
            let object = schema[index].name
            explicit += try rules(in: objectNode, at: path, object: object, column: nil)
            explicit += try propertyRules(in: objectNode, at: path, object: object, prefix: nil)
        }
        explicit += try rules(in: root, at: "", object: nil, column: nil)
        let derived = ODCSReader.derivedRules(schema: schema, taken: Set(explicit.map(\.name)))
        return ODCSReader.ordered(explicit: explicit, derived: derived, schema: schema)
    }

    /// Rules sorted by where they apply (object order, then column order, contract-wide last),
    /// keeping written order within one place; derived rules follow the declared ones.
    /// The order then depends only on what each rule applies to, so a contract written back
    /// by `ODCSWriter` reads back in the same order.
    static func ordered(explicit: [QualityRule], derived: [QualityRule], schema: [RecordSchema]) -> [QualityRule] {
        // Nothing to order: skip indexing every column of a schema that may have thousands.
        if explicit.count + derived.count <= 1 { return explicit + derived }
        let columnOrder = schema.map { object in
            Dictionary(object.fields.columnPaths.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        }
        func rank(_ rule: QualityRule) -> (Int, Int) {
            guard let object = rule.object else { return (Int.max, 0) }
            guard let index = schema.firstIndex(where: { $0.name == object }) else { return (Int.max - 1, 0) }
            guard let column = rule.column else { return (index, -1) }
            return (index, columnOrder[index][column] ?? Int.max)
        }
        let entries = explicit.map { ($0, 0) } + derived.map { ($0, 1) }
        return entries.enumerated().sorted { left, right in
            let (l, r) = (rank(left.element.0), rank(right.element.0))
            if l != r { return l < r }
            if left.element.1 != right.element.1 { return left.element.1 < right.element.1 }
            return left.offset < right.offset
        }.map(\.element.0)
    }

    /// `logicalTypeOptions` bounds and patterns are promises about the data too: each becomes a
    /// `range_<column>` / `regex_<column>` rule unless a declared rule already has that name.
    static func derivedRules(schema: [RecordSchema], taken: Set<String>) -> [QualityRule] {
        var taken = taken
        var rules: [QualityRule] = []
        func add(_ kind: QualityRuleKind, object: String, column: String) {
            for name in ["\(kind.keyword)_\(column)", "\(kind.keyword)_\(object)_\(column)"] where !taken.contains(name) {
                taken.insert(name)
                rules.append(QualityRule(name: name, kind: kind, object: object, column: column))
                return
            }
        }
        func walk(_ fields: [FieldSchema], object: String, prefix: String?) {
            // Fields read in place: a copy of each would retain a dozen references for nothing.
            fields.withUnsafeBufferPointer { buffer in
                guard let base = buffer.baseAddress else { return }
                for field in (0..<buffer.count).lazy.map({ base + $0 }) {
                    let hasBounds = field.pointee.minimum != nil || field.pointee.maximum != nil
                    let pattern = field.pointee.pattern
                    let nested = field.pointee.type.nonNullRecord
                    guard hasBounds || pattern != nil || nested != nil else { continue }
                    let column = prefix.map { "\($0).\(field.pointee.name)" } ?? field.pointee.name
                    if hasBounds { add(.range(min: field.pointee.minimum, max: field.pointee.maximum), object: object, column: column) }
                    if let pattern { add(.regex(pattern), object: object, column: column) }
                    if let nested { walk(nested.fields, object: object, prefix: column) }
                }
            }
        }
        for object in schema { walk(object.fields, object: object.name, prefix: nil) }
        return rules
    }

    private func propertyRules(in node: SourceNode, at path: @autoclosure () -> String, object: String,
                               prefix: String?) throws(ODCSError) -> [QualityRule] {
        var result: [QualityRule] = []
        for (index, property) in (node["properties"]?.items ?? []).enumerated() {
            // Built only for an error or a rule (see `ODCSReader+Access`).
            func propertyPath() -> String { "\(path()).properties[\(index)]" }
            guard let name = property["name"]?.text else { continue }
            let column = prefix.map { "\($0).\(name)" } ?? name
            // Most properties have no rules: append only what there is.
            let own = try rules(in: property, at: propertyPath(), object: object, column: column)
            if !own.isEmpty { result += own }
            let nested = try propertyRules(in: property, at: propertyPath(), object: object, prefix: column)
            if !nested.isEmpty { result += nested }
            if let items = property["items"] { try rejectItemQuality(items, at: propertyPath() + ".items") }
        }
        return result
    }

    /// Array elements have no column of their own to name, so a rule there could not be checked.
    private func rejectItemQuality(_ node: SourceNode, at path: String) throws(ODCSError) {
        if let quality = node["quality"] {
            throw fail(quality, path + ".quality", "quality rules on array items are not supported; declare them on the array property")
        }
        for (index, property) in (node["properties"]?.items ?? []).enumerated() {
            try rejectItemQuality(property, at: "\(path).properties[\(index)]")
        }
        if let items = node["items"] { try rejectItemQuality(items, at: path + ".items") }
    }

    private func rules(in node: SourceNode, at path: @autoclosure () -> String, object: String?,
                       column: String?) throws(ODCSError) -> [QualityRule] {
        guard let list = try optionalList(node, "quality", at: path()) else { return [] }
        var result: [QualityRule] = []
        for (index, ruleNode) in list.enumerated() {
            let rulePath = "\(ODCSReader.path(path(), "quality"))[\(index)]"
            if let rule = try qualityRule(ruleNode, at: rulePath, object: object, column: column) { result.append(rule) }
        }
        return result
    }

    /// One rule, or nil for kinds dcl keeps as documentation only.
    func qualityRule(_ node: SourceNode, at path: String, object: String?, column: String?) throws(ODCSError) -> QualityRule? {
        try requireMapping(node, path)
        let type = try optionalText(node, "type", at: path)
        let kind: QualityRuleKind
        switch type?.lowercased() {
        case "text", "sql":
            return nil
        case "custom":
            guard try optionalText(node, "engine", at: path)?.lowercased() == "dcl" else { return nil }
            let (implementation, implementationNode) = try requiredText(node, "implementation", at: path)
            do {
                kind = try QualityRuleKind(expression: implementation)
            } catch {
                throw fail(implementationNode, path + ".implementation",
                           "\(error.message); dcl rules are one of \(QualityRuleKind.expressionForms.joined(separator: ", "))")
            }
        case nil, "library":
            guard node.has("metric") || node.has("rule"), let library = try libraryKind(node, at: path) else { return nil }
            kind = library
        case let seed? where ODCSReader.seedRuleTypes.contains(seed):
            kind = try seedKind(seed, node, at: path)
        default:
            throw fail(node["type"], path + ".type",
                       "unknown quality type '\(type ?? "")'; allowed: \(ODCSReader.qualityTypes.joined(separator: ", ")) (or dcl's \(ODCSReader.seedRuleTypes.joined(separator: ", ")))")
        }

        var column = column
        if let written = try optionalText(node, "column", at: path) {
            if let column, written != column, !column.hasSuffix("." + written) {
                throw fail(node["column"], path + ".column", "this rule sits on property '\(column)'; remove 'column' or move the rule")
            }
            column = column ?? written
        }
        switch kind {
        case .rowCount:
            column = nil
        case .notNull, .unique, .range, .acceptedValues, .regex:
            guard column != nil else {
                throw fail(node, path, "\(kind.keyword) applies to a column: put the rule in a property's quality list")
            }
        case .freshness:
            break
        }
        let name = try optionalText(node, "name", at: path)
        return QualityRule(name: name?.isEmpty == false ? name : nil, kind: kind, object: object, column: column,
                           severity: try optionalText(node, "severity", at: path),
                           description: try optionalText(node, "description", at: path))
    }

    /// ODCS library metrics that mean exactly one of dcl's rules, or nil for a valid rule dcl keeps
    /// as documentation only (another metric, a threshold above zero, a percentage, no comparison).
    private func libraryKind(_ node: SourceNode, at path: String) throws(ODCSError) -> QualityRuleKind? {
        let metricKey = node.has("metric") ? "metric" : "rule"
        let (metric, _) = try requiredText(node, metricKey, at: path)
        let present = ODCSReader.comparisons.filter { node.has($0) }
        // ODCS v3.0.0's `rule: nullCheck` states "no nulls" without a comparison.
        if present.isEmpty, metric.lowercased() == "nullcheck" { return .notNull }
        guard present.count == 1, let comparison = present.first, let value = node[comparison] else { return nil }
        let valuePath = "\(path).\(comparison)"
        let unit = try optionalText(node, "unit", at: path)?.lowercased()
        switch metric.lowercased() {
        case "nullvalues", "missingvalues", "duplicatevalues", "invalidvalues", "nullcheck":
            guard unit == nil || unit == "rows", try isZero(comparison, value, unit: unit, at: valuePath) else { return nil }
            switch metric.lowercased() {
            case "nullvalues", "missingvalues", "nullcheck": return .notNull
            case "duplicatevalues": return .unique
            default: return try invalidValuesKind(node, at: path)
            }
        case "rowcount":
            guard unit == nil || unit == "rows" else { return nil }
            return try rowCountKind(comparison, value, at: valuePath)
        default:
            return nil
        }
    }

    /// "None at all": `mustBe: 0`, `mustBeLessOrEqualTo: 0`, or fewer than one row.
    private func isZero(_ comparison: String, _ value: SourceNode, unit: String?, at path: String) throws(ODCSError) -> Bool {
        switch comparison {
        case "mustBe", "mustBeLessOrEqualTo": return try number(value, at: path).doubleValue == 0
        case "mustBeLessThan":
            let limit = try number(value, at: path)
            return (unit == nil || unit == "rows") && Int64(limit.text) == 1
        default: return false
        }
    }

    private func invalidValuesKind(_ node: SourceNode, at path: String) throws(ODCSError) -> QualityRuleKind? {
        let arguments = try optionalMapping(node, "arguments", at: path)
        let argumentsPath = path + ".arguments"
        if let arguments, let list = try optionalList(arguments, "validValues", at: argumentsPath) {
            var values: [String] = []
            for (index, item) in list.enumerated() {
                guard let text = item.text else {
                    throw fail(item, "\(argumentsPath).validValues[\(index)]", "must be a text or number value, found \(item.kindName)")
                }
                values.append(text)
            }
            return .acceptedValues(values)
        }
        if let arguments, let pattern = try optionalText(arguments, "pattern", at: argumentsPath) { return .regex(pattern) }
        // Invalid values of another kind (reference lists, SQL): documentation only.
        return nil
    }

    private func rowCountKind(_ comparison: String, _ value: SourceNode, at path: String) throws(ODCSError) -> QualityRuleKind? {
        switch comparison {
        case "mustBe":
            let count = try wholeNumber(value, at: path)
            return .rowCount(min: count, max: count)
        case "mustBeBetween":
            guard let pair = value.items, pair.count == 2 else { throw fail(value, path, "must be a list of two numbers [min, max]") }
            return .rowCount(min: try wholeNumber(pair[0], at: path + "[0]"), max: try wholeNumber(pair[1], at: path + "[1]"))
        case "mustBeGreaterThan":
            let count = try wholeNumber(value, at: path)
            guard count < Int64.max else { throw fail(value, path, "is too large") }
            return .rowCount(min: count + 1, max: nil)
        case "mustBeGreaterOrEqualTo":
            return .rowCount(min: try wholeNumber(value, at: path), max: nil)
        case "mustBeLessThan":
            let count = try wholeNumber(value, at: path)
            guard count > Int64.min else { throw fail(value, path, "is too small") }
            return .rowCount(min: nil, max: count - 1)
        case "mustBeLessOrEqualTo":
            return .rowCount(min: nil, max: try wholeNumber(value, at: path))
        default:
            // mustNotBe, mustNotBeBetween: valid ODCS that a min/max range cannot say; documentation only.
            return nil
        }
    }

    /// The seed's `{type: range, column: revenue, min: 0, max: 10000000}` spelling.
    private func seedKind(_ type: String, _ node: SourceNode, at path: String) throws(ODCSError) -> QualityRuleKind {
        func optionalNumber(_ key: String) throws(ODCSError) -> NumericLiteral? {
            guard let value = node[key] else { return nil }
            return try number(value, at: "\(path).\(key)")
        }
        func optionalCount(_ key: String) throws(ODCSError) -> Int64? {
            guard let value = node[key] else { return nil }
            return try wholeNumber(value, at: "\(path).\(key)")
        }
        switch type {
        case "not_null": return .notNull
        case "unique": return .unique
        case "range": return .range(min: try optionalNumber("min"), max: try optionalNumber("max"))
        case "accepted_values":
            guard node.has("values") else { throw fail(node, path + ".values", "accepted_values needs a list of values") }
            return .acceptedValues(try stringList(node, "values", at: path))
        case "regex": return .regex(try requiredText(node, "pattern", at: path).0)
        case "row_count": return .rowCount(min: try optionalCount("min"), max: try optionalCount("max"))
        default:
            let (text, ageNode) = try requiredText(node, "maxAge", at: path)
            guard let span = TimeSpan(text) else {
                throw fail(ageNode, path + ".maxAge", "'\(text)' is not a time span such as 30m, 4h, 2d or daily")
            }
            return .freshness(maxAge: span)
        }
    }
}
