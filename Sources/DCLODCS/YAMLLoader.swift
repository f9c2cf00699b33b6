import DCLDomain
import Yams

/// Parses YAML text into `SourceNode`s with line numbers, using YAML 1.2 core-schema rules.
///
/// Yams' default resolver follows YAML 1.1, where `yes`, `no`, `on` and `off` are booleans and
/// `12:30` is the integer 750; contract authors writing `classification: no` or a time of day
/// mean text. So only `true`/`false` are booleans and sexagesimal numbers are strings here.
///
/// `YAMLEventComposer` reads libyaml's events straight into `SourceNode`s; untagged plain scalars
/// are typed by `PlainScalarResolver`, which follows `resolver`'s rules byte by byte (`resolver`
/// itself still serves the writer, which must know how a plain scalar would read back). Reading
/// is linear in the document.
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
        var composer = YAMLEventComposer(file: file)
        guard let root = try composer.compose(yaml) else {
            throw ODCSError(file: file, line: 1, field: "(document)", message: "the file is empty; expected an ODCS data contract")
        }
        return root
    }

    /// JSON for a scalar by its resolved tag. Timestamps stay text: JSON has no date type and
    /// `2024-01-01` must not turn into a local-time instant.
    static func scalarValue(_ text: String, tag: Tag.Name) -> JSONValue {
        // Text first: most scalars are text, and each tag compared is a string comparison that,
        // between different tags, reads both strings.
        if tag == .str { return .string(text) }
        switch tag {
        case .null: return .null
        case .bool: return .bool(text == "true" || (text != "false" && text.lowercased() == "true"))
        case .int: return YAMLNumber.integerLiteral(text).map(JSONValue.number) ?? .string(text)
        case .float: return YAMLNumber.floatLiteral(text).map(JSONValue.number) ?? .string(text)
        default: return .string(text)
        }
    }
}
