/// A schema as Avro's reference implementation sees it: a graph in which every reference to
/// a named type is the *same* node as its definition.
///
/// `SchemaType` is a value tree: a named type referenced twice is copied, and a recursive
/// reference is cut to a field-less placeholder by the parser. The reference checker
/// (`avro.compatibility.ReaderWriterCompatibilityChecker`) memoizes on object identity and
/// treats a pair met again while it is still being checked as compatible, so matching it
/// exactly needs the identities back. This graph restores them by resolving names the way
/// `avro.schema` does (full names from the enclosing record's namespace; see `fullName`).
///
/// Logical types collapse to their Avro type here: plain resolution ignores them, and the
/// contract rules (`ContractSchemaRules`) judge them separately.
struct ResolutionGraph {
    struct Name {
        /// Unqualified name: what the reference compares (`reader.name == writer.name`).
        var short: String
        /// Qualified name: what the reference looks up among the reader's aliases.
        var full: String
        var aliases: [String]
    }

    struct Field {
        var name: String
        var aliases: [String]
        /// Avro: a field has a default when its JSON has a `default` member, even `null`.
        var hasDefault: Bool
        var type: Int
    }

    struct Record {
        var name: Name
        var fields: [Field]
        /// An Avro `error`: resolved like a record, but a different type from `record`.
        var isError = false
    }

    enum Node {
        /// `null`, `boolean`, `int`, `long`, `float`, `double`, `bytes` or `string`.
        case primitive(String)
        case array(items: Int)
        case map(values: Int)
        case union(branches: [Int])
        case record(Record)
        case enumeration(name: Name, symbols: [String], defaultSymbol: String?)
        case fixed(name: Name, size: Int)

        /// The reference's `schema.type`: logical types report their Avro type.
        var avroType: String {
            switch self {
            case .primitive(let name): return name
            case .array: return "array"
            case .map: return "map"
            case .union: return "union"
            case .record(let record): return record.isError ? "error" : "record"
            case .enumeration: return "enum"
            case .fixed: return "fixed"
            }
        }

        var name: Name? {
            switch self {
            case .record(let record): return record.name
            case .enumeration(let name, _, _), .fixed(let name, _): return name
            default: return nil
            }
        }
    }

    /// Avro's primitive types, for the promotion check that most field pairs come down to.
    enum Primitive: UInt8 {
        case null, boolean, int, long, float, double, bytes, string

        /// The Avro type under a primitive or logical type; nil for the others.
        init?(_ type: SchemaType) {
            switch type {
            case .null: self = .null
            case .boolean: self = .boolean
            case .int, .date, .timeMillis: self = .int
            case .long, .timeMicros, .timestampMillis, .timestampMicros: self = .long
            case .float: self = .float
            case .double: self = .double
            case .bytes, .decimal: self = .bytes
            case .string, .uuid: self = .string
            default: return nil
            }
        }

        /// `SchemaResolution.promotes` for primitives: may a reader of `self` read a `writer`?
        func reads(_ writer: Primitive) -> Bool {
            if self == writer { return true }
            switch (self, writer) {
            case (.long, .int), (.float, .int), (.float, .long), (.double, .int), (.double, .long), (.double, .float),
                 (.bytes, .string), (.string, .bytes):
                return true
            default:
                return false
            }
        }
    }

    private(set) var nodes: [Node] = []
    /// Each node's primitive type, nil for the others: read without copying the node.
    private(set) var primitives: [Primitive?] = []
    /// The `SchemaType` each node was built from, for readable findings.
    private(set) var types: [SchemaType] = []
    private(set) var root = 0

    private var byFullName: [String: Int] = [:]
    /// Definitions whose namespace was inherited, by short name: a later copy of one cannot be
    /// told apart by name alone, because the parser keeps only explicit namespaces.
    private var inheritedDefinitions: [String: [Int]] = [:]
    private var recordsInProgress: Set<Int> = []

    init(_ type: SchemaType) {
        if case .record(let record) = type {
            // Most schemas are a record of fields with one node each.
            nodes.reserveCapacity(record.fields.count + 1)
            types.reserveCapacity(record.fields.count + 1)
            primitives.reserveCapacity(record.fields.count + 1)
        }
        root = add(type, namespace: nil)
    }

    subscript(index: Int) -> Node { nodes[index] }

    // MARK: Building

    private mutating func allocate(_ node: Node, _ type: SchemaType) -> Int {
        if case .primitive = node { primitives.append(Primitive(type)) } else { primitives.append(nil) }
        nodes.append(node)
        types.append(type)
        return nodes.count - 1
    }

    private mutating func add(_ type: SchemaType, namespace: String?) -> Int {
        switch type {
        case .null, .boolean, .int, .long, .float, .double, .bytes, .string,
             .decimal, .date, .timeMillis, .timeMicros, .timestampMillis, .timestampMicros, .uuid:
            return allocate(.primitive(type.avroTypeName), type)
        case .array(let items):
            let index = allocate(.array(items: -1), type)
            nodes[index] = .array(items: add(items, namespace: namespace))
            return index
        case .map(let values):
            let index = allocate(.map(values: -1), type)
            nodes[index] = .map(values: add(values, namespace: namespace))
            return index
        case .union(let branches):
            let index = allocate(.union(branches: []), type)
            var resolved: [Int] = []
            resolved.reserveCapacity(branches.count)
            for branch in branches { resolved.append(add(branch, namespace: namespace)) }
            nodes[index] = .union(branches: resolved)
            return index
        case .enumeration(let schema):
            let placed = place(name: schema.name, explicitNamespace: schema.namespace, enclosing: namespace,
                               type: type, isPlaceholder: false)
            if let existing = placed.existing { return existing }
            let name = Name(short: ResolutionGraph.shortName(schema.name), full: placed.fullName, aliases: schema.aliases)
            let index = allocate(.enumeration(name: name, symbols: schema.symbols, defaultSymbol: schema.defaultSymbol), type)
            register(index, placed)
            return index
        case .fixed(let schema):
            let placed = place(name: schema.name, explicitNamespace: schema.namespace, enclosing: namespace,
                               type: type, isPlaceholder: false)
            if let existing = placed.existing { return existing }
            let name = Name(short: ResolutionGraph.shortName(schema.name), full: placed.fullName, aliases: schema.aliases)
            let index = allocate(.fixed(name: name, size: schema.size), type)
            register(index, placed)
            return index
        case .record(let record):
            // The parser's recursion placeholder: no fields, no doc, no aliases.
            let mayBePlaceholder = record.fields.isEmpty && record.doc == nil && record.aliases.isEmpty
            let placed = place(name: record.name, explicitNamespace: record.namespace, enclosing: namespace,
                               type: type, isPlaceholder: mayBePlaceholder)
            if let existing = placed.existing { return existing }
            let name = Name(short: ResolutionGraph.shortName(record.name), full: placed.fullName, aliases: record.aliases)
            let index = allocate(.record(Record(name: name, fields: [], isError: record.isError == true)), type)
            register(index, placed)
            recordsInProgress.insert(index)
            // The reference gives the fields of a record with `"namespace": ""` the null namespace,
            // although the record itself took the enclosing one (see `fullName`).
            let inner = record.namespace == ""
                ? ResolutionGraph.namespace(ofFullName: record.name)
                : ResolutionGraph.namespace(ofFullName: placed.fullName)
            var fields: [Field] = []
            fields.reserveCapacity(record.fields.count)
            // By position, reading only what resolution needs: copying whole `FieldSchema`s (a dozen
            // reference-counted members each) was most of the cost of building a graph.
            for position in record.fields.indices {
                let fieldType = add(record.fields[position].type, namespace: inner)
                fields.append(Field(name: record.fields[position].name, aliases: record.fields[position].aliases,
                                    hasDefault: record.fields[position].defaultValue != nil, type: fieldType))
            }
            nodes[index] = .record(Record(name: name, fields: fields, isError: record.isError == true))
            recordsInProgress.remove(index)
            return index
        }
    }

    private struct Placement {
        var existing: Int?
        var fullName: String
        var inherited: Bool
        var short: String
    }

    /// Decides whether a named occurrence defines a new type or refers to one already seen.
    private func place(name: String, explicitNamespace: String?, enclosing: String?, type: SchemaType,
                       isPlaceholder: Bool) -> Placement {
        let short = ResolutionGraph.shortName(name)
        let inherited = !name.contains(".") && (explicitNamespace ?? "").isEmpty
        let full = ResolutionGraph.fullName(name, explicitNamespace: explicitNamespace, enclosing: enclosing)
        var placement = Placement(existing: byFullName[full], fullName: full, inherited: inherited, short: short)
        if placement.existing != nil { return placement }
        if isPlaceholder {
            // A recursive reference: the record being defined with that short name.
            if let open = recordsInProgress.sorted().last(where: { nodes[$0].name?.short == short }) {
                placement.existing = open
                return placement
            }
        }
        if inherited, let candidates = inheritedDefinitions[short],
           let match = candidates.first(where: { types[$0] == type }) {
            // A copy of a type defined under another namespace and referred to by full name.
            placement.existing = match
        }
        return placement
    }

    private mutating func register(_ index: Int, _ placement: Placement) {
        byFullName[placement.fullName] = index
        if placement.inherited { inheritedDefinitions[placement.short, default: []].append(index) }
    }

    // MARK: Names, as avro.name.Name computes them

    /// The reference's `schema_name_equals`: equal unqualified names, or the writer's full name
    /// among the reader's aliases (compared as written, so an unqualified alias only matches a
    /// writer in the null namespace).
    static func namesMatch(reader: Name, writer: Name) -> Bool {
        reader.short == writer.short || reader.aliases.contains(writer.full)
    }

    static func shortName(_ name: String) -> String {
        guard let dot = name.lastIndex(of: ".") else { return name }
        return String(name[name.index(after: dot)...])
    }

    /// A dotted name is already full; otherwise the explicit namespace, else the enclosing
    /// record's, qualifies the name.
    ///
    /// An explicit empty namespace should mean the null namespace (Avro specification), but the
    /// reference's `NamedSchema` turns `""` into "no namespace given" and so qualifies the name
    /// with the enclosing namespace. The reference's reading is kept, so that verdicts agree
    /// (see docs/compatibility.md, "Where the reference departs from the specification").
    static func fullName(_ name: String, explicitNamespace: String?, enclosing: String?) -> String {
        if name.contains(".") { return name }
        let explicit = explicitNamespace.flatMap { $0.isEmpty ? nil : $0 }
        guard let space = explicit ?? enclosing, !space.isEmpty else { return name }
        return space + "." + name
    }

    static func namespace(ofFullName full: String) -> String? {
        guard let dot = full.lastIndex(of: ".") else { return nil }
        return String(full[..<dot])
    }
}
