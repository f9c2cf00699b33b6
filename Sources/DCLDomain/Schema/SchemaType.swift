/// The contract's type algebra: Apache Avro's types plus its logical types.
///
/// Optional fields are unions with `null` (Avro's way), so `isNullable` is the opposite of
/// ODCS `required`. See `docs/contract-format.md` for how ODCS types map onto these.
public indirect enum SchemaType: Sendable, Hashable {
    case null, boolean, int, long, float, double, bytes, string
    case record(RecordSchema)
    case enumeration(EnumSchema)
    case array(SchemaType)
    case map(SchemaType)
    case union([SchemaType])
    case fixed(FixedSchema)
    // Logical types, each annotating the Avro type named beside it.
    case decimal(DecimalType)          // bytes (or fixed)
    case date                          // int: days since epoch
    case timeMillis                    // int
    case timeMicros                    // long
    case timestampMillis               // long
    case timestampMicros               // long
    case uuid                          // string

    /// Wraps in `[null, self]` unless already nullable.
    public var optional: SchemaType {
        if isNullable { return self }
        if case .union(let branches) = self { return .union([.null] + branches) }
        return .union([.null, self])
    }

    public var isNullable: Bool {
        switch self {
        case .null: return true
        case .union(let branches): return branches.contains(.null)
        default: return false
        }
    }

    /// The type without its `null` branch: `[null, string]` → `string`.
    public var nonNull: SchemaType {
        guard case .union(let branches) = self else { return self }
        let rest = branches.filter { $0 != .null }
        return rest.count == 1 ? rest[0] : .union(rest)
    }

    /// The record `nonNull` is, if it is one, without building `nonNull` (which filters a
    /// union's branches into a new array): walks over every field of a schema ask this.
    public var nonNullRecord: RecordSchema? {
        switch self {
        case .record(let record):
            return record
        case .union(let branches):
            var record: RecordSchema?
            var others = 0
            for branch in branches {
                if case .null = branch { continue }
                others += 1
                if case .record(let found) = branch { record = found }
            }
            return others == 1 ? record : nil
        default:
            return nil
        }
    }

    /// Avro's name for the underlying (physical) type.
    public var avroTypeName: String {
        switch self {
        case .null: return "null"
        case .boolean: return "boolean"
        case .int, .date, .timeMillis: return "int"
        case .long, .timeMicros, .timestampMillis, .timestampMicros: return "long"
        case .float: return "float"
        case .double: return "double"
        case .bytes, .decimal: return "bytes"
        case .string, .uuid: return "string"
        case .record(let record): return record.isError == true ? "error" : "record"
        case .enumeration: return "enum"
        case .array: return "array"
        case .map: return "map"
        case .union: return "union"
        case .fixed: return "fixed"
        }
    }

    /// The Avro logical type name, where there is one.
    public var logicalTypeName: String? {
        switch self {
        case .decimal: return "decimal"
        case .date: return "date"
        case .timeMillis: return "time-millis"
        case .timeMicros: return "time-micros"
        case .timestampMillis: return "timestamp-millis"
        case .timestampMicros: return "timestamp-micros"
        case .uuid: return "uuid"
        default: return nil
        }
    }
}

extension SchemaType: CustomStringConvertible {
    /// A short readable form: `string`, `decimal(14,2)`, `array<long>`, `string?` for `[null, string]`.
    public var description: String {
        switch self {
        case .record(let record): return "record \(record.name)"
        case .enumeration(let schema): return "enum \(schema.name){\(schema.symbols.joined(separator: ","))}"
        case .array(let items): return "array<\(items)>"
        case .map(let values): return "map<\(values)>"
        case .fixed(let schema): return "fixed \(schema.name)[\(schema.size)]"
        case .decimal(let decimal): return "decimal(\(decimal.precision),\(decimal.scale))"
        case .union(let branches):
            let rest = branches.filter { $0 != .null }
            if rest.count == 1, branches.count == 2 { return "\(rest[0])?" }
            return "union<\(branches.map(\.description).joined(separator: ","))>"
        default: return logicalTypeName ?? avroTypeName
        }
    }
}
