import CYaml
import DCLDomain
import Yams

/// Builds a `SourceNode` tree straight from libyaml's event stream, in one pass.
///
/// Composing through Yams first built a `Node` tree (a `Tag` object per node, a dictionary per
/// mapping for its duplicate-key check) that `YAMLLoader` then walked again to build the
/// `SourceNode`s; for a large schema that was most of the time `dcl check` spent. Reading the
/// events directly gives the same tree and the same errors with a fraction of the allocations.
///
/// It answers exactly as Yams' `compose` followed by the old conversion did, including which error
/// wins when a document has several: libyaml's syntax errors, an undefined alias, a second document
/// and a key repeated in a mapping are reported where Yams met them (it composed first), while the
/// conversion's own refusals (a key that is not text, a bad merge, a document that expands too far)
/// wait until the whole stream has been read, as they did when the conversion ran after composing.
///
/// ```swift
/// var composer = YAMLEventComposer(file: "orders.yaml")
/// let root = try composer.compose("id: sales.orders\n")   // a mapping with one member
/// ```
struct YAMLEventComposer: ~Copyable {
    let file: String
    /// The first refusal of the conversion, thrown once the stream has been read without a YAML error.
    private var deferred: ODCSError?
    /// Anchored nodes by anchor name, with what expanding an alias to them costs.
    private var anchors: [String: Anchored] = [:]
    /// Values built so far, counting every alias as the values it expands to.
    private var values = 0
    private let parser: UnsafeMutablePointer<yaml_parser_t>
    private let event: UnsafeMutablePointer<yaml_event_t>
    /// Whether `event` holds an event that must be freed.
    private var holdsEvent = false
    /// The members, keys and items of the collections being read, innermost last. Each collection
    /// takes its own off the end when it closes, into an array of exactly its size, instead of
    /// growing an array of its own one element at a time (a schema has a small mapping per property).
    private var memberStack: [SourceNode.Member] = []
    private var keyStack: [Key] = []
    private var itemStack: [SourceNode] = []

    /// A node as an alias expands it: the node, how many values it counts as, and how deep it nests.
    private struct Anchored {
        var node: SourceNode
        var values: Int
        var height: Int
        /// For a scalar, its tag as a key would resolve it (an alias may be used as a key).
        var keyTag: String?
    }

    /// A key of the mapping being read, for the duplicate checks.
    private struct Key {
        var text: String
        /// The key's tag as Yams resolved it when hashing: `str` unless written explicitly.
        var tag: String
        var line: Int?
    }

    init(file: String) {
        self.file = file
        parser = .allocate(capacity: 1)
        event = .allocate(capacity: 1)
        yaml_parser_initialize(parser)
        yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
    }

    deinit {
        if holdsEvent { yaml_event_delete(event) }
        yaml_parser_delete(parser)
        parser.deallocate()
        event.deallocate()
    }

    /// The document's root, or nil for a stream without a document (empty, or only comments).
    mutating func compose(_ yaml: String) throws(ODCSError) -> SourceNode? {
        // libyaml reads from a buffer that must outlive the parse; a copy keeps the code free of
        // closures (whose untyped `rethrows` would lose the typed error).
        // At least one byte, so that even an empty document has an address (libyaml asserts one).
        let storage = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(yaml.utf8.count, 1))
        defer { storage.deallocate() }
        let count = storage.initialize(from: yaml.utf8).index
        yaml_parser_set_input_string(parser, storage.baseAddress, count)
        memberStack.removeAll(keepingCapacity: true)
        keyStack.removeAll(keepingCapacity: true)
        itemStack.removeAll(keepingCapacity: true)
        return try composeStream(UnsafeBufferPointer(rebasing: storage[..<count]))
    }

    private mutating func composeStream(_ bytes: UnsafeBufferPointer<UInt8>) throws(ODCSError) -> SourceNode? {
        try next(bytes)  // stream start
        try next(bytes)
        guard event.pointee.type != YAML_STREAM_END_EVENT else { return nil }
        // A document start; its root follows.
        try next(bytes)
        let root = try node(depth: 0, bytes)
        try next(bytes)  // document end
        try next(bytes)
        if event.pointee.type != YAML_STREAM_END_EVENT {
            throw ODCSError(file: file, line: line(of: event.pointee.start_mark), field: "(yaml)",
                            message: "invalid YAML: but found another document (expected a single document in the stream at line 1)")
        }
        if let deferred { throw deferred }
        return root.node
    }

    /// Frees the current event and reads the next one.
    private mutating func next(_ bytes: UnsafeBufferPointer<UInt8>) throws(ODCSError) {
        if holdsEvent {
            yaml_event_delete(event)
            holdsEvent = false
        }
        guard yaml_parser_parse(parser, event) == 1 else { throw syntaxError(bytes) }
        holdsEvent = true
    }

    private func line(of mark: yaml_mark_t) -> Int { mark.line + 1 }

    private mutating func refuse(_ line: Int?, _ field: String, _ message: String) {
        if deferred == nil { deferred = ODCSError(file: file, line: line, field: field, message: message) }
    }

    private var tooLarge: String {
        "the document is too large or too deeply nested (aliases expand to more than \(YAMLLoader.maximumValues) values?)"
    }

    /// The node starting at the current event, with the values it counts as and its height.
    /// On return the current event is the node's last (its scalar, alias or end event).
    private mutating func node(depth: Int, _ bytes: UnsafeBufferPointer<UInt8>) throws(ODCSError) -> Anchored {
        let current = event.pointee
        let nodeLine = line(of: current.start_mark)
        switch current.type {
        case YAML_ALIAS_EVENT:
            let name = String(cString: current.data.alias.anchor)
            guard let anchored = anchors[name] else {
                throw ODCSError(file: file, line: nodeLine, field: "(yaml)", message: "invalid YAML: found undefined alias")
            }
            count(anchored.values, deepest: depth + anchored.height, line: nodeLine)
            return anchored
        case YAML_SCALAR_EVENT:
            count(1, deepest: depth, line: nodeLine)
            let scalar = current.data.scalar
            let raw = UnsafeBufferPointer(start: scalar.value, count: scalar.length)
            let text = String(decoding: raw, as: UTF8.self)
            let tag = YAMLEventComposer.valueTag(raw, tag: scalar.tag, style: scalar.style, quotedImplicit: scalar.quoted_implicit == 1)
            let built = Anchored(node: SourceNode(content: .scalar(YAMLLoader.scalarValue(text, tag: tag), text: text), line: nodeLine),
                                 values: 1, height: 0,
                                 keyTag: scalar.anchor == nil ? nil : YAMLEventComposer.keyTag(tag: scalar.tag, quotedImplicit: scalar.quoted_implicit == 1))
            register(scalar.anchor, built)
            return built
        case YAML_SEQUENCE_START_EVENT:
            let anchor = current.data.sequence_start.anchor.map { String(cString: $0) }
            count(1, deepest: depth, line: nodeLine)
            guard depth <= YAMLLoader.maximumDepth else { return try skip(anchor: anchor, line: nodeLine, bytes) }
            let start = itemStack.count
            var total = 1
            var height = 0
            try next(bytes)
            while event.pointee.type != YAML_SEQUENCE_END_EVENT {
                let item = try node(depth: depth + 1, bytes)
                itemStack.append(item.node)
                total += item.values
                height = max(height, item.height + 1)
                try next(bytes)
            }
            let items = Array(itemStack[start...])
            itemStack.removeLast(itemStack.count - start)
            let built = Anchored(node: SourceNode(content: .sequence(items), line: nodeLine), values: total, height: height)
            if let anchor { anchors[anchor] = built }
            return built
        case YAML_MAPPING_START_EVENT:
            let anchor = current.data.mapping_start.anchor.map { String(cString: $0) }
            count(1, deepest: depth, line: nodeLine)
            guard depth <= YAMLLoader.maximumDepth else { return try skip(anchor: anchor, line: nodeLine, bytes) }
            let built = try mapping(depth: depth, line: nodeLine, bytes)
            if let anchor { anchors[anchor] = built }
            return built
        default:
            preconditionFailure("libyaml produced event \(current.type.rawValue) where a node starts")
        }
    }

    private mutating func register(_ anchor: UnsafeMutablePointer<UInt8>?, _ built: Anchored) {
        if let anchor { anchors[String(cString: anchor)] = built }
    }

    /// Counts values against `YAMLLoader.maximumValues` and nesting against `maximumDepth`.
    private mutating func count(_ added: Int, deepest: Int, line: Int) {
        values += added
        if values > YAMLLoader.maximumValues || deepest > YAMLLoader.maximumDepth {
            refuse(line, "(document)", tooLarge)
        }
    }

    /// Reads past a collection nested deeper than the conversion accepts (already refused),
    /// without recursing: only libyaml's own errors and anchors still matter.
    private mutating func skip(anchor: String?, line: Int, _ bytes: UnsafeBufferPointer<UInt8>) throws(ODCSError) -> Anchored {
        refuse(line, "(document)", tooLarge)
        let placeholder = Anchored(node: SourceNode(content: .scalar(.null, text: ""), line: line), values: 1, height: 0)
        var open = 1
        while open > 0 {
            try next(bytes)
            let current = event.pointee
            switch current.type {
            case YAML_SEQUENCE_START_EVENT:
                open += 1
                if let inner = current.data.sequence_start.anchor { anchors[String(cString: inner)] = placeholder }
            case YAML_MAPPING_START_EVENT:
                open += 1
                if let inner = current.data.mapping_start.anchor { anchors[String(cString: inner)] = placeholder }
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                open -= 1
            case YAML_SCALAR_EVENT:
                register(current.data.scalar.anchor, placeholder)
            case YAML_ALIAS_EVENT:
                guard anchors[String(cString: current.data.alias.anchor)] != nil else {
                    throw ODCSError(file: file, line: self.line(of: current.start_mark), field: "(yaml)",
                                    message: "invalid YAML: found undefined alias")
                }
            default:
                break
            }
        }
        if let anchor { anchors[anchor] = placeholder }
        return placeholder
    }

    private mutating func mapping(depth: Int, line nodeLine: Int, _ bytes: UnsafeBufferPointer<UInt8>) throws(ODCSError) -> Anchored {
        let memberStart = memberStack.count
        let keyStart = keyStack.count
        var merged: [SourceNode.Member] = []
        var hasTaggedKey = false
        var total = 1
        var height = 0
        try next(bytes)
        while event.pointee.type != YAML_MAPPING_END_EVENT {
            let keyEvent = event.pointee
            let keyLine = line(of: keyEvent.start_mark)
            var key: Key?
            var isMerge = false
            if keyEvent.type == YAML_SCALAR_EVENT {
                let scalar = keyEvent.data.scalar
                let text = String(decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self)
                let tag = YAMLEventComposer.keyTag(tag: scalar.tag, quotedImplicit: scalar.quoted_implicit == 1)
                // `str` first: it is almost every key's tag, and the same string, so it compares cheaply.
                if tag == Tag.Name.str.rawValue {
                    isMerge = text == "<<" && scalar.style == YAML_PLAIN_SCALAR_STYLE
                } else {
                    isMerge = tag == Tag.Name.merge.rawValue
                    hasTaggedKey = true
                }
                key = Key(text: text, tag: tag, line: keyLine)
                if scalar.anchor != nil {
                    register(scalar.anchor, Anchored(node: SourceNode(content: .scalar(.string(text), text: text), line: keyLine),
                                                     values: 1, height: 0, keyTag: tag))
                }
            } else if keyEvent.type == YAML_ALIAS_EVENT, let anchored = anchors[String(cString: keyEvent.data.alias.anchor)],
                      case .scalar(_, let text) = anchored.node.content, let tag = anchored.keyTag {
                // An alias of a scalar is a text key like any other (Yams resolved it to the anchored scalar).
                isMerge = tag == Tag.Name.merge.rawValue
                // Yams' key is the anchored node itself, so it keeps that node's line.
                key = Key(text: text, tag: tag, line: anchored.node.line)
                if tag != Tag.Name.str.rawValue { hasTaggedKey = true }
            } else {
                // Read it all (its anchors count), then refuse it as the conversion did.
                _ = try keyNode(bytes)
                refuse(keyLine, "(document)", "mapping keys must be plain text, not lists or mappings")
            }
            try next(bytes)
            let value = try node(depth: depth + 1, bytes)
            total += value.values
            height = max(height, value.height + 1)
            if let key {
                keyStack.append(key)
                if isMerge {
                    // `<<: *defaults` merges the aliased mapping(s); explicit keys win.
                    merge(value.node, into: &merged, keyLine: keyLine)
                } else {
                    if hasTaggedKey {
                        // Keys equal as text under different tags: Yams composes them, the conversion refused them.
                        if let first = memberStack[memberStart...].first(where: { $0.key == key.text }) {
                            refuse(keyLine, key.text, YAMLEventComposer.twice(key.text, firstLine: first.keyLine))
                        }
                    }
                    memberStack.append(SourceNode.Member(key: key.text, keyLine: key.line, value: value.node))
                }
            }
            try next(bytes)
        }
        try checkDuplicates(keyStack[keyStart...])
        keyStack.removeLast(keyStack.count - keyStart)
        var members = Array(memberStack[memberStart...])
        memberStack.removeLast(memberStack.count - memberStart)
        if !merged.isEmpty {
            let explicit = Set(members.map(\.key))
            for member in merged where !explicit.contains(member.key) { members.append(member) }
        }
        return Anchored(node: SourceNode(content: .mapping(members), line: nodeLine), values: total, height: height)
    }

    /// A key that is a list or mapping: read like any node, for its events and anchors.
    private mutating func keyNode(_ bytes: UnsafeBufferPointer<UInt8>) throws(ODCSError) -> Anchored {
        let saved = values
        defer { values = saved }  // the conversion never counted keys
        return try node(depth: 0, bytes)
    }

    private mutating func merge(_ value: SourceNode, into merged: inout [SourceNode.Member], keyLine: Int) {
        let sources = value.items ?? [value]
        var seen = Set(merged.map(\.key))
        for source in sources {
            guard let sourceMembers = source.members else {
                refuse(keyLine, "<<", "a merge key needs a mapping or a list of mappings")
                return
            }
            for member in sourceMembers where seen.insert(member.key).inserted { merged.append(member) }
        }
    }

    /// Yams' check: keys equal as text and tag are an error, reported for the first such key in
    /// text order, at its second occurrence.
    private func checkDuplicates(_ keys: ArraySlice<Key>) throws(ODCSError) {
        var repeated: (key: Key, first: Key)?
        if keys.count <= 16 {
            for index in keys.indices {
                let key = keys[index]
                guard let first = keys[..<index].first(where: { $0.text == key.text && $0.tag == key.tag }) else { continue }
                if repeated == nil || key.text < repeated!.key.text { repeated = (key, first) }
            }
        } else {
            var firsts: [String: Int] = [:]
            firsts.reserveCapacity(keys.count)
            for index in keys.indices {
                let key = keys[index]
                let identity = key.tag == Tag.Name.str.rawValue ? key.text : key.tag + " " + key.text
                if let first = firsts[identity] {
                    if repeated == nil || key.text < repeated!.key.text { repeated = (key, keys[first]) }
                } else {
                    firsts[identity] = index
                }
            }
        }
        if let (key, first) = repeated {
            throw ODCSError(file: file, line: key.line ?? first.line, field: key.text,
                            message: YAMLEventComposer.twice(key.text, firstLine: first.line))
        }
    }

    private static func twice(_ key: String, firstLine: Int?) -> String {
        "key '\(key)' appears twice in the same mapping (first at line \(firstLine.map(String.init) ?? "?"))"
    }

    private func syntaxError(_ bytes: UnsafeBufferPointer<UInt8>) -> ODCSError {
        let state = parser.pointee
        let problem = state.problem.map { String(cString: $0) } ?? "unknown problem"
        switch state.error {
        case YAML_READER_ERROR:
            let offset = min(state.problem_offset, bytes.count)
            let line = 1 + UnsafeBufferPointer(rebasing: bytes[..<offset]).reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
            return ODCSError(file: file, line: line, field: "(yaml)", message: "invalid YAML: \(problem)")
        case YAML_SCANNER_ERROR, YAML_PARSER_ERROR:
            var message = "invalid YAML: \(problem)"
            if let context = state.context {
                message += " (\(String(cString: context)) at line \(state.context_mark.line + 1))"
            }
            return ODCSError(file: file, line: state.problem_mark.line + 1, field: "(yaml)", message: message)
        default:
            return ODCSError(file: file, line: 1, field: "(yaml)", message: "invalid YAML: Memory error")
        }
    }

    // MARK: Tags

    /// A value scalar's type, as `YAMLLoader.tag(of:)` typed Yams' scalars: an explicit tag as
    /// written (`!` is text), text when quoted or in a block, else by `PlainScalarResolver`.
    static func valueTag(_ text: UnsafeBufferPointer<UInt8>, tag: UnsafeMutablePointer<UInt8>?, style: yaml_scalar_style_t,
                         quotedImplicit: Bool) -> Tag.Name {
        // No tag written (almost every scalar): the answers below for an empty tag, without building it.
        if tag == nil && !quotedImplicit {
            return style == YAML_PLAIN_SCALAR_STYLE || style == YAML_ANY_SCALAR_STYLE ? PlainScalarResolver.tag(of: text) : .str
        }
        let written = quotedImplicit ? Tag.Name.str.rawValue : tag.map { String(cString: $0) } ?? ""
        guard style == YAML_PLAIN_SCALAR_STYLE || style == YAML_ANY_SCALAR_STYLE else {
            return written.isEmpty || written == "!" ? .str : Tag.Name(rawValue: written)
        }
        if written.isEmpty || (written == Tag.Name.str.rawValue && text.elementsEqual("<<".utf8)) {
            return PlainScalarResolver.tag(of: text)
        }
        return written == "!" ? .str : Tag.Name(rawValue: written)
    }

    /// A key's tag as Yams resolves it when hashing keys: `str` unless another tag is written.
    static func keyTag(tag: UnsafeMutablePointer<UInt8>?, quotedImplicit: Bool) -> String {
        guard !quotedImplicit, let tag else { return Tag.Name.str.rawValue }
        let written = String(cString: tag)
        return written == "!" ? Tag.Name.str.rawValue : written
    }
}
