import DCLDomain

/// How ODCS `logicalType` + `physicalType` (+ `logicalTypeOptions.format`) map onto the Avro
/// type algebra, in both directions. `docs/contract-format.md` shows this as a table; keep
/// the two in step.
///
/// ODCS has only nine coarse logical types, so the physical type refines them where Avro is
/// more precise (`decimal(14,2)`, `bigint`, `timestamp(6)`); a `format` option, when given,
/// wins over the physical type because it is the portable way to say the same thing.
enum ODCSTypeMapping {
    static let logicalTypes = ["string", "date", "timestamp", "time", "number", "integer", "object", "array", "boolean"]

    /// Why a type could not be mapped, with the key (relative to the property) at fault.
    struct Failure: Error, Sendable {
        var key: String
        var message: String
    }

    static let uuidNames: Set<String> = ["uuid", "uniqueidentifier"]
    static let bytesNames: Set<String> = ["bytes", "binary", "varbinary", "blob", "bytea", "longblob", "mediumblob", "tinyblob", "raw"]
    static let stringNames: Set<String> = [
        "string", "varchar", "char", "character", "character varying", "nvarchar", "nchar", "text", "tinytext",
        "mediumtext", "longtext", "clob", "nclob", "varchar2", "nvarchar2", "citext", "json", "jsonb", "xml", "enum",
    ]
    static let intNames: Set<String> = ["int", "integer", "int2", "int4", "int16", "int32", "smallint", "tinyint", "mediumint", "serial", "smallserial"]
    static let longNames: Set<String> = ["bigint", "int8", "int64", "long", "bigserial"]
    static let decimalNames: Set<String> = ["decimal", "numeric", "number", "dec"]
    static let floatNames: Set<String> = ["float", "real", "float4", "float32"]
    static let doubleNames: Set<String> = ["double", "double precision", "float8", "float64"]
    static let booleanNames: Set<String> = ["boolean", "bool"]
    static let dateNames: Set<String> = ["date"]
    static let timestampNames: Set<String> = [
        "timestamp", "timestamptz", "timestamp_ntz", "timestamp_ltz", "timestamp_tz", "datetime", "datetime2",
        "smalldatetime", "datetimeoffset", "timestamp_micros", "timestamp_millis",
    ]
    static let timeNames: Set<String> = ["time", "timetz"]

    static let integerFormats: [String: SchemaType] = [
        "i8": .int, "i16": .int, "i32": .int, "u8": .int, "u16": .int,
        "i64": .long, "u32": .long, "u64": .long, "i128": .long, "u128": .long,
    ]
    static let numberFormats: [String: SchemaType] = ["f32": .float, "f64": .double]

    /// The type of a property that is neither `object` nor `array`.
    static func scalarType(logicalType: String, physicalType: String?, format: String?) throws(Failure) -> SchemaType {
        let physical = physicalType.map { PhysicalType($0) }
        let format = format?.lowercased()
        switch logicalType {
        case "string":
            if format == "uuid" || physical?.isOne(of: uuidNames) == true { return .uuid }
            if physical?.isOne(of: bytesNames) == true { return .bytes }
            return .string
        case "integer":
            if let format {
                guard let type = integerFormats[format] else {
                    throw Failure(key: "logicalTypeOptions.format",
                                  message: "unknown integer format '\(format)'; allowed: \(integerFormats.keys.sorted().joined(separator: ", "))")
                }
                return type
            }
            return physical?.isOne(of: longNames) == true ? .long : .int
        case "number":
            if let format {
                guard let type = numberFormats[format] else {
                    throw Failure(key: "logicalTypeOptions.format", message: "unknown number format '\(format)'; allowed: f32, f64")
                }
                return type
            }
            guard let physical else { return .double }
            if physical.isOne(of: decimalNames), let precision = physical.parameters.first {
                let decimal = DecimalType(precision: precision, scale: physical.parameters.count > 1 ? physical.parameters[1] : 0)
                guard decimal.isValid else {
                    throw Failure(key: "physicalType",
                                  message: "'\(physical.text)' is not a valid decimal: needs 0 < precision and 0 <= scale <= precision")
                }
                return .decimal(decimal)
            }
            if physical.isOne(of: floatNames) { return .float }
            return .double
        case "boolean":
            return .boolean
        case "date":
            return .date
        case "timestamp":
            return physical?.isMicros == true ? .timestampMicros : .timestampMillis
        case "time":
            return physical?.isMicros == true ? .timeMicros : .timeMillis
        default:
            throw Failure(key: "logicalType",
                          message: "unknown logicalType '\(logicalType)'; allowed: \(logicalTypes.joined(separator: ", "))")
        }
    }

    /// The logical type a bare physical type implies (the seed writes `"revenue": "decimal(14,2)"`).
    static func inferredLogicalType(physicalType: String) -> String? {
        let physical = PhysicalType(physicalType)
        let table: [(Set<String>, String)] = [
            (uuidNames, "string"), (bytesNames, "string"), (stringNames, "string"),
            (longNames, "integer"), (intNames, "integer"),
            (decimalNames, "number"), (floatNames, "number"), (doubleNames, "number"),
            (booleanNames, "boolean"), (dateNames, "date"), (timestampNames, "timestamp"), (timeNames, "time"),
        ]
        // Exact names first, so `timestamp with time zone` is not read by its first word alone.
        if let match = table.first(where: { $0.0.contains(physical.name) }) { return match.1 }
        return table.first(where: { $0.0.contains(physical.family) })?.1
    }

    /// The ODCS spelling of a type, or nil when ODCS cannot say it (maps, enums, fixed,
    /// multi-branch unions) and the writer must fall back to `dcl.avroType`.
    ///
    /// `physicalType` is the field's own; it is kept whenever it still maps to `type`.
    static func odcsForm(of type: SchemaType, physicalType: String?) -> (logicalType: String, physicalType: String?, format: String?)? {
        let logical: String
        var format: String?
        var fallbackPhysical: String?
        switch type {
        case .string: logical = "string"
        case .uuid: logical = "string"; format = "uuid"
        case .bytes: logical = "string"; fallbackPhysical = "bytes"
        case .int: logical = "integer"; format = "i32"
        case .long: logical = "integer"; format = "i64"
        case .float: logical = "number"; format = "f32"
        case .double: logical = "number"; format = "f64"
        case .decimal(let decimal): logical = "number"; fallbackPhysical = "decimal(\(decimal.precision),\(decimal.scale))"
        case .boolean: logical = "boolean"
        case .date: logical = "date"
        case .timestampMillis: logical = "timestamp"; fallbackPhysical = "timestamp"
        case .timestampMicros: logical = "timestamp"; fallbackPhysical = "timestamp(6)"
        case .timeMillis: logical = "time"; fallbackPhysical = "time"
        case .timeMicros: logical = "time"; fallbackPhysical = "time(6)"
        default: return nil
        }
        // Prefer the plainest spelling that still reads back as the same type.
        var candidates: [(String?, String?)] = [(physicalType, nil), (physicalType, format)]
        if let fallbackPhysical { candidates += [(fallbackPhysical, nil), (fallbackPhysical, format)] }
        candidates.append((nil, format))
        for (physical, candidateFormat) in candidates {
            if (try? scalarType(logicalType: logical, physicalType: physical, format: candidateFormat)) == type {
                return (logical, physical, candidateFormat)
            }
        }
        return nil
    }
}
