/// The ledger's schema rules that are stricter than Avro's resolution.
///
/// Avro only asks whether bytes can be decoded. A contract also promises what the values
/// mean and which values occur, and a change to those promises breaks consumers just as
/// surely, without any decoder noticing:
///
/// - `DECIMAL_SCALE_CHANGED`: Avro stores a decimal as its unscaled integer, so reading
///   `decimal(10,2)` data as `decimal(10,3)` silently divides every amount by ten.
/// - `DECIMAL_PRECISION_NARROWED`: the reader's column cannot hold every value written.
/// - `LOGICAL_TYPE_CHANGED`: `timestamp-millis` read as `timestamp-micros` is off by a
///   factor of 1000, and a `long` read as a `date` is nonsense; only reading a `uuid` as a
///   plain `string` is a pure widening and is allowed.
/// - `MAX_LENGTH_NARROWED`, `BOUNDS_NARROWED`: the writer may produce values the reader's
///   constraints reject (a `VARCHAR(50)` target cannot take 100 characters).
/// - `FIELD_BECAME_REQUIRED`: the writer may write null where the reader requires a value
///   (Avro reports this as a `TYPE_MISMATCH` on the null branch; this names it plainly).
/// - `UNIQUENESS_DROPPED`: the reader deduplicates or joins on a uniqueness the writer no
///   longer promises.
/// - `PRIMARY_KEY_CHANGED`: row identity changed, so upserts, joins and deduplication by key
///   go wrong in either direction.
/// - `CLASSIFICATION_CHANGED`: who may read a field and how it must be handled (masking,
///   retention) changed, in either direction.
///
/// Fields are paired the way Avro pairs them (by name, then the reader field's aliases;
/// records only when Avro's name check passes; union branches by counterpart), so these rules
/// only speak about places where Avro resolution would actually read one value as the other.
public enum ContractSchemaRules {
    /// The contract-rule findings for a reader reading a writer's data, under `path`.
    public static func incompatibilities(reader: SchemaType, writer: SchemaType, path: String = "") -> [Incompatibility] {
        var findings: [Incompatibility] = []
        walk(reader, writer, path: path, into: &findings)
        return findings
    }

    /// The contract-rule findings for one pair of fields, Avro-matched by the caller.
    public static func fieldIncompatibilities(reader: FieldSchema, writer: FieldSchema, path: String) -> [Incompatibility] {
        var findings: [Incompatibility] = []
        compareFields(reader, writer, path: path, into: &findings)
        return findings
    }

    private static func join(_ path: String, _ component: String) -> String {
        path.isEmpty ? component : path + "." + component
    }

    private static func walk(_ reader: SchemaType, _ writer: SchemaType, path: String, into findings: inout [Incompatibility]) {
        switch (reader, writer) {
        case (.union(let readerBranches), .union(let writerBranches)):
            for branch in writerBranches where branch != .null {
                if let counterpart = counterpart(in: readerBranches, for: branch) {
                    walk(counterpart, branch, path: path, into: &findings)
                }
            }
        case (.union(let readerBranches), _):
            if let counterpart = counterpart(in: readerBranches, for: writer) {
                walk(counterpart, writer, path: path, into: &findings)
            }
        case (_, .union(let writerBranches)):
            for branch in writerBranches where branch != .null {
                walk(reader, branch, path: path, into: &findings)
            }
        case (.record(let readerRecord), .record(let writerRecord)):
            guard namesMatch(readerRecord.name, readerRecord.aliases, writerRecord.name, writerRecord.namespace) else { return }
            compareRecords(readerRecord, writerRecord, path: path, into: &findings)
        case (.array(let readerItems), .array(let writerItems)):
            walk(readerItems, writerItems, path: path + "[]", into: &findings)
        case (.map(let readerValues), .map(let writerValues)):
            walk(readerValues, writerValues, path: path + "{}", into: &findings)
        default:
            compareLeaves(reader, writer, path: path, into: &findings)
        }
    }

    /// The reader branch Avro would use for a writer type: same kind (and name, for named
    /// types), else the only non-null branch.
    static func counterpart(in branches: [SchemaType], for writer: SchemaType) -> SchemaType? {
        if let same = branches.first(where: { branch in
            guard branch.avroTypeName == writer.avroTypeName else { return false }
            switch (branch, writer) {
            case (.record(let r), .record(let w)): return namesMatch(r.name, r.aliases, w.name, w.namespace)
            case (.enumeration(let r), .enumeration(let w)): return namesMatch(r.name, r.aliases, w.name, w.namespace)
            case (.fixed(let r), .fixed(let w)): return namesMatch(r.name, r.aliases, w.name, w.namespace)
            default: return true
            }
        }) {
            return same
        }
        let promotable = branches.filter { branch in
            SchemaResolution.primitiveNames.contains(branch.avroTypeName)
                && SchemaResolution.promotes(reader: branch.avroTypeName, writer: writer.avroTypeName)
        }
        if let first = promotable.first { return first }
        let nonNull = branches.filter { $0 != .null }
        return nonNull.count == 1 && writer != .null ? nonNull[0] : nil
    }

    private static func namesMatch(_ readerName: String, _ readerAliases: [String], _ writerName: String, _ writerNamespace: String?) -> Bool {
        ResolutionGraph.shortName(readerName) == ResolutionGraph.shortName(writerName)
            || readerAliases.contains(ResolutionGraph.fullName(writerName, explicitNamespace: writerNamespace, enclosing: nil))
            || readerAliases.contains(writerName)
    }

    /// The writer field a reader field reads: by name, else by one of the reader field's aliases.
    /// `positions` indexes the writer's fields by name, so a record is matched in linear time.
    private static func lookup(_ field: FieldSchema, in record: RecordSchema, positions: [String: Int]) -> FieldSchema? {
        if let direct = positions[field.name] { return record.fields[direct] }
        for alias in field.aliases {
            if let aliased = positions[alias] { return record.fields[aliased] }
        }
        return nil
    }

    private static func compareRecords(_ reader: RecordSchema, _ writer: RecordSchema, path: String,
                                       into findings: inout [Incompatibility]) {
        // The first field of a name wins, as a linear search would find it.
        let positions = Dictionary(writer.fields.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
        for field in reader.fields {
            guard let writerField = lookup(field, in: writer, positions: positions) else { continue }
            compareFields(field, writerField, path: join(path, field.name), into: &findings)
        }
        // The key as the reader sees it: its key fields, named as the writer names them.
        let readerKey = keyFields(reader).map { field in lookup(field, in: writer, positions: positions)?.name ?? "(\(field.name))" }
        let writerKey = keyFields(writer).map(\.name)
        if readerKey != writerKey {
            let readerText = keyFields(reader).map(\.name).joined(separator: ", ")
            let writerText = writerKey.joined(separator: ", ")
            findings.append(Incompatibility(
                ruleId: .primaryKeyChanged, path: path,
                readerType: readerText.isEmpty ? "no primary key" : "primary key (\(readerText))",
                writerType: writerText.isEmpty ? "no primary key" : "primary key (\(writerText))",
                message: "rows are identified differently, so upserts, joins and deduplication by key "
                    + "would silently merge or split records"))
        }
    }

    /// Primary-key fields in key order (declared position, then field order).
    private static func keyFields(_ record: RecordSchema) -> [FieldSchema] {
        record.fields.enumerated()
            .filter { $0.element.primaryKey }
            .sorted { ($0.element.primaryKeyPosition ?? Int.max, $0.offset) < ($1.element.primaryKeyPosition ?? Int.max, $1.offset) }
            .map(\.element)
    }

    private static func compareFields(_ reader: FieldSchema, _ writer: FieldSchema, path: String,
                                      into findings: inout [Incompatibility]) {
        let readerType = reader.type.description
        let writerType = writer.type.description
        func add(_ rule: IncompatibilityRule, _ message: String) {
            findings.append(Incompatibility(ruleId: rule, path: path, readerType: readerType, writerType: writerType, message: message))
        }
        if !reader.type.isNullable && writer.type.isNullable {
            add(.fieldBecameRequired, "the writer may leave '\(writer.name)' null, but the reader requires a value")
        }
        if let readerLimit = reader.maxLength, writer.maxLength.map({ $0 > readerLimit }) ?? true {
            let written = writer.maxLength.map { "up to \($0)" } ?? "without a length limit"
            add(.maxLengthNarrowed, "the writer may write values \(written), but the reader accepts at most \(readerLimit)")
        }
        if let readerMinimum = reader.minimum, writer.minimum.map({ $0 < readerMinimum }) ?? true {
            let written = writer.minimum.map { "down to \($0)" } ?? "with no lower bound"
            add(.boundsNarrowed, "the writer may write values \(written), below the reader's minimum \(readerMinimum)")
        }
        if let readerMaximum = reader.maximum, writer.maximum.map({ $0 > readerMaximum }) ?? true {
            let written = writer.maximum.map { "up to \($0)" } ?? "with no upper bound"
            add(.boundsNarrowed, "the writer may write values \(written), above the reader's maximum \(readerMaximum)")
        }
        if reader.unique && !writer.unique {
            add(.uniquenessDropped, "the reader relies on '\(reader.name)' being unique, which the writer no longer promises")
        }
        if normalized(reader.classification) != normalized(writer.classification) {
            findings.append(Incompatibility(
                ruleId: .classificationChanged, path: path,
                readerType: reader.classification ?? "unclassified", writerType: writer.classification ?? "unclassified",
                message: "the data classification differs, so access rules, masking and retention for this field "
                    + "must be reviewed by every consumer"))
        }
        walk(reader.type, writer.type, path: path, into: &findings)
    }

    private static func normalized(_ classification: String?) -> String? {
        guard let text = classification?.trimmingSpaces.lowercased(), !text.isEmpty else { return nil }
        return text
    }

    private static func compareLeaves(_ reader: SchemaType, _ writer: SchemaType, path: String,
                                      into findings: inout [Incompatibility]) {
        func add(_ rule: IncompatibilityRule, _ message: String) {
            findings.append(Incompatibility(ruleId: rule, path: path, readerType: reader.description,
                                            writerType: writer.description, message: message))
        }
        var decimals: (DecimalType, DecimalType)?
        if case .fixed(let readerFixed) = reader, case .fixed(let writerFixed) = writer, let readerDecimal = readerFixed.decimal,
           let writerDecimal = writerFixed.decimal {
            // Fixed decimals that Avro resolves (same name and size) hold unscaled values too.
            decimals = (readerDecimal, writerDecimal)
        } else if case .decimal(let readerDecimal) = reader, case .decimal(let writerDecimal) = writer {
            decimals = (readerDecimal, writerDecimal)
        }
        // Where Avro itself cannot resolve the pair it already reports a TYPE_MISMATCH.
        guard decimals != nil || (SchemaResolution.primitiveNames.contains(reader.avroTypeName)
              && SchemaResolution.promotes(reader: reader.avroTypeName, writer: writer.avroTypeName)) else { return }
        if let (readerDecimal, writerDecimal) = decimals {
            if readerDecimal.scale != writerDecimal.scale {
                add(.decimalScaleChanged, "Avro stores decimals unscaled, so scale \(writerDecimal.scale) data read with scale "
                    + "\(readerDecimal.scale) would change every value by a factor of ten per digit")
            }
            if readerDecimal.precision < writerDecimal.precision {
                add(.decimalPrecisionNarrowed, "the writer may write \(writerDecimal.precision) significant digits, "
                    + "the reader holds only \(readerDecimal.precision)")
            }
            return
        }
        let readerLogical = reader.logicalTypeName
        let writerLogical = writer.logicalTypeName
        guard readerLogical != writerLogical else { return }
        if reader == .string && writer == .uuid { return }  // a uuid is a string: pure widening
        let readerText = readerLogical ?? "plain \(reader.avroTypeName)"
        let writerText = writerLogical ?? "plain \(writer.avroTypeName)"
        add(.logicalTypeChanged, "the bytes resolve, but values written as \(writerText) would be read as \(readerText) "
            + "and mean something else")
    }
}
