import DCLDomain
@testable import DCLODCS
import Foundation
import Testing
import Yams

/// `YAMLEventComposer` must read every document exactly as the composition it replaced did:
/// Yams' `compose` (with no resolution rules) followed by a conversion of Yams' `Node` tree.
/// That pair is kept here, as it was, as the reference; each input must give the same tree
/// (values, texts, lines) or the same error (file, line, field, message).
@Suite struct YAMLEventComposerTests {
    /// The previous loader, unchanged: Yams composes, then the node tree is converted.
    enum Reference {

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
            var budget = YAMLLoader.maximumValues
            return try convert(root, depth: 0, budget: &budget, file: file)
        }

        private static func convert(_ node: Node, depth: Int, budget: inout Int, file: String) throws(ODCSError) -> SourceNode {
            let line = node.mark?.line
            budget -= 1
            guard budget >= 0, depth <= YAMLLoader.maximumDepth else {
                throw ODCSError(file: file, line: line, field: "(document)",
                                message: "the document is too large or too deeply nested (aliases expand to more than \(YAMLLoader.maximumValues) values?)")
            }
            switch node {
            case .scalar(let scalar):
                return SourceNode(content: .scalar(YAMLLoader.scalarValue(scalar.string, tag: tag(of: scalar)), text: scalar.string), line: line)
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
        static func tag(of scalar: Node.Scalar) -> Yams.Tag.Name {
            let written = scalar.tag.description
            guard scalar.style == .plain || scalar.style == .any else {
                return written.isEmpty || written == "!" ? .str : Yams.Tag.Name(rawValue: written)
            }
            if written.isEmpty || (written == Yams.Tag.Name.str.rawValue && scalar.string == "<<") {
                return PlainScalarResolver.tag(of: scalar.string)
            }
            return written == "!" ? .str : Yams.Tag.Name(rawValue: written)
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

    /// A tree as text: every value, the author's text and every line, so two trees compare fully.
    static func render(_ node: SourceNode, into out: inout String, indent: String = "") {
        switch node.content {
        case .scalar(let value, let text):
            out += "\(indent)scalar \(value) text \(text.debugDescription) line \(node.line.map(String.init) ?? "-")\n"
        case .sequence(let items):
            out += "\(indent)sequence line \(node.line.map(String.init) ?? "-")\n"
            for item in items { render(item, into: &out, indent: indent + "  ") }
        case .mapping(let members):
            out += "\(indent)mapping line \(node.line.map(String.init) ?? "-")\n"
            for member in members {
                out += "\(indent)  key \(member.key.debugDescription) line \(member.keyLine.map(String.init) ?? "-")\n"
                render(member.value, into: &out, indent: indent + "    ")
            }
        }
    }

    /// The tree or the error, as text.
    static func outcome(_ load: (String, String) throws(ODCSError) -> SourceNode, _ yaml: String) -> String {
        do {
            var out = ""
            render(try load(yaml, "case.yaml"), into: &out)
            return out
        } catch {
            return "error \(error.file):\(error.line.map(String.init) ?? "-") \(error.field): \(error.message)"
        }
    }

    static func expectSame(_ yaml: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let expected = outcome(Reference.load, yaml)
        let actual = outcome(YAMLLoader.load, yaml)
        #expect(actual == expected, "\(yaml.prefix(200).debugDescription)", sourceLocation: sourceLocation)
    }

    static let base = """
        apiVersion: v3.1.0
        kind: DataContract
        id: sales.orders
        version: 1.0.0
        status: active
        schema:
          - name: orders
            properties:
              - name: order_id
                logicalType: string
        """ + "\n"

    /// Scalars of every type, styles, tags, anchors, aliases and merges.
    static let readable: [String] = [
        "a: 1\nb: 1.5\nc: true\nd: ~\ne: null\nf: 2024-01-01\ng: 2024-01-01T10:00:00Z\nh: 0x1F\ni: 0o17\nj: .inf\nk: -.5e3\nl: yes\nm: 12:30\n",
        "a: '1'\nb: \"true\"\nc: |\n  block\n  text\nd: >\n  folded\n  text\ne: \"esc\\u00e9\\t\"\n",
        "a: !!str 1\nb: !!int \"7\"\nc: ! 12\nd: !custom x\ne: !!float 3\nf: !!null \"\"\ng: !!bool yes\n",
        "base: &b {x: 1, y: 2}\nother:\n  <<: *b\n  y: 3\nlist: [*b, *b]\n",
        "a: &a [1, 2]\nb: &m {k: v}\nc:\n  <<: [*m, {k: w, z: 1}]\nd: *a\n",
        "\"<<\": 1\nx: 2\n",
        "<<: {a: 1}\nb: 2\n",
        "a: &x foo\n*x : 2\nb: *x\n",
        "&k key: value\nother: *k\n",
        "a:\n- 1\n- [2, [3, {b: c}]]\n- {}\n- []\n- ''\n- \n",
        "? a\n: 1\n? b\n",
        "a: 1 # comment\n# another\nb: [1, 2, # inside\n  3]\n",
        "key with spaces: value with: colon\n'quoted key': x\n\"k2\": y\n",
        "a: caf\u{e9}\nb: \"\u{1F600}\"\n",
        "--- \na: 1\n...\n",
        "%YAML 1.2\n---\na: 1\n",
        "1: a\n!!int 1: b\n",
        "",
        "# only a comment\n",
        "[1, 2, 3]\n",
        "just text\n",
        base,
        base + "tags: [a, b]\nx-extra:\n  nested: {deep: [1, {d: e}]}\n",
    ]

    /// Inputs each loader refuses, with the errors to match.
    static let refused: [String] = [
        "apiVersion: v3.1.0\nkind:\n\t- x\n",
        "apiVersion: \"v3.1.0\nkind: DataContract\n",
        "apiVersion: [v3.1.0\n",
        "apiVersion: *nothing\n",
        base + "id: again\n",
        "a: 1\nb: 2\na: 3\nb: 4\n",
        "b: 1\na: 2\nb: 3\na: 4\n",
        "a:\n  x: 1\n  x: 2\nb: [\n",
        "a: [\n  x: 1\n  x: 2\n",
        "apiVersion: v3.1.0\n  kind: DataContract\n id: x\n",
        "apiVersion: v3.1.0\u{0}\n",
        "apiVersion: v3.1.0\u{1}\n",
        "a: b\u{0}c\n",
        "base: &b 1\nother:\n  <<: *b\n",
        "base: &b 1\nother:\n  <<: [*b]\n",
        "? [a, b]\n: 1\n",
        "? [a, b]\n: 1\nc: [\n",
        base + "---\n" + base,
        "a: 1\n---\nb: 2\n",
        "a: &a [*a]\n",
        "<<: 1\n<<: 2\n",
        "a: 1\n\"a\": 2\n",
        "!!str a: 1\na: 2\n",
        "x: [" + String(repeating: "[", count: 3000) + String(repeating: "]", count: 3000) + "]\n",
        "x: " + String(repeating: "[", count: 250) + String(repeating: "]", count: 250) + "\n",
        "x: " + String(repeating: "[", count: 200) + String(repeating: "]", count: 200) + "\n",
        "x: " + String(repeating: "[", count: 199) + "1" + String(repeating: "]", count: 199) + "\n",
        "x: " + String(repeating: "[", count: 200) + "1" + String(repeating: "]", count: 200) + "\n",
        "a: 'unclosed\n",
        "a: b: c\n",
        "- a\nb: c\n",
        "\u{FEFF}a: 1\n",
    ]

    static var billionLaughs: String {
        var text = "a0: &a0 [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n"
        for level in 1...9 {
            text += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ", ") + "]\n"
        }
        return text
    }

    @Test func readsEveryValueAsTheYamsCompositionDid() {
        for yaml in Self.readable + Self.refused { Self.expectSame(yaml) }
    }

    /// The standard's own example documents, and a large generated schema.
    @Test func readsTheODCSExamplesAsTheYamsCompositionDid() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let folder = ProcessInfo.processInfo.environment["DCL_ODCS_EXAMPLES"].map { URL(fileURLWithPath: $0) }
            ?? root.deletingLastPathComponent().appendingPathComponent("shared/reference/odcs-examples")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".odcs.yaml") }.sorted()
        #expect(names.count == 44, "expected the 44 ODCS examples in \(folder.path)")
        for name in names {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            Self.expectSame(text)
        }
        var large = Self.base
        for index in 0..<3000 {
            large += "      - name: c\(index)\n        logicalType: \(["string", "integer", "date"][index % 3])\n        required: \(index % 2 == 0)\n"
        }
        Self.expectSame(large)
    }

    /// An alias used as a key reads as its scalar's text. (Yams, resolving the key's tag in place,
    /// also turned the anchored value itself into text; the composer leaves the value as written.)
    @Test func anAliasOfANumberIsAKeyAndStaysANumber() throws {
        let root = try YAMLLoader.load("a: &x 1\n*x : 2\n", file: "x.yaml")
        #expect(root.members?.map(\.key) == ["a", "1"])
        #expect(root["a"]?.scalarValue == .number("1") && root["1"]?.scalarValue == .number("2"))
    }

    /// Refused as before, with a line or message that differs on purpose: an alias expanding past the
    /// limits is named at the alias (Yams' conversion named the first node of the expansion), and two
    /// equal list-or-mapping keys are refused as keys that are not text (Yams first found them equal).
    @Test func refusalsNamedAtTheirOwnPlace() {
        let deepAlias = "a: &d [" + String(repeating: "[", count: 150) + String(repeating: "]", count: 150) + "]\nb: "
            + String(repeating: "[", count: 50) + "*d" + String(repeating: "]", count: 50) + "\n"
        for (yaml, line, text) in [(Self.billionLaughs, 7, "too large or too deeply nested"), (deepAlias, 2, "too large or too deeply nested"),
                                   ("? {a: 1}\n: 1\n? {a: 1}\n: 2\n", 1, "mapping keys must be plain text")] {
            do {
                _ = try YAMLLoader.load(yaml, file: "x.yaml")
                Issue.record("accepted \(yaml.prefix(40))")
            } catch {
                #expect(error.line == line && error.message.contains(text), "\(error)")
            }
        }
    }

    /// Yams named every duplicate key at the line a text search found; the composer knows the
    /// second key's own line, which is the same wherever the search could find it.
    @Test func aRepeatedKeyNamesBothLines() throws {
        do {
            _ = try YAMLLoader.load("a: 1\nb:\n  c: 1\n  d: 2\n  c: 3\n", file: "x.yaml")
            Issue.record("a repeated key was accepted")
        } catch {
            #expect(error.line == 5 && error.field == "c" && error.message.contains("first at line 3"), "\(error)")
        }
    }
}
