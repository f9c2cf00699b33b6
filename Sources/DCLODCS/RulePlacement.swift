import DCLDomain

/// Where each quality rule goes in a written document, as ODCS JSON.
///
/// A rule on a column sits in that property's `quality`, a rule on an object in the object's,
/// and the rest at the top; the reader takes object and column from that position, so the
/// rule reads back as it was. The rare rule naming a column that no property matches keeps
/// it in a `column` key, which the reader also accepts.
struct RulePlacement {
    private var contractLevel: [JSONValue] = []
    private var objectLevel: [String: [JSONValue]] = [:]
    private var propertyLevel: [String: [String: [JSONValue]]] = [:]

    static let empty = RulePlacement()

    private init() {}

    /// `omitDerivedRules` leaves out the range/regex rules the reader derives again from a
    /// property's `logicalTypeOptions` (they are the last rules of their column when read).
    init(contract: DataContract, omitDerivedRules: Bool) {
        let rules = omitDerivedRules ? RulePlacement.withoutDerivedRules(contract) : contract.quality
        for rule in rules {
            guard let object = rule.object, let record = contract.schema.first(where: { $0.name == object }) else {
                contractLevel.append(RulePlacement.json(for: rule, withColumn: true))
                continue
            }
            if let column = rule.column, record.fields.columnPaths.contains(column) {
                propertyLevel[object, default: [:]][column, default: []].append(RulePlacement.json(for: rule, withColumn: false))
            } else {
                objectLevel[object, default: []].append(RulePlacement.json(for: rule, withColumn: true))
            }
        }
    }

    var contractRules: [JSONValue] { contractLevel }
    func objectRules(_ object: String) -> [JSONValue] { objectLevel[object] ?? [] }
    func propertyRules(object: String, column: String) -> [JSONValue] { propertyLevel[object]?[column] ?? [] }

    private static func withoutDerivedRules(_ contract: DataContract) -> [QualityRule] {
        var dropped = Set<Int>()
        for object in contract.schema {
            for column in object.fields.columnPaths {
                guard let field = object.fields.field(at: column) else { continue }
                let indices = contract.quality.indices.filter {
                    contract.quality[$0].object == object.name && contract.quality[$0].column == column
                }
                var candidates: [QualityRule] = []
                if field.minimum != nil || field.maximum != nil {
                    candidates.append(QualityRule(name: "range_\(column)", kind: .range(min: field.minimum, max: field.maximum),
                                                  object: object.name, column: column))
                }
                if let pattern = field.pattern {
                    candidates.append(QualityRule(name: "regex_\(column)", kind: .regex(pattern), object: object.name, column: column))
                }
                var remaining = indices
                for candidate in candidates.reversed() {
                    if let last = remaining.last, contract.quality[last] == candidate {
                        dropped.insert(last)
                        remaining.removeLast()
                    }
                }
            }
        }
        return contract.quality.indices.filter { !dropped.contains($0) }.map { contract.quality[$0] }
    }

    /// Library metrics where ODCS has an exact one, else a `custom` rule for engine `dcl`
    /// carrying `QualityRuleKind.expression`.
    static func json(for rule: QualityRule, withColumn: Bool) -> JSONValue {
        let zero = JSONValue.number("0")
        var json: [String: JSONValue]
        switch rule.kind {
        case .notNull:
            json = ["metric": "nullValues", "mustBe": zero]
        case .unique:
            json = ["metric": "duplicateValues", "mustBe": zero]
        case .acceptedValues(let values):
            json = ["metric": "invalidValues", "mustBe": zero,
                    "arguments": .object(["validValues": .array(values.map(JSONValue.string))])]
        case .regex(let pattern):
            json = ["metric": "invalidValues", "mustBe": zero, "arguments": .object(["pattern": .string(pattern)])]
        case .rowCount(let min?, let max?) where min == max:
            json = ["metric": "rowCount", "mustBe": .integer(min)]
        case .rowCount(let min?, let max?) where min < max:
            json = ["metric": "rowCount", "mustBeBetween": .array([.integer(min), .integer(max)])]
        case .rowCount(let min?, nil):
            json = ["metric": "rowCount", "mustBeGreaterOrEqualTo": .integer(min)]
        case .rowCount(nil, let max?):
            json = ["metric": "rowCount", "mustBeLessOrEqualTo": .integer(max)]
        default:
            json = ["type": "custom", "engine": "dcl", "implementation": .string(rule.kind.expression)]
        }
        if rule.name != QualityRule.defaultName(kind: rule.kind, object: rule.object, column: rule.column) {
            json["name"] = .string(rule.name)
        }
        if let severity = rule.severity { json["severity"] = .string(severity) }
        if let description = rule.description { json["description"] = .string(description) }
        if withColumn, let column = rule.column { json["column"] = .string(column) }
        return .object(json)
    }
}
