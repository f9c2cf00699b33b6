import DCLDomain

/// ODCS `slaProperties[]` → `ServiceLevel`, and the `qualityThreshold` custom property.
extension ODCSReader {
    static let secondsPerUnit: [String: Double] = [
        "s": 1, "sec": 1, "secs": 1, "second": 1, "seconds": 1,
        "m": 60, "min": 60, "mins": 60, "minute": 60, "minutes": 60,
        "h": 3600, "hr": 3600, "hrs": 3600, "hour": 3600, "hours": 3600,
        "d": 86_400, "day": 86_400, "days": 86_400,
        "w": 604_800, "week": 604_800, "weeks": 604_800,
    ]

    /// Reads `latency` (→ `slaHours`), `frequency`/`freshness` (→ `freshness`), `availability`
    /// and `retention`; other SLA properties stay in the document. Unset values keep the seed
    /// defaults (4 hours, daily).
    func serviceLevel(in root: SourceNode) throws(ODCSError) -> ServiceLevel {
        var level = ServiceLevel()
        guard let items = try optionalList(root, "slaProperties", at: "") else { return level }
        var firstLines: [String: Int?] = [:]
        for (index, item) in items.enumerated() {
            let path = "slaProperties[\(index)]"
            try requireMapping(item, path)
            let (property, propertyNode) = try requiredText(item, "property", at: path)
            let target: String
            switch property.lowercased() {
            case "latency": target = "latency"
            case "frequency", "freshness": target = "frequency"
            case "availability": target = "availability"
            case "retention": target = "retention"
            default: continue
            }
            if let first = firstLines[target] {
                throw fail(propertyNode, path + ".property",
                           "\(property) is declared twice (first at line \(ODCSReader.lineText(first))); keep one")
            }
            firstLines[target] = propertyNode.line
            guard let value = item["value"] else { throw fail(item, path + ".value", "is required") }
            let valuePath = path + ".value"
            let unit = try optionalText(item, "unit", at: path)
            switch target {
            case "latency":
                let seconds = try duration(value, unit: unit, at: valuePath, unitNode: item["unit"])
                guard seconds >= 0 else { throw fail(value, valuePath, "latency must be zero or more") }
                guard seconds < 1e15 else {
                    throw fail(value, valuePath, "latency \(value.text ?? "") \(unit ?? "") is too large; give at most a few years")
                }
                level.slaHours = Int((seconds / 3600).rounded(.up))
            case "frequency":
                let seconds = try duration(value, unit: unit, at: valuePath, unitNode: item["unit"])
                guard seconds >= 1, seconds < 1e15, seconds == seconds.rounded() else {
                    throw fail(value, valuePath, "\(property) must be a positive whole number of seconds or more")
                }
                level.freshness = TimeSpan(seconds: Int64(seconds))
            case "availability":
                var text = value.text ?? ""
                if text.hasSuffix("%") { text = String(text.dropLast()).trimmed() }
                guard let percent = NumericLiteral(text), (0...100).contains(percent.doubleValue) else {
                    throw fail(value, valuePath, "availability must be a percentage between 0 and 100, found '\(value.text ?? value.kindName)'")
                }
                level.availabilityPercent = percent
            default:
                guard let text = value.text else { throw fail(value, valuePath, "must be text or a number, found \(value.kindName)") }
                level.retention = unit.map { $0.count <= 2 ? "\(text)\($0)" : "\(text) \($0)" } ?? text
            }
        }
        return level
    }

    /// Seconds for `value` + `unit` (`4` + `h`), or for a span written as text (`4h`, `daily`).
    /// A bare number means hours, the seed's `sla_hours` unit.
    private func duration(_ value: SourceNode, unit: String?, at path: String, unitNode: SourceNode?) throws(ODCSError) -> Double {
        let units = ODCSReader.secondsPerUnit.keys.sorted().joined(separator: ", ")
        if let unit {
            guard let scale = ODCSReader.secondsPerUnit[unit.lowercased()] else {
                throw fail(unitNode, path.replacingSuffix(".value", with: ".unit"), "unknown unit '\(unit)'; allowed: \(units)")
            }
            return try number(value, at: path).doubleValue * scale
        }
        if case .number(let literal)? = value.scalarValue, let hours = Double(literal) { return hours * 3600 }
        if let text = value.text, let span = TimeSpan(text) { return Double(span.seconds) }
        throw fail(value, path, "'\(value.text ?? value.kindName)' is not a duration; write value and unit (4 and h) or text such as 4h or daily")
    }

    /// `customProperties: [{property: qualityThreshold, value: 0.995}]`, the share of passing
    /// checks the product promises (seed default 0.99).
    func qualityThreshold(in root: SourceNode) throws(ODCSError) -> NumericLiteral {
        var threshold = NumericLiteral("0.99")!
        guard let items = try optionalList(root, "customProperties", at: "") else { return threshold }
        var firstLine: Int??
        for (index, item) in items.enumerated() {
            let path = "customProperties[\(index)]"
            try requireMapping(item, path)
            guard let (property, propertyNode) = try? requiredText(item, "property", at: path),
                  property == "qualityThreshold" || property == "dcl.qualityThreshold" else { continue }
            if let firstLine {
                throw fail(propertyNode, path + ".property", "the quality threshold is declared twice (first at line \(ODCSReader.lineText(firstLine)))")
            }
            firstLine = propertyNode.line
            guard let value = item["value"] else { throw fail(item, path + ".value", "is required") }
            let number = try number(value, at: path + ".value")
            guard (0...1).contains(number.doubleValue) else {
                throw fail(value, path + ".value", "the quality threshold must be between 0 and 1, found \(number.text)")
            }
            threshold = number
        }
        return threshold
    }
}
