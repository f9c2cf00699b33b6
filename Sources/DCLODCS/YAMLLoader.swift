import DCLDomain
import Yams

/// Parses YAML text into `SourceNode`s with line numbers, using YAML 1.2 core-schema rules.
///
/// Yams' default resolver follows YAML 1.1, where `yes`, `no`, `on` and `off` are booleans and
/// `12:30` is the integer 750; contract authors writing `classification: no` or a time of day
/// mean text. So only `true`/`false` are booleans and sexagesimal numbers are strings here.
///
/// Yams composes with no resolution rules (it hashes every mapping key to find duplicates, and
/// each hash would otherwise run the rules' regular expressions); untagged plain scalars are
/// then typed by `PlainScalarResolver`, which follows `resolver`'s rules byte by byte. Reading
/// is linear in the document and a 5,000-property schema reads in milliseconds.
enum YAMLLoader {
    static let resolver: Resolver = Resolver.basic
        .appending(.null)
        .appending(rule(.bool, "^(?:true|True|TRUE|false|False|FALSE)$"))
        .appending(rule(.int, "^(?:[-+]?[0-9][0-9_]*|[-+]?0o[0-7_]+|[-+]?0x[0-9a-fA-F_]+|[-+]?0b[01_]+)$"))
        .appending(rule(.float, """
            ^(?:[-+]?(?:[0-9][0-9_]*\\.[0-9_]*|\\.[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)?\
            |[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+\
            |[-+]?\\.(?:inf|Inf|INF)\
            |\\.(?:nan|NaN|NAN))$
            """))
        .appending(.timestamp)
        .appending(.merge)

    /// Alias expansion can multiply a small file enormously ("billion laughs"); a contract
    /// never needs more values than this.
    static let maximumValues = 1_000_000
    static let maximumDepth = 200

    private static func rule(_ tag: Tag.Name, _ pattern: String) -> Resolver.Rule {
        do { return try Resolver.Rule(tag, pattern) } catch { preconditionFailure("invalid built-in pattern \(pattern)") }
    }

    static func load(_ yaml: String, file: String) throws(ODCSError) -> SourceNode {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml, Resolver.basic)
        } catch let error as YamlError {
            throw translate(error, yaml: yaml, file: file)
        } catch {
            throw ODCSError(file: file, line: 1, field: "(yaml)", message: "invalid YAML: \(error)")
        }
        guard let root else {
            throw ODCSError(file: file, line: 1, field: "(document)", message: "the file is empty; expected an ODCS data contract")
        }
        var budget = maximumValues
        return try convert(root, depth: 0, budget: &budget, file: file)
    }

    private static func convert(_ node: Node, depth: Int, budget: inout Int, file: String) throws(ODCSError) -> SourceNode {
        let line = node.mark?.line
        budget -= 1
        guard budget >= 0, depth <= maximumDepth else {
            throw ODCSError(file: file, line: line, field: "(document)",
                            message: "the document is too large or too deeply nested (aliases expand to more than \(maximumValues) values?)")
        }
        switch node {
        case .scalar(let scalar):
            return SourceNode(content: .scalar(scalarValue(scalar.string, tag: tag(of: scalar)), text: scalar.string), line: line)
        case .sequence(let sequence):
            var items: [SourceNode] = []
            for item in sequence { items.append(try convert(item, depth: depth + 1, budget: &budget, file: file)) }
            return SourceNode(content: .sequence(items), line: line)
        case .mapping(let mapping):
            var members: [SourceNode.Member] = []
            var merged: [SourceNode.Member] = []
            for (keyNode, valueNode) in mapping {
                guard case .scalar(let keyScalar) = keyNode else {
                    throw ODCSError(file: file, line: keyNode.mark?.line, field: "(document)",
                                    message: "mapping keys must be plain text, not lists or mappings")
                }
                let value = try convert(valueNode, depth: depth + 1, budget: &budget, file: file)
                if tag(of: keyScalar) == .merge {
                    // `<<: *defaults` merges the aliased mapping(s); explicit keys win.
                    let sources = value.items ?? [value]
                    for source in sources {
                        guard let sourceMembers = source.members else {
                            throw ODCSError(file: file, line: keyNode.mark?.line, field: "<<",
                                            message: "a merge key needs a mapping or a list of mappings")
                        }
                        for member in sourceMembers where !merged.contains(where: { $0.key == member.key }) {
                            merged.append(member)
                        }
                    }
                    continue
                }
                let key = keyScalar.string
                if let first = members.first(where: { $0.key == key }) {
                    throw ODCSError(file: file, line: keyNode.mark?.line, field: key,
                                    message: "key '\(key)' appears twice in the same mapping (first at line \(first.keyLine.map(String.init) ?? "?"))")
                }
                members.append(SourceNode.Member(key: key, keyLine: keyNode.mark?.line, value: value))
            }
            for member in merged where !members.contains(where: { $0.key == member.key }) { members.append(member) }
            return SourceNode(content: .mapping(members), line: line)
        case .alias:
            // `compose` resolves aliases to their anchored node; this case only arises for built trees.
            throw ODCSError(file: file, line: line, field: "(document)", message: "unresolved YAML alias")
        }
    }

    /// A scalar's type: its explicit tag (`!!int 5`), text when quoted or in a block, else by
    /// `PlainScalarResolver`. A key's tag reads as `str` once Yams has hashed it (with no rules),
    /// so a plain key is typed by its text too (only `<<`, a merge, matters for keys).
    static func tag(of scalar: Node.Scalar) -> Tag.Name {
        let written = scalar.tag.description
        guard scalar.style == .plain || scalar.style == .any else {
            return written.isEmpty || written == "!" ? .str : Tag.Name(rawValue: written)
        }
        if written.isEmpty || (written == Tag.Name.str.rawValue && scalar.string == "<<") {
            return PlainScalarResolver.tag(of: scalar.string)
        }
        return written == "!" ? .str : Tag.Name(rawValue: written)
    }

    /// JSON for a scalar by its resolved tag. Timestamps stay text: JSON has no date type and
    /// `2024-01-01` must not turn into a local-time instant.
    static func scalarValue(_ text: String, tag: Tag.Name) -> JSONValue {
        switch tag {
        case .null: return .null
        case .bool: return .bool(text.lowercased() == "true")
        case .int: return YAMLNumber.integerLiteral(text).map(JSONValue.number) ?? .string(text)
        case .float: return YAMLNumber.floatLiteral(text).map(JSONValue.number) ?? .string(text)
        default: return .string(text)
        }
    }

    private static func translate(_ error: YamlError, yaml: String, file: String) -> ODCSError {
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            var message = "invalid YAML: \(problem)"
            if let context { message += " (\(context.text) at line \(context.mark.line))" }
            return ODCSError(file: file, line: mark.line, field: "(yaml)", message: message)
        case .reader(let problem, let offset, _, _):
            let line = offset.map { offset in 1 + yaml.utf8.prefix(offset).filter { $0 == UInt8(ascii: "\n") }.count } ?? 1
            return ODCSError(file: file, line: line, field: "(yaml)", message: "invalid YAML: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let key = duplicates.first ?? "?"
            let second = secondOccurrence(of: key, after: context.mark, in: yaml)
            return ODCSError(file: file, line: second ?? context.mark.line, field: key,
                             message: "key '\(key)' appears twice in the same mapping (first at line \(context.mark.line))")
        default:
            return ODCSError(file: file, line: 1, field: "(yaml)", message: "invalid YAML: \(error)")
        }
    }

    /// Yams reports a duplicated key at its first occurrence; the author needs the second,
    /// which is the next line that has the same key at the same column.
    private static func secondOccurrence(of key: String, after mark: Mark, in yaml: String) -> Int? {
        let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false)
        guard mark.line >= 1, mark.line < lines.count else { return nil }
        let column = mark.column - 1
        let spellings = [key + ":", "\"" + key + "\":", "'" + key + "':"]
        for index in mark.line..<lines.count {
            let scalars = Array(lines[index].unicodeScalars)
            guard scalars.count > column else { continue }
            let lead = String(String.UnicodeScalarView(scalars[..<column]))
            let rest = String(String.UnicodeScalarView(scalars[column...]))
            guard lead.allSatisfy({ $0 == " " || $0 == "-" }) else { continue }
            if spellings.contains(where: { rest.hasPrefix($0) }) { return index + 1 }
        }
        return nil
    }
}
