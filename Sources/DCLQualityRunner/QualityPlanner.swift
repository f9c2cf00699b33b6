import DCLDomain

/// Turns a contract version into the checks of a run: the schema's promises (types, `required`,
/// `unique`, primary key, `logicalTypeOptions`), the ledger's quality rules (`DataContract.quality`,
/// under their names), and what the ODCS document says beyond them (library metrics with any
/// `mustBe…` comparison and `unit: rows|percent`, `type: sql` rules).
///
/// Library metrics the ledger already holds as rules (`nullValues mustBe 0` is `not_null_<column>`)
/// are checked once, under the rule's name, with the document's exact comparison.
///
/// ```swift
/// let plan = try QualityPlanner.plan(contract: contract, document: document)
/// ```
public enum QualityPlanner {
    static let comparisons = QualityThreshold.Comparison.allCases.map(\.rawValue)

    public static func plan(contract: DataContract, document: JSONValue?) throws(QualityPlanError) -> QualityPlan {
        var builder = Builder(contract: contract)
        let objects = PropertyInfo.objects(contract: contract, document: document)
        for object in objects { builder.addSchemaChecks(object) }
        if let document {
            for (index, object) in (document["schema"]?.arrayValue ?? []).enumerated() where index < objects.count {
                let info = objects[index]
                try builder.addDocumentRules(object["quality"], object: info.name, column: nil, place: "schema[\(index)]")
                for (propertyIndex, property) in (object["properties"]?.arrayValue ?? []).enumerated() {
                    guard let name = property["name"]?.stringValue else { continue }
                    try builder.addDocumentRules(property["quality"], object: info.name, column: name,
                                                 place: "schema[\(index)].properties[\(propertyIndex)]")
                }
            }
            try builder.addDocumentRules(document["quality"], object: nil, column: nil, place: "quality")
        }
        try builder.addLedgerRules(objects: objects)
        return QualityPlan(objects: objects.map { object in
            let checks = builder.checks.filter { $0.object == object.name }
            var columns: [String: [String]] = [:]
            for property in object.properties { columns[property.name] = [property.name] + (property.physicalName.map { [$0] } ?? []) }
            return ObjectPlan(object: object.name, physicalName: object.physicalName, columns: columns, checks: checks)
        }, skipped: builder.skipped)
    }

    /// Collects checks with unique rule names.
    struct Builder {
        let contract: DataContract
        var checks: [QualityCheck] = []
        var skipped: [QualityPlan.Skipped] = []
        var taken = Set<String>()
        /// Ledger rules already checked through their document entry.
        var consumed = Set<String>()
        let ruleNames: Set<String>

        init(contract: DataContract) {
            self.contract = contract
            ruleNames = Set(contract.quality.map(\.name))
        }

        mutating func add(_ check: QualityCheck) {
            var check = check
            var suffix = 2
            let base = check.rule
            while taken.contains(check.rule) {
                check.rule = "\(base)_\(suffix)"
                suffix += 1
            }
            taken.insert(check.rule)
            checks.append(check)
        }

        mutating func skip(_ rule: String, _ reason: String) {
            skipped.append(QualityPlan.Skipped(rule: rule, reason: reason))
        }

        mutating func addSchemaChecks(_ object: PropertyInfo.Object) {
            for property in object.properties {
                let column = property.name
                if let type = property.logicalType.flatMap(ValuePredicate.LogicalType.init(rawValue:)) {
                    add(QualityCheck(rule: "type_\(column)", object: object.name, metric: .invalidValues(column: column, .parses(type)),
                                     expectation: .threshold(.none), origin: "schema: logicalType \(type.rawValue)"))
                }
                if property.required {
                    add(QualityCheck(rule: "required_\(column)", object: object.name, metric: .nullValues(column: column),
                                     expectation: .threshold(.none), origin: "schema: required"))
                }
                // A declared `unique_<column>` rule says the same; it is checked under its own name.
                if property.unique, !ruleNames.contains("unique_\(column)") {
                    add(QualityCheck(rule: "unique_\(column)", object: object.name, metric: .duplicateValues(column: column),
                                     expectation: .threshold(.none), origin: "schema: unique"))
                }
                let options = property.options
                if options.exclusiveMinimum != nil || options.exclusiveMaximum != nil {
                    add(QualityCheck(rule: "exclusive_range_\(column)", object: object.name,
                                     metric: .invalidValues(column: column, .range(min: options.exclusiveMinimum, max: options.exclusiveMaximum,
                                                                                 exclusiveMin: true, exclusiveMax: true)),
                                     expectation: .threshold(.none), origin: "logicalTypeOptions: exclusiveMinimum/exclusiveMaximum"))
                }
                if options.minLength != nil || options.maxLength != nil {
                    add(QualityCheck(rule: "length_\(column)", object: object.name,
                                     metric: .invalidValues(column: column, .length(min: options.minLength, max: options.maxLength)),
                                     expectation: .threshold(.none), origin: "logicalTypeOptions: minLength/maxLength"))
                }
                if let format = options.format {
                    if let known = ValuePredicate.StringFormat(rawValue: format.lowercased()) {
                        add(QualityCheck(rule: "format_\(column)", object: object.name, metric: .invalidValues(column: column, .format(known)),
                                         expectation: .threshold(.none), origin: "logicalTypeOptions: format"))
                    } else {
                        skip("format_\(column)", "format '\(format)' is not one dcl checks (\(ValuePredicate.StringFormat.allCases.map(\.rawValue).joined(separator: ", ")))")
                    }
                }
            }
            let keys = object.properties.filter(\.primaryKey).sorted { ($0.primaryKeyPosition ?? Int.max) < ($1.primaryKeyPosition ?? Int.max) }
            if !keys.isEmpty {
                add(QualityCheck(rule: "primary_key_\(object.name)", object: object.name,
                                 metric: .primaryKeyViolations(columns: keys.map(\.name)), expectation: .threshold(.none),
                                 origin: "schema: primaryKey"))
            }
        }

        /// The object a contract-wide rule applies to: the only object, else none.
        func soleObject() -> String? {
            contract.schema.count == 1 ? contract.schema[0].name : nil
        }

        mutating func addDocumentRules(_ list: JSONValue?, object: String?, column: String?, place: String) throws(QualityPlanError) {
            for (index, entry) in (list?.arrayValue ?? []).enumerated() {
                let path = "\(place).quality[\(index)]"
                let type = entry["type"]?.stringValue?.lowercased()
                let written = entry["name"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
                let column = column ?? entry["column"]?.stringValue
                switch type {
                case nil, "library":
                    guard entry["metric"] != nil || entry["rule"] != nil else { continue }
                    try addLibrary(entry, name: written, object: object, column: column, path: path)
                case "sql":
                    try addSQL(entry, name: written, object: object, column: column, path: path)
                case "text":
                    skip(written ?? path, "a text rule states a promise in words; nothing to run")
                case "custom":
                    // engine dcl: a ledger rule, checked below with the others.
                    if entry["engine"]?.stringValue?.lowercased() != "dcl" {
                        skip(written ?? path, "a custom rule for engine '\(entry["engine"]?.stringValue ?? "")' runs in that engine (import its results)")
                    }
                default:
                    continue
                }
            }
        }

        private func parseThreshold(_ entry: JSONValue, path: String) throws(QualityPlanError) -> QualityThreshold? {
            let present = QualityPlanner.comparisons.filter { entry[$0] != nil }
            guard present.count == 1, let comparison = QualityThreshold.Comparison(rawValue: present[0]) else { return nil }
            let value = entry[present[0]]!
            let bounds: [NumericLiteral]
            if comparison.boundCount == 2 {
                guard let pair = value.arrayValue, pair.count == 2, let low = pair[0].numericLiteral, let high = pair[1].numericLiteral else {
                    throw QualityPlanError(description: "\(path).\(present[0]) must be a list of two numbers")
                }
                bounds = [low, high]
            } else {
                guard let bound = value.numericLiteral else { throw QualityPlanError(description: "\(path).\(present[0]) must be a number") }
                bounds = [bound]
            }
            let unitText = entry["unit"]?.stringValue?.lowercased() ?? "rows"
            guard let unit = QualityThreshold.Unit(rawValue: unitText) else {
                throw QualityPlanError(description: "\(path).unit must be rows or percent, found '\(unitText)'")
            }
            return QualityThreshold(comparison: comparison, bounds: bounds, unit: unit)
        }

        private mutating func addLibrary(_ entry: JSONValue, name written: String?, object: String?, column: String?,
                                         path: String) throws(QualityPlanError) {
            let metricName = (entry["metric"] ?? entry["rule"])?.stringValue ?? ""
            var threshold = try parseThreshold(entry, path: path)
            if threshold == nil, metricName.lowercased() == "nullcheck" { threshold = QualityThreshold.none }
            let fallbackName = written ?? "\(metricName)_\(column ?? object ?? "contract")"
            guard let threshold else {
                skip(fallbackName, "a library rule needs exactly one mustBe… comparison")
                return
            }
            guard let target = object ?? soleObject() else {
                skip(fallbackName, "a contract-wide rule of a contract with several objects names no object to check")
                return
            }
            let arguments = entry["arguments"]
            let metric: QualityMetric
            let ledgerKind: QualityRuleKind?
            switch metricName.lowercased() {
            case "rowcount":
                metric = .rowCount
                ledgerKind = threshold.unit == .rows && ![.mustNotBe, .mustNotBeBetween].contains(threshold.comparison)
                    ? .rowCount(min: nil, max: nil) : nil
            case "nullvalues", "missingvalues", "duplicatevalues", "invalidvalues", "nullcheck":
                guard let column else {
                    skip(fallbackName, "\(metricName) applies to a property: put the rule in a property's quality list")
                    return
                }
                let none = threshold.unit == .rows && Self.meansNone(threshold)
                switch metricName.lowercased() {
                case "nullvalues", "nullcheck":
                    metric = .nullValues(column: column)
                    ledgerKind = none ? .notNull : nil
                case "missingvalues":
                    let listed = arguments?["missingValues"]?.arrayValue ?? []
                    metric = .missingValues(column: column, missing: listed.compactMap { $0.stringValue ?? $0.numericLiteral?.text })
                    ledgerKind = none ? .notNull : nil
                case "duplicatevalues":
                    metric = .duplicateValues(column: column)
                    ledgerKind = none ? .unique : nil
                default:
                    if let values = arguments?["validValues"]?.arrayValue {
                        metric = .invalidValues(column: column, .oneOf(Set(values.compactMap { $0.stringValue ?? $0.numericLiteral?.text })))
                        ledgerKind = none ? .acceptedValues([]) : nil
                    } else if let pattern = arguments?["pattern"]?.stringValue {
                        guard RegexCache.shared.regex(pattern) != nil else {
                            throw QualityPlanError(description: "\(path).arguments.pattern '\(pattern)' is not a valid regular expression")
                        }
                        metric = .invalidValues(column: column, .matches(pattern: pattern))
                        ledgerKind = none ? .regex(pattern) : nil
                    } else {
                        skip(fallbackName, "invalidValues needs arguments.validValues or arguments.pattern")
                        return
                    }
                }
            default:
                skip(fallbackName, "library metric '\(metricName)' is not one dcl measures (nullValues, missingValues, invalidValues, duplicateValues, rowCount)")
                return
            }
            // The ledger holds an exact library rule under this name: check it once, here.
            var name = written ?? "\(metricName)_\(column ?? target)"
            if let ledgerKind {
                let ledgerName = written ?? QualityRule.defaultName(kind: ledgerKind, object: object, column: column)
                if ruleNames.contains(ledgerName) {
                    consumed.insert(ledgerName)
                    name = ledgerName
                }
            }
            add(QualityCheck(rule: name, object: target, metric: metric, expectation: .threshold(threshold), origin: "library: \(metricName)"))
        }

        /// `mustBe 0`, `mustBeLessOrEqualTo 0`, `mustBeLessThan 1`: the ODCS reader's "none at all".
        static func meansNone(_ threshold: QualityThreshold) -> Bool {
            let bound = threshold.bounds[0].doubleValue
            switch threshold.comparison {
            case .mustBe, .mustBeLessOrEqualTo: return bound == 0
            case .mustBeLessThan: return threshold.bounds[0].text == "1"
            default: return false
            }
        }

        private mutating func addSQL(_ entry: JSONValue, name written: String?, object: String?, column: String?,
                                     path: String) throws(QualityPlanError) {
            let name = written ?? "sql_\(column ?? object ?? "contract")"
            guard let query = entry["query"]?.stringValue, !query.isEmpty else {
                throw QualityPlanError(description: "\(path).query: a sql rule needs its query")
            }
            guard let threshold = try parseThreshold(entry, path: path) else {
                skip(name, "a sql rule needs exactly one mustBe… comparison")
                return
            }
            guard let target = object ?? soleObject() else {
                skip(name, "a contract-wide sql rule of a contract with several objects names no object")
                return
            }
            add(QualityCheck(rule: name, object: target, metric: .sql(query: query, column: column),
                             expectation: .threshold(threshold), origin: "sql"))
        }

        mutating func addLedgerRules(objects: [PropertyInfo.Object]) throws(QualityPlanError) {
            for rule in contract.quality where !consumed.contains(rule.name) {
                guard let object = rule.object ?? soleObject() else {
                    skip(rule.name, "a contract-wide rule of a contract with several objects names no object to check")
                    continue
                }
                let metric: QualityMetric
                var expectation = QualityCheck.Expectation.threshold(.none)
                switch rule.kind {
                case .notNull: metric = .nullValues(column: rule.column!)
                case .unique: metric = .duplicateValues(column: rule.column!)
                case .range(let min, let max):
                    metric = .invalidValues(column: rule.column!, .range(min: min?.doubleValue, max: max?.doubleValue,
                                                                       exclusiveMin: false, exclusiveMax: false))
                case .acceptedValues(let values): metric = .invalidValues(column: rule.column!, .oneOf(Set(values)))
                case .regex(let pattern):
                    guard RegexCache.shared.regex(pattern) != nil else {
                        throw QualityPlanError(description: "rule \(rule.name): '\(pattern)' is not a valid regular expression")
                    }
                    metric = .invalidValues(column: rule.column!, .matches(pattern: pattern))
                case .rowCount(let min, let max):
                    metric = .rowCount
                    let bounds = (min.map { NumericLiteral(String($0))! }, max.map { NumericLiteral(String($0))! })
                    switch bounds {
                    case (let low?, let high?): expectation = .threshold(QualityThreshold(comparison: .mustBeBetween, bounds: [low, high])!)
                    case (let low?, nil): expectation = .threshold(QualityThreshold(comparison: .mustBeGreaterOrEqualTo, bounds: [low])!)
                    case (nil, let high?): expectation = .threshold(QualityThreshold(comparison: .mustBeLessOrEqualTo, bounds: [high])!)
                    case (nil, nil): expectation = .threshold(QualityThreshold(comparison: .mustBeGreaterOrEqualTo, bounds: [NumericLiteral("0")!])!)
                    }
                case .freshness(let age):
                    let properties = objects.first { $0.name == object }?.properties ?? []
                    guard let column = rule.column ?? (properties.first { $0.logicalType == "timestamp" }
                                                       ?? properties.first { $0.logicalType == "date" })?.name else {
                        skip(rule.name, "freshness needs a timestamp or date property in object '\(object)' (or a column on the rule)")
                        continue
                    }
                    metric = .newest(column: column)
                    expectation = .maxAge(age)
                }
                add(QualityCheck(rule: rule.name, object: object, metric: metric, expectation: expectation,
                                 origin: "quality rule: \(rule.kind.expression)"))
            }
        }
    }
}

extension JSONValue {
    var arrayValue: [JSONValue]? {
        if case .array(let items) = self { return items }
        return nil
    }

    /// A number, or a text holding one (`"5"`).
    var numericLiteral: NumericLiteral? {
        switch self {
        case .number(let text), .string(let text): return NumericLiteral(text)
        default: return nil
        }
    }
}
