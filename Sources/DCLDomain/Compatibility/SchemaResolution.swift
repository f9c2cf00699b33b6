/// Apache Avro's schema resolution: can a reader schema read data written with a writer schema?
///
/// The rules are those of the Avro specification, decided exactly as the reference Python
/// implementation (`avro.compatibility.ReaderWriterCompatibilityChecker`, Avro 1.12.2) decides
/// them, including its corner cases, so that a contract accepted here is accepted by any
/// Avro-based registry. A differential test (`scripts/avro-oracle/`, `docs/compatibility.md`)
/// checks tens of thousands of schema pairs against the reference.
///
/// - Primitives resolve to themselves; `int` promotes to `long`, `float`, `double`; `long` to
///   `float`, `double`; `float` to `double`; `string` and `bytes` to each other.
/// - Records match by unqualified name, or when the reader lists the writer's full name among
///   its aliases. Reader fields are looked up in the writer by name, then by the reader field's
///   aliases; a reader field the writer lacks needs a default. Writer fields the reader lacks
///   are skipped.
/// - Enums match by name; every writer symbol must be a reader symbol unless the reader's enum
///   has a default symbol.
/// - Fixed types match by name and size; arrays by items, maps by values.
/// - A writer union needs every branch readable; a reader union needs one branch that reads
///   the writer's type.
/// - Logical types count as their Avro type (`date` is an `int`); `ContractSchemaRules` adds
///   the stricter contract checks on them.
/// - Recursive types are fine: a pair met again while it is being checked counts as
///   compatible, as in the reference.
///
/// Where the reference reports a bare `MISSING_UNION_BRANCH` although one reader branch is
/// clearly the writer's counterpart (same kind and name, or the only non-null branch of an
/// optional), the counterpart's own findings are reported instead: same verdict, but the
/// author sees `orders.customer.email` rather than "union lacks record".
public enum SchemaResolution {
    /// Every reason `reader` cannot read data written with `writer`; empty when it can.
    /// `path` prefixes the paths of the findings (usually the schema object's name).
    public static func incompatibilities(reader: SchemaType, writer: SchemaType, path: String = "") -> [Incompatibility] {
        incompatibilities(reader: ResolutionGraph(reader), writer: ResolutionGraph(writer), path: path)
    }

    /// The same for schemas already built into graphs: a check against many versions builds each
    /// version's graph once.
    static func incompatibilities(reader: ResolutionGraph, writer: ResolutionGraph, path: String = "") -> [Incompatibility] {
        var run = Run(reader: reader, writer: writer)
        let findings = run.compatibility(reader.root, writer.root)
        return findings.isEmpty ? [] : findings.map { $0.incompatibility(under: path) }
    }

    /// The same for prepared schemas (see `PreparedSchema`): each built once, however many
    /// schemas it is checked against.
    public static func incompatibilities(reader: PreparedSchema, writer: PreparedSchema, path: String = "") -> [Incompatibility] {
        incompatibilities(reader: reader.graph, writer: writer.graph, path: path)
    }

    /// True when `reader` can read every datum written with `writer`.
    public static func isCompatible(reader: SchemaType, writer: SchemaType) -> Bool {
        incompatibilities(reader: reader, writer: writer).isEmpty
    }

    /// Avro's promotions for primitive types, by Avro type name: may a reader of `reader` read a `writer`?
    public static func promotes(reader: String, writer: String) -> Bool {
        if reader == writer { return true }
        switch (reader, writer) {
        case ("long", "int"), ("float", "int"), ("float", "long"),
             ("double", "int"), ("double", "long"), ("double", "float"),
             ("bytes", "string"), ("string", "bytes"):
            return true
        default:
            return false
        }
    }

    static let primitiveNames: Set<String> = ["null", "boolean", "int", "long", "float", "double", "bytes", "string"]

    /// An Avro primitive with no logical type.
    static func isPlainPrimitive(_ type: SchemaType) -> Bool {
        switch type {
        case .null, .boolean, .int, .long, .float, .double, .bytes, .string: return true
        default: return false
        }
    }

    /// A finding with a path relative to the pair of nodes it was found under, so that a memoized
    /// result can be reused under another path.
    struct Finding {
        var rule: IncompatibilityRule
        var suffix: String
        var readerType: String
        var writerType: String
        var message: String

        func prefixed(_ component: String) -> Finding {
            var copy = self
            copy.suffix = component + suffix
            return copy
        }

        func incompatibility(under path: String) -> Incompatibility {
            var full = path + suffix
            if path.isEmpty, full.hasPrefix(".") { full.removeFirst() }
            return Incompatibility(ruleId: rule, path: full, readerType: readerType, writerType: writerType, message: message)
        }
    }

    struct Pair: Hashable {
        var reader: Int
        var writer: Int
    }

    enum Memo {
        case inProgress
        case done([Finding])
    }

    /// One check: the reference's `ReaderWriterCompatibilityChecker` with its memo.
    struct Run {
        let reader: ResolutionGraph
        let writer: ResolutionGraph
        var memo: [Pair: Memo] = [:]
        /// Writer records' fields by name (the first of a name), built when a reader field is not
        /// found at its own position.
        var writerFieldPositions: [Int: [String: Int]] = [:]

        init(reader: ResolutionGraph, writer: ResolutionGraph) {
            self.reader = reader
            self.writer = writer
            // About one pair per node of the smaller graph is visited: room for them up front
            // instead of growing (and rehashing) the memo a dozen times on a large schema.
            memo.reserveCapacity(min(reader.types.count, writer.types.count))
        }

        /// The reference's `get_compatibility`: memoized, and compatible when re-entered.
        mutating func compatibility(_ r: Int, _ w: Int) -> [Finding] {
            // Two primitives never recurse, so memoizing them changes nothing but the cost.
            if let readerType = reader.primitives[r], let writerType = writer.primitives[w] {
                return readerType.reads(writerType) ? [] : [typeMismatch(r, w)]
            }
            let pair = Pair(reader: r, writer: w)
            switch memo[pair] {
            case .inProgress?: return []
            case .done(let findings)?: return findings
            case nil: break
            }
            memo[pair] = .inProgress
            let findings = calculate(r, w)
            memo[pair] = .done(findings)
            return findings
        }

        /// Whether `compatibility(r, w)` is empty. Two primitives are answered from the table without
        /// building the finding: a writer's optional field meets the reader's `null` branch first.
        private mutating func reads(_ r: Int, _ w: Int) -> Bool {
            if let readerType = reader.primitives[r], let writerType = writer.primitives[w] { return readerType.reads(writerType) }
            return compatibility(r, w).isEmpty
        }

        private func describe(_ r: Int, _ w: Int) -> (String, String) {
            (reader.types[r].description, writer.types[w].description)
        }

        private func finding(_ rule: IncompatibilityRule, _ r: Int, _ w: Int, _ message: String) -> Finding {
            let (readerType, writerType) = describe(r, w)
            return Finding(rule: rule, suffix: "", readerType: readerType, writerType: writerType, message: message)
        }

        private func typeMismatch(_ r: Int, _ w: Int) -> Finding {
            let (readerType, writerType) = describe(r, w)
            let message: String
            if writer[w].avroType == "null" {
                message = "the writer may write null here, but the reader's \(readerType) is not nullable"
            } else if SchemaResolution.primitiveNames.contains(reader[r].avroType),
                      SchemaResolution.primitiveNames.contains(writer[w].avroType) {
                message = "a \(writer[w].avroType) cannot be read as \(reader[r].avroType): Avro only promotes "
                    + "int → long → float → double and string ↔ bytes"
            } else {
                message = "a value written as \(writer[w].avroType) cannot be read as \(reader[r].avroType)"
            }
            return Finding(rule: .typeMismatch, suffix: "", readerType: readerType, writerType: writerType, message: message)
        }

        // The reference's `calculate_compatibility`, branch for branch and in the same order,
        // because the order decides which pairs are in progress when recursion meets them.
        private mutating func calculate(_ r: Int, _ w: Int) -> [Finding] {
            let readerNode = reader[r]
            let writerNode = writer[w]
            if readerNode.avroType == writerNode.avroType {
                switch (readerNode, writerNode) {
                case (.primitive, .primitive):
                    return []
                case (.array(let readerItems), .array(let writerItems)):
                    return compatibility(readerItems, writerItems).map { $0.prefixed("[]") }
                case (.map(let readerValues), .map(let writerValues)):
                    return compatibility(readerValues, writerValues).map { $0.prefixed("{}") }
                case (.fixed(let readerName, let readerSize), .fixed(let writerName, let writerSize)):
                    var findings = nameCheck(readerName, writerName, r, w, kind: "fixed")
                    if readerSize != writerSize {
                        findings.append(finding(.fixedSizeMismatch, r, w,
                                                "the writer's fixed \(writerName.short) is \(writerSize) bytes, the reader's \(readerSize)"))
                    }
                    return findings
                case (.enumeration(let readerName, let readerSymbols, let readerDefault),
                      .enumeration(let writerName, let writerSymbols, _)):
                    var findings = nameCheck(readerName, writerName, r, w, kind: "enum")
                    let known = Set(readerSymbols)
                    var missing: [String] = []
                    for symbol in writerSymbols where !known.contains(symbol) && !missing.contains(symbol) {
                        missing.append(symbol)
                    }
                    // The reference accepts a default only when it is a non-empty reader symbol.
                    let usableDefault = readerDefault.map { !$0.isEmpty && known.contains($0) } ?? false
                    if !missing.isEmpty && !usableDefault {
                        findings.append(finding(.missingEnumSymbols, r, w,
                                                "the writer may write \(missing.joined(separator: ", ")), which the reader's enum "
                                                    + "\(readerName.short) lacks, and that enum has no default symbol to read them as"))
                    }
                    return findings
                case (.record(let readerRecord), .record(let writerRecord)):
                    var findings = nameCheck(readerRecord.name, writerRecord.name, r, w, kind: "record")
                    findings += recordFields(readerRecord, writerRecord, r, w)
                    return findings
                case (.union, .union(let writerBranches)):
                    var findings: [Finding] = []
                    for branch in writerBranches {
                        // The reference reports each unreadable writer branch as one missing branch;
                        // the finding for that branch comes from the non-union case below.
                        findings += compatibility(r, branch)
                    }
                    return findings
                default:
                    return [typeMismatch(r, w)]
                }
            }
            if case .union(let writerBranches) = writerNode {
                var findings: [Finding] = []
                for branch in writerBranches { findings += compatibility(r, branch) }
                return findings
            }
            switch readerNode {
            case .primitive(let readerType):
                guard case .primitive(let writerType) = writerNode,
                      SchemaResolution.promotes(reader: readerType, writer: writerType) else {
                    return [typeMismatch(r, w)]
                }
                return []
            case .array, .map, .fixed, .enumeration, .record:
                return [typeMismatch(r, w)]
            case .union(let readerBranches):
                for branch in readerBranches where reads(branch, w) {
                    return []
                }
                if let counterpart = counterpart(in: readerBranches, for: w) {
                    // Already computed (and memoized) by the loop above, and not empty.
                    let findings = compatibility(counterpart, w)
                    if !findings.isEmpty { return findings }
                }
                let (readerType, writerType) = describe(r, w)
                return [Finding(rule: .missingUnionBranch, suffix: "", readerType: readerType, writerType: writerType,
                                message: "the writer may write \(writerType) here, which no branch of the reader's union can read")]
            }
        }

        /// The reader branch meant to read the writer's type: same kind and name, else the only
        /// non-null branch of an optional. Only used to report findings more precisely.
        private func counterpart(in branches: [Int], for w: Int) -> Int? {
            let writerNode = writer[w]
            if let same = branches.first(where: { branch in
                let node = reader[branch]
                guard node.avroType == writerNode.avroType else { return false }
                if let readerName = node.name, let writerName = writerNode.name {
                    return ResolutionGraph.namesMatch(reader: readerName, writer: writerName)
                }
                return true
            }) {
                return same
            }
            let nonNull = branches.filter { reader[$0].avroType != "null" }
            if nonNull.count == 1, writerNode.avroType != "null", branches.count == 2 { return nonNull[0] }
            return nil
        }

        private func nameCheck(_ readerName: ResolutionGraph.Name, _ writerName: ResolutionGraph.Name,
                               _ r: Int, _ w: Int, kind: String) -> [Finding] {
            if ResolutionGraph.namesMatch(reader: readerName, writer: writerName) { return [] }
            return [finding(.nameMismatch, r, w,
                            "the writer's \(kind) is named \(writerName.full) and the reader's \(readerName.full); "
                                + "add \"\(writerName.full)\" to the reader's aliases if it is the same type renamed")]
        }

        private mutating func recordFields(_ readerRecord: ResolutionGraph.Record, _ writerRecord: ResolutionGraph.Record,
                                           _ r: Int, _ w: Int) -> [Finding] {
            var findings: [Finding] = []
            // Fields are read in place, not copied out of the array one by one.
            readerRecord.fields.withUnsafeBufferPointer { fields in
                guard let base = fields.baseAddress else { return }
                for position in fields.indices {
                    recordField(base[position], at: position, writerRecord, w, into: &findings)
                }
            }
            return findings
        }

        private mutating func recordField(_ field: borrowing ResolutionGraph.Field, at position: Int, _ writerRecord: ResolutionGraph.Record,
                                          _ w: Int, into findings: inout [Finding]) {
            guard let writerType = lookup(field, at: position, in: writerRecord, node: w) else {
                if !field.hasDefault {
                    // The reference, for an enum-typed field with an enum default, checks the enum
                    // against the whole writer record, which always fails: an enum default is no field default.
                    let enumNote: String
                    if case .enumeration(_, _, let symbol?) = reader[field.type], !symbol.isEmpty {
                        enumNote = " (the enum's default symbol \(symbol) does not stand in for a field default)"
                    } else {
                        enumNote = ""
                    }
                    findings.append(Finding(
                        rule: .readerFieldMissingDefaultValue, suffix: "." + field.name,
                        readerType: reader.types[field.type].description, writerType: "absent",
                        message: "the reader expects field '\(field.name)', which the writer's record \(writerRecord.name.short) "
                            + "does not write, and gives no default to fill it in\(enumNote)"))
                }
                return
            }
            let fieldFindings = compatibility(field.type, writerType)
            if !fieldFindings.isEmpty { findings += fieldFindings.map { $0.prefixed("." + field.name) } }
        }

        /// The reference's `lookup_writer_field`: by name, then by the reader field's aliases in order.
        ///
        /// Versions of a schema mostly keep their fields in order, so the writer's field at the
        /// reader field's own position is tried first; only a miss builds the writer record's index.
        /// (Both schema parsers refuse a record with two fields of one name, so the field found at
        /// the position is the only one of that name.)
        private mutating func lookup(_ field: borrowing ResolutionGraph.Field, at position: Int, in record: ResolutionGraph.Record,
                                     node w: Int) -> Int? {
            if position < record.fields.count, record.fields[position].name == field.name { return record.fields[position].type }
            let positions = fieldPositions(of: record, node: w)
            if let index = positions[field.name] { return record.fields[index].type }
            for alias in field.aliases {
                if let index = positions[alias] { return record.fields[index].type }
            }
            return nil
        }

        private mutating func fieldPositions(of record: ResolutionGraph.Record, node w: Int) -> [String: Int] {
            if let known = writerFieldPositions[w] { return known }
            var positions: [String: Int] = [:]
            positions.reserveCapacity(record.fields.count)
            for (index, field) in record.fields.enumerated() where positions[field.name] == nil { positions[field.name] = index }
            writerFieldPositions[w] = positions
            return positions
        }
    }
}
