/// A quality rule kept in the contract. The seed's `not_null`, `unique`, `range(min,max)`,
/// plus `accepted_values`, `regex`, `row_count(min,max)` and `freshness(max age)`.
///
/// Results of running a rule elsewhere arrive as `QualityCheckRecorded` events naming
/// the rule by `name` (default: `<kind>_<column>`, e.g. `not_null_date`).
public struct QualityRule: Sendable, Hashable, Codable {
    public var name: String
    public var kind: QualityRuleKind
    /// The schema object (table) the rule applies to; nil for a contract-wide rule.
    public var object: String?
    /// The column the rule applies to; nil for table-level rules (`row_count`, `freshness`).
    public var column: String?
    public var severity: String?
    public var description: String?

    public init(name: String? = nil, kind: QualityRuleKind, object: String? = nil, column: String? = nil,
                severity: String? = nil, description: String? = nil) {
        self.kind = kind
        self.object = object
        self.column = column
        self.severity = severity
        self.description = description
        self.name = name ?? QualityRule.defaultName(kind: kind, object: object, column: column)
    }

    public static func defaultName(kind: QualityRuleKind, object: String?, column: String?) -> String {
        if let column { return "\(kind.keyword)_\(column)" }
        if let object { return "\(kind.keyword)_\(object)" }
        return kind.keyword
    }
}

public enum QualityRuleKind: Sendable, Hashable {
    case notNull
    case unique
    case range(min: NumericLiteral?, max: NumericLiteral?)
    case acceptedValues([String])
    case regex(String)
    case rowCount(min: Int64?, max: Int64?)
    case freshness(maxAge: TimeSpan)

    /// The seed's rule type name.
    public var keyword: String {
        switch self {
        case .notNull: return "not_null"
        case .unique: return "unique"
        case .range: return "range"
        case .acceptedValues: return "accepted_values"
        case .regex: return "regex"
        case .rowCount: return "row_count"
        case .freshness: return "freshness"
        }
    }

    /// `range(0, 10000000)`, `row_count(1, -)`, `freshness(4h)`: the form `dcl` prints and parses.
    public var expression: String {
        switch self {
        case .notNull, .unique: return keyword
        case .range(let min, let max): return "range(\(min?.text ?? "-"), \(max?.text ?? "-"))"
        case .acceptedValues(let values): return "accepted_values(\(values.joined(separator: ", ")))"
        case .regex(let pattern): return "regex(\(pattern))"
        case .rowCount(let min, let max): return "row_count(\(min.map(String.init) ?? "-"), \(max.map(String.init) ?? "-"))"
        case .freshness(let age): return "freshness(\(age))"
        }
    }
}

extension QualityRuleKind: Codable {
    private enum CodingKeys: String, CodingKey { case type, min, max, values, pattern, maxAge }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let type = try container.decode(String.self, forKey: .type)
        switch type {
        case "not_null": self = .notNull
        case "unique": self = .unique
        case "range":
            self = .range(min: try container.decodeIfPresent(NumericLiteral.self, forKey: .min),
                          max: try container.decodeIfPresent(NumericLiteral.self, forKey: .max))
        case "accepted_values": self = .acceptedValues(try container.decode([String].self, forKey: .values))
        case "regex": self = .regex(try container.decode(String.self, forKey: .pattern))
        case "row_count":
            self = .rowCount(min: try container.decodeIfPresent(Int64.self, forKey: .min),
                             max: try container.decodeIfPresent(Int64.self, forKey: .max))
        case "freshness": self = .freshness(maxAge: try container.decode(TimeSpan.self, forKey: .maxAge))
        default:
            throw DecodingError.dataCorruptedError(forKey: .type, in: container, debugDescription: "unknown quality rule type '\(type)'")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(keyword, forKey: .type)
        switch self {
        case .notNull, .unique: break
        case .range(let min, let max):
            try container.encodeIfPresent(min, forKey: .min)
            try container.encodeIfPresent(max, forKey: .max)
        case .acceptedValues(let values): try container.encode(values, forKey: .values)
        case .regex(let pattern): try container.encode(pattern, forKey: .pattern)
        case .rowCount(let min, let max):
            try container.encodeIfPresent(min, forKey: .min)
            try container.encodeIfPresent(max, forKey: .max)
        case .freshness(let age): try container.encode(age, forKey: .maxAge)
        }
    }
}
