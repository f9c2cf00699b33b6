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
        withUnsafePointer(to: reader) { reader in
            withUnsafePointer(to: writer) { writer in
                compareFields(reader, writer, path: FieldPath(parent: nil, name: path), into: &findings)
            }
        }
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
        readerName == writerName || ResolutionGraph.shortName(readerName) == ResolutionGraph.shortName(writerName)
            || readerAliases.contains(ResolutionGraph.fullName(writerName, explicitNamespace: writerNamespace, enclosing: nil))
            || readerAliases.contains(writerName)
    }

    /// The position of the writer field a reader field reads: by name, else by one of the reader
    /// field's aliases. Versions mostly keep their fields in order, so the writer's field at the
    /// reader field's own position is tried first (both parsers refuse two fields of one name);
    /// `positions` indexes the writer's fields by name, built on the first miss, so a record is
    /// matched in linear time.
    private static func lookup(_ field: UnsafePointer<FieldSchema>, at position: Int, in fields: UnsafeBufferPointer<FieldSchema>,
                               positions: inout [String: Int]?) -> Int? {
        if position < fields.count, fields[position].name == field.pointee.name { return position }
        if positions == nil {
            // The first field of a name wins, as a linear search would find it.
            var index: [String: Int] = [:]
            index.reserveCapacity(fields.count)
            for writerPosition in fields.indices where index[fields[writerPosition].name] == nil {
                index[fields[writerPosition].name] = writerPosition
            }
            positions = index
        }
        if let direct = positions?[field.pointee.name] { return direct }
        for alias in field.pointee.aliases {
            if let aliased = positions?[alias] { return aliased }
        }
        return nil
    }

    private static func compareRecords(_ reader: RecordSchema, _ writer: RecordSchema, path: String,
                                       into findings: inout [Incompatibility]) {
        // Fields are read in place: copying `FieldSchema`s (a dozen reference-counted members each)
        // cost more than comparing them.
        reader.fields.withUnsafeBufferPointer { readerFields in
            writer.fields.withUnsafeBufferPointer { writerFields in
                compareRecords(reader, writer, readerFields, writerFields, path: path, into: &findings)
            }
        }
    }

    private static func compareRecords(_ reader: RecordSchema, _ writer: RecordSchema, _ readerFields: UnsafeBufferPointer<FieldSchema>,
                                       _ writerFields: UnsafeBufferPointer<FieldSchema>, path: String,
                                       into findings: inout [Incompatibility]) {
        guard let readerBase = readerFields.baseAddress, let writerBase = writerFields.baseAddress else { return }
        var positions: [String: Int]?
        for position in readerFields.indices {
            guard let match = lookup(readerBase + position, at: position, in: writerFields, positions: &positions) else { continue }
            compareFields(readerBase + position, writerBase + match, path: FieldPath(parent: path, name: readerBase[position].name),
                          into: &findings)
        }
        let readerKeyPositions = keyPositions(readerFields)
        let writerKeyPositions = keyPositions(writerFields)
        guard !readerKeyPositions.isEmpty || !writerKeyPositions.isEmpty else { return }
        // The key as the reader sees it: its key fields, named as the writer names them.
        let readerKey = readerKeyPositions.map { position in
            lookup(readerBase + position, at: position, in: writerFields, positions: &positions).map { writerFields[$0].name }
                ?? "(\(readerFields[position].name))"
        }
        let writerKey = writerKeyPositions.map { writerFields[$0].name }
        if readerKey != writerKey {
            let readerText = readerKeyPositions.map { readerFields[$0].name }.joined(separator: ", ")
            let writerText = writerKey.joined(separator: ", ")
            findings.append(Incompatibility(
                ruleId: .primaryKeyChanged, path: path,
                readerType: readerText.isEmpty ? "no primary key" : "primary key (\(readerText))",
                writerType: writerText.isEmpty ? "no primary key" : "primary key (\(writerText))",
                message: "rows are identified differently, so upserts, joins and deduplication by key "
                    + "would silently merge or split records"))
        }
    }

    /// The positions of the primary-key fields in key order (declared position, then field order).
    private static func keyPositions(_ fields: UnsafeBufferPointer<FieldSchema>) -> [Int] {
        let keyed = fields.indices.filter { fields[$0].primaryKey }
        guard !keyed.isEmpty else { return [] }
        return keyed.sorted { (fields[$0].primaryKeyPosition ?? Int.max, $0) < (fields[$1].primaryKeyPosition ?? Int.max, $1) }
    }

    /// A field's path, joined only when a finding needs it (most fields compare equal).
    private struct FieldPath {
        var parent: String?
        var name: String
        var text: String { parent.map { join($0, name) } ?? name }
    }

    /// `path` and the types' descriptions are built only for a finding, or to look inside the
    /// types: most fields compare equal and need no text. The fields are read through pointers, in
    /// place: copying a `FieldSchema` (a dozen reference-counted members) costs more than comparing one.
    private static func compareFields(_ reader: UnsafePointer<FieldSchema>, _ writer: UnsafePointer<FieldSchema>, path: FieldPath,
                                      into findings: inout [Incompatibility]) {
        func add(_ rule: IncompatibilityRule, _ message: String) {
            findings.append(Incompatibility(ruleId: rule, path: path.text, readerType: reader.pointee.type.description,
                                            writerType: writer.pointee.type.description, message: message))
        }
        // Plain primitives are never nullable, and Avro's rules say all there is about their types.
        let plain = SchemaResolution.isPlainPrimitive(reader.pointee.type) && SchemaResolution.isPlainPrimitive(writer.pointee.type)
        if !plain && !reader.pointee.type.isNullable && writer.pointee.type.isNullable {
            add(.fieldBecameRequired, "the writer may leave '\(writer.pointee.name)' null, but the reader requires a value")
        }
        if let readerLimit = reader.pointee.maxLength, writer.pointee.maxLength.map({ $0 > readerLimit }) ?? true {
            let written = writer.pointee.maxLength.map { "up to \($0)" } ?? "without a length limit"
            add(.maxLengthNarrowed, "the writer may write values \(written), but the reader accepts at most \(readerLimit)")
        }
        if let readerMinimum = reader.pointee.minimum, writer.pointee.minimum.map({ $0 < readerMinimum }) ?? true {
            let written = writer.pointee.minimum.map { "down to \($0)" } ?? "with no lower bound"
            add(.boundsNarrowed, "the writer may write values \(written), below the reader's minimum \(readerMinimum)")
        }
        if let readerMaximum = reader.pointee.maximum, writer.pointee.maximum.map({ $0 > readerMaximum }) ?? true {
            let written = writer.pointee.maximum.map { "up to \($0)" } ?? "with no upper bound"
            add(.boundsNarrowed, "the writer may write values \(written), above the reader's maximum \(readerMaximum)")
        }
        if reader.pointee.unique && !writer.pointee.unique {
            add(.uniquenessDropped, "the reader relies on '\(reader.pointee.name)' being unique, which the writer no longer promises")
        }
        if (reader.pointee.classification != nil || writer.pointee.classification != nil)
            && normalized(reader.pointee.classification) != normalized(writer.pointee.classification) {
            findings.append(Incompatibility(
                ruleId: .classificationChanged, path: path.text,
                readerType: reader.pointee.classification ?? "unclassified", writerType: writer.pointee.classification ?? "unclassified",
                message: "the data classification differs, so access rules, masking and retention for this field "
                    + "must be reviewed by every consumer"))
        }
        if plain { return }
        walk(reader.pointee.type, writer.pointee.type, path: path.text, into: &findings)
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
        // Two plain primitives: Avro's own rules say all there is to say.
        if SchemaResolution.isPlainPrimitive(reader) && SchemaResolution.isPlainPrimitive(writer) { return }
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
