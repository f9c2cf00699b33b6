extension DataContract {
    /// Rules every published version must meet, each problem naming where it is.
    /// (File syntax is checked by the ODCS reader; these are the ledger's own rules.)
    public var validationProblems: [String] {
        var problems: [String] = []
        if dataProduct.trimmingSpaces.isEmpty || dataProduct.count > 100 {
            problems.append("dataProduct must be 1 to 100 characters")
        }
        if serviceLevel.slaHours < 0 { problems.append("sla hours must not be negative") }
        let threshold = qualityThreshold.doubleValue
        if !(0...1).contains(threshold) { problems.append("quality threshold \(qualityThreshold) must be between 0 and 1") }
        var objectNames = Set<String>()
        for object in schema {
            if !objectNames.insert(object.name).inserted { problems.append("schema object '\(object.name)' is declared twice") }
            var fieldNames = Set<String>()
            for field in object.fields {
                let path = "\(object.name).\(field.name)"
                if !fieldNames.insert(field.name).inserted { problems.append("property '\(path)' is declared twice") }
                if case .decimal(let decimal) = field.type.nonNull, !decimal.isValid {
                    problems.append("\(path): decimal(\(decimal.precision),\(decimal.scale)) needs 0 < precision and 0 <= scale <= precision")
                }
                if let minimum = field.minimum, let maximum = field.maximum, minimum > maximum {
                    problems.append("\(path): minimum \(minimum) is greater than maximum \(maximum)")
                }
            }
        }
        var ruleNames = Set<String>()
        let paths = Set(fieldPaths)
        for rule in quality {
            if !ruleNames.insert(rule.name).inserted {
                problems.append("quality rule '\(rule.name)' is declared twice; give one a distinct name")
            }
            if let column = rule.column {
                let known = rule.object.map { paths.contains("\($0).\(column)") }
                    ?? schema.contains { $0.field(named: column) != nil }
                if !known { problems.append("quality rule '\(rule.name)' names column '\(column)', which no schema object has") }
            }
            switch rule.kind {
            case .range(let min, let max):
                if min == nil && max == nil { problems.append("quality rule '\(rule.name)': range needs a min or a max") }
                if let min, let max, min > max { problems.append("quality rule '\(rule.name)': min \(min) is greater than max \(max)") }
            case .rowCount(let min, let max):
                if let min, let max, min > max { problems.append("quality rule '\(rule.name)': min \(min) is greater than max \(max)") }
            case .acceptedValues(let values):
                if values.isEmpty { problems.append("quality rule '\(rule.name)': accepted_values needs at least one value") }
            default:
                break
            }
        }
        return problems
    }
}
