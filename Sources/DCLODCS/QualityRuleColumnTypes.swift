import DCLDomain

/// Refuses quality rules that cannot mean anything on their column's type: a `range` on a text
/// column (compared how?) or a `regex` on a date. Checked when a document is read from text, so
/// contracts already recorded keep reading as they were.
///
/// ```swift
/// try QualityRuleColumnTypes.check(contract, file: "orders.yaml")   // throws for range on a string
/// ```
enum QualityRuleColumnTypes {
    static func check(_ contract: DataContract, file: String) throws(ODCSError) {
        for rule in contract.quality {
            guard let column = rule.column, let field = field(for: rule, column: column, in: contract.schema) else { continue }
            let type = field.type.nonNull
            switch rule.kind {
            case .range where !isOrdered(type):
                throw ODCSError(file: file, line: nil, field: "quality",
                                message: "quality rule '\(rule.name)' is a range on column '\(column)', which is \(describe(type)); "
                                    + "a range needs a number, date or timestamp column (use regex or accepted_values for text)")
            case .regex where !isText(type):
                throw ODCSError(file: file, line: nil, field: "quality",
                                message: "quality rule '\(rule.name)' is a regex on column '\(column)', which is \(describe(type)); "
                                    + "a regex needs a text column (use range for numbers and dates)")
            default: continue
            }
        }
    }

    private static func field(for rule: QualityRule, column: String, in schema: [RecordSchema]) -> FieldSchema? {
        if let object = rule.object { return schema.first { $0.name == object }?.fields.field(at: column) }
        for record in schema { if let field = record.fields.field(at: column) { return field } }
        return nil
    }

    private static func isOrdered(_ type: SchemaType) -> Bool {
        switch type {
        case .int, .long, .float, .double, .decimal, .date, .timeMillis, .timeMicros, .timestampMillis, .timestampMicros: return true
        default: return false
        }
    }

    private static func isText(_ type: SchemaType) -> Bool {
        switch type {
        case .string, .uuid, .enumeration: return true
        default: return false
        }
    }

    private static func describe(_ type: SchemaType) -> String {
        switch type {
        case .string, .uuid: return "text"
        case .date: return "a date"
        case .timestampMillis, .timestampMicros: return "a timestamp"
        case .timeMillis, .timeMicros: return "a time of day"
        case .boolean: return "a boolean"
        case .record: return "a nested object"
        case .array: return "a list"
        case .map: return "a map"
        case .bytes, .fixed: return "bytes"
        case .enumeration: return "an enum"
        default: return "of type \(type.avroTypeName)"
        }
    }
}
