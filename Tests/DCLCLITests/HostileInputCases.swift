import Foundation

/// One hostile input for the real binary: the files it needs, the command, and what must come back.
struct HostileCase: CustomStringConvertible, Sendable {
    var name: String
    var arguments: [String]
    var files: [String: Data] = [:]
    var environment: [String: String] = [:]
    var status: Int32 = 2
    /// Every one must appear in standard error: the message names the problem (and where).
    var mentions: [String]

    var description: String { name }
}

/// The tables of hostile inputs. Every case runs against a folder whose `.dcl/ledger.db` holds
/// `sales.orders`; none may change it.
enum HostileInputCases {
    static let base = ContractTexts.orders()

    static func yaml(_ name: String, _ text: String, _ mentions: String..., status: Int32 = 2) -> HostileCase {
        let file = "\(name).yaml"
        return HostileCase(name: "yaml: \(name)", arguments: ["publish", file], files: [file: Data(text.utf8)],
                           status: status, mentions: (status == 2 ? [file] : []) + mentions)
    }

    static func replacing(_ old: String, _ new: String, in text: String = base) -> String {
        precondition(text.contains(old), "fixture does not contain \(old)")
        return text.replacingOccurrences(of: old, with: new)
    }

    static func removingLine(_ prefix: String) -> String {
        base.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix(prefix) }.joined(separator: "\n")
    }

    // MARK: - YAML contracts

    static var yamlCases: [HostileCase] {
        var cases: [HostileCase] = [
            yaml("empty", "", "empty"),
            yaml("comment-only", "# nothing here\n", "empty"),
            yaml("a-list", "[1, 2, 3]\n", "expected an ODCS data contract"),
            yaml("a-scalar", "just some text\n", "expected an ODCS data contract"),
            yaml("tab-indent", "apiVersion: v3.1.0\nkind:\n\t- x\n", "invalid YAML"),
            yaml("unclosed-quote", "apiVersion: \"v3.1.0\nkind: DataContract\n", "invalid YAML"),
            yaml("unclosed-flow", "apiVersion: [v3.1.0\n", "invalid YAML"),
            yaml("undefined-alias", "apiVersion: *nothing\n", "invalid YAML"),
            yaml("duplicate-key", base + "id: again\n", "appears twice"),
            yaml("bad-indent", "apiVersion: v3.1.0\n  kind: DataContract\n id: x\n", "invalid YAML"),
            yaml("nul-byte", "apiVersion: v3.1.0\u{0}\n", "invalid YAML"),
            yaml("control-char", "apiVersion: v3.1.0\u{1}\n", "invalid YAML"),
            yaml("merge-scalar", "base: &b 1\nother:\n  <<: *b\n", "merge key"),
            yaml("complex-key", "? [a, b]\n: 1\n", "mapping keys must be plain text"),
            yaml("two-documents", base + "---\n" + base, "(yaml)"),
            yaml("billion-laughs", billionLaughs, "too large"),
            yaml("flow-nesting", base + "customProperties: " + String(repeating: "[", count: 3000) + String(repeating: "]", count: 3000) + "\n",
                 "nests deeper"),
            yaml("block-nesting", base + "customProperties:\n" + (1...40).map { String(repeating: "  ", count: $0) + "k\($0):\n" }.joined()
                 + String(repeating: "  ", count: 41) + "v: 1\n", "maxDepth"),
            yaml("long-string", base + "description:\n  purpose: \"" + String(repeating: "y", count: 70_000) + "\"\n", "maxStringLength"),
            yaml("long-key", base + "? " + String(repeating: "k", count: 70_000) + "\n: 1\n", "maxStringLength"),
            yaml("too-many-properties", manyProperties(20_001), "maxProperties"),
            yaml("too-many-rules", manyRules(1001), "maxQualityRules"),
            yaml("number-beyond-double", base + "customProperties:\n  - property: ceiling\n    value: 1e400\n",
                 "the number 1e400 is beyond the range"),
            yaml("integer-beyond-double", base + "customProperties:\n  - property: ceiling\n    value: 1" + String(repeating: "0", count: 400) + "\n",
                 "is beyond the range"),
            yaml("too-big", base + "x-padding: \"" + String(repeating: "z", count: 1_100_000) + "\"\n", "maxDocumentBytes"),
            yaml("api-v2", replacing("apiVersion: v3.1.0", "apiVersion: v2.2.0"), "unsupported apiVersion"),
            yaml("api-number", replacing("apiVersion: v3.1.0", "apiVersion: 3"), "apiVersion"),
            yaml("kind-table", replacing("kind: DataContract", "kind: Table"), "kind must be DataContract"),
            yaml("id-space", replacing("id: sales.orders", "id: sales orders"), "not a contract id"),
            yaml("id-slash", replacing("id: sales.orders", "id: sales/orders"), "not a contract id"),
            yaml("id-list", replacing("id: sales.orders", "id: [a]"), "id"),
            yaml("id-long", replacing("id: sales.orders", "id: " + String(repeating: "a", count: 201)), "not a contract id"),
            yaml("version-two-parts", replacing("version: 1.0.0", "version: \"1.0\""), "not a semantic version"),
            yaml("version-word", replacing("version: 1.0.0", "version: latest"), "not a semantic version"),
            yaml("version-leading-zero", replacing("version: 1.0.0", "version: 01.0.0"), "not a semantic version"),
            yaml("status-empty", replacing("status: active", "status: \"\""), "status"),
            yaml("status-list", replacing("status: active", "status: [active]"), "status"),
            yaml("domain-dash", replacing("domain: sales", "domain: -sales"), "cannot name a ledger domain"),
            yaml("domain-long", replacing("domain: sales", "domain: " + String(repeating: "d", count: 60)), "cannot name a ledger domain"),
            yaml("schema-scalar", replacing("schema:\n  - name: orders", "schema: 5\nx:\n  - name: orders"), "schema"),
            yaml("latency-huge", base + "slaProperties:\n  - property: latency\n    value: 1e20\n    unit: h\n", "too large"),
            yaml("latency-negative", base + "slaProperties:\n  - property: latency\n    value: -4\n    unit: h\n", "zero or more"),
            yaml("latency-text", base + "slaProperties:\n  - property: latency\n    value: soon\n    unit: h\n", "slaProperties"),
            yaml("frequency-zero", base + "slaProperties:\n  - property: frequency\n    value: 0\n    unit: d\n", "positive"),
            yaml("range-on-text", replacing("mustBe: 0", "", in: replacing("- metric: duplicateValues", "- {type: range, min: 0, max: 9}")),
                 "range on column 'order_id'"),
            yaml("range-min-over-max", replacing("version: 1.0.0", "version: 2.0.0") + "quality:\n  - {type: range, column: amount, min: 9, max: 0}\n",
                 "min 9 is greater than max 0", status: 1),
            yaml("rule-on-missing-column", replacing("version: 1.0.0", "version: 2.0.0") + "quality:\n  - type: not_null\n    column: nowhere\n",
                 "column 'nowhere', which no schema object has", status: 1),
            yaml("quality-item-scalar", replacing("mustBe: 0", "", in: replacing("- metric: duplicateValues", "- 3")), "quality"),
            yaml("decimal-bad-precision", replacing("physicalType: decimal(12,2)", "physicalType: decimal(0,2)"), "decimal"),
            yaml("threshold-over-one", base + "customProperties:\n  - property: qualityThreshold\n    value: 2\n", "between 0 and 1", status: 2),
            yaml("id-leading-dash", replacing("id: sales.orders", "id: \"-orders\""), "must start with a letter or digit", status: 1),
            yaml("id-dot-dot", replacing("id: sales.orders", "id: sales..orders"), "must not contain '..'", status: 1),
            yaml("id-bidi", replacing("id: sales.orders", "id: \"sales.\u{202E}sredro\""), "U+202E", status: 1),
            yaml("id-zero-width", replacing("id: sales.orders", "id: \"sales.\u{200B}orders\""), "U+200B", status: 1),
            yaml("property-twice", base + "      - name: amount\n        logicalType: number\n", "property 'amount' is declared twice"),
            yaml("logical-type-unknown", replacing("logicalType: number", "logicalType: banana"), "unknown logicalType 'banana'"),
            yaml("required-not-boolean", replacing("required: true\n        primaryKey", "required: maybe\n        primaryKey"), "must be true or false"),
            yaml("primary-key-not-boolean", replacing("primaryKey: true", "primaryKey: sometimes"), "primaryKey"),
            yaml("unique-not-boolean", replacing("primaryKey: true", "unique: perhaps"), "unique"),
            yaml("decimal-scale-over-precision", replacing("physicalType: decimal(12,2)", "physicalType: decimal(2,12)"), "not a valid decimal"),
            yaml("object-without-name", replacing("  - name: orders", "  - physicalName: orders"), "schema[0].name"),
            yaml("properties-scalar", replacing("    properties:\n", "    properties: 7\n    x:\n"), "schema[0].properties: must be a list"),
            yaml("items-scalar", replacing("logicalType: number", "logicalType: array\n        items: 5"), "items: must be a mapping"),
            yaml("items-without-type", replacing("logicalType: number\n        physicalType: decimal(12,2)", "logicalType: array\n        items:\n          required: true"),
                 "needs a logicalType"),
            yaml("team-scalar", replacing("team:\n", "team: 5\nx:\n"), "team: must be a mapping"),
            yaml("tags-scalar", base + "tags: 5\n", "tags: must be a list"),
            yaml("description-list", base + "description: [a]\n", "description: must be text or a mapping"),
            yaml("data-product-list", replacing("dataProduct: orders", "dataProduct: [orders]"), "dataProduct: must be text"),
            yaml("frequency-unit-unknown", base + "slaProperties:\n  - property: frequency\n    value: 1\n    unit: fortnight\n", "unknown unit 'fortnight'"),
            yaml("sla-without-property", base + "slaProperties:\n  - value: 1\n", "slaProperties[0].property"),
            yaml("threshold-not-a-number", base + "customProperties:\n  - property: qualityThreshold\n    value: high\n", "must be a number, found 'high'"),
            yaml("must-be-not-a-number", replacing("mustBe: 0", "mustBe: zero"), "mustBe: must be a number"),
            yaml("column-rule-at-top", base + "quality:\n  - type: not_null\n", "not_null applies to a column"),
            yaml("quality-type-unknown", base + "quality:\n  - type: telepathy\n    column: order_id\n", "unknown quality type 'telepathy'"),
            yaml("version-v-prefix", replacing("version: 1.0.0", "version: v1.2.0"), "'v1.2.0' is not a semantic version"),
            yaml("version-overflow", replacing("version: 1.0.0", "version: 99999999999999999999.0.0"), "not a semantic version"),
            yaml("version-null", replacing("version: 1.0.0", "version: ~"), "version: is required"),
            yaml("id-empty", replacing("id: sales.orders", "id: \"\""), "id: must be non-empty text"),
            yaml("domain-bidi", replacing("domain: sales", "domain: \"sa\u{202E}les\""), "cannot name a ledger domain"),
            yaml("published-as-retired", replacing("status: active", "status: retired", in: replacing("id: sales.orders", "id: sales.fresh")),
                 "cannot be published as 'retired'", status: 1),
            yaml("same-version-again", base, "unchanged", status: 0),
            yaml("lower-version", replacing("version: 1.0.0", "version: 0.9.0"), "version", status: 1),
        ]
        // ODCS requires these; `domain` is optional in ODCS, so a document without one is valid.
        for field in ["apiVersion:", "kind:", "id:", "version:", "status:"] {
            cases.append(yaml("missing-\(field.dropLast())", removingLine(field), String(field.dropLast())))
        }
        cases.append(HostileCase(name: "yaml: not UTF-8", arguments: ["publish", "latin1.yaml"],
                                 files: ["latin1.yaml": Data("id: caf".utf8) + Data([0xE9, 0x0A])],
                                 mentions: ["latin1.yaml", "not UTF-8", "0xE9"]))
        cases.append(HostileCase(name: "yaml: UTF-16", arguments: ["publish", "utf16.yaml"],
                                 files: ["utf16.yaml": base.data(using: .utf16) ?? Data()], mentions: ["utf16.yaml", "not UTF-8"]))
        cases.append(HostileCase(name: "yaml: a folder", arguments: ["publish", "."], mentions: ["is a folder"]))
        cases.append(HostileCase(name: "yaml: /dev/null", arguments: ["publish", "/dev/null"], mentions: ["/dev/null", "is a device"]))
        cases.append(HostileCase(name: "yaml: missing file", arguments: ["publish", "absent.yaml"], mentions: ["absent.yaml", "no such file"]))
        cases.append(HostileCase(name: "yaml: one bad file of two", arguments: ["publish", "good.yaml", "empty.yaml"],
                                 files: ["good.yaml": Data(replacing("version: 1.0.0", "version: 1.1.0").utf8), "empty.yaml": Data()],
                                 mentions: ["empty.yaml"]))
        cases.append(HostileCase(name: "yaml: dry run of a bad file", arguments: ["check", "bad.yaml"],
                                 files: ["bad.yaml": Data(replacing("kind: DataContract", "kind: Table").utf8)], mentions: ["bad.yaml", "kind"]))
        cases.append(HostileCase(name: "yaml: limit variable not a number", arguments: ["publish", "ok.yaml"],
                                 files: ["ok.yaml": Data(replacing("version: 1.0.0", "version: 1.1.0").utf8)],
                                 environment: ["DCL_MAX_DEPTH": "deep"], mentions: ["DCL_MAX_DEPTH"]))
        cases.append(HostileCase(name: "yaml: limit lowered", arguments: ["publish", "ok.yaml"],
                                 files: ["ok.yaml": Data(replacing("version: 1.0.0", "version: 1.1.0").utf8)],
                                 environment: ["DCL_MAX_PROPERTIES": "1"], mentions: ["ok.yaml", "maxProperties"]))
        return cases
    }

    static var billionLaughs: String {
        var text = "a0: &a0 [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n"
        for level in 1...9 {
            text += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ", ") + "]\n"
        }
        return text
    }

    static func manyProperties(_ count: Int) -> String {
        replacing("      - name: order_id\n", (0..<count).map { "      - name: c\($0)\n        logicalType: string\n" }.joined()
                  + "      - name: order_id\n")
    }

    static func manyRules(_ count: Int) -> String {
        base + "quality:\n" + (0..<count).map { "  - type: row_count\n    name: rows_\($0)\n    min: 1\n" }.joined()
    }

    // MARK: - Avro schemas

    static func avro(_ name: String, _ text: String, _ mentions: String...) -> HostileCase {
        let file = "\(name).avsc"
        return HostileCase(name: "avro: \(name)", arguments: ["check", "good.avsc", file],
                           files: ["good.avsc": Data(goodAvro.utf8), file: Data(text.utf8)], mentions: [file] + mentions)
    }

    static let goodAvro = #"{"type":"record","name":"Order","fields":[{"name":"id","type":"string"}]}"#

    static var avroCases: [HostileCase] {
        [
            avro("empty", "", "JSON"),
            avro("not-json", "{type: record}", "JSON"),
            avro("trailing-garbage", goodAvro + " x", "JSON"),
            avro("truncated", String(goodAvro.dropLast(3)), "JSON"),
            avro("number", "42", "42"),
            avro("unknown-type", #"{"type":"bogus"}"#, "bogus"),
            avro("unknown-named-type", #"{"type":"record","name":"R","fields":[{"name":"a","type":"Missing"}]}"#, "Missing"),
            avro("record-no-name", #"{"type":"record","fields":[]}"#, "name"),
            avro("default-beyond-double", #"{"type":"record","name":"R","fields":[{"name":"a","type":"double","default":1e400}]}"#,
                 "the number 1e400 is beyond the range"),
            avro("record-no-fields", #"{"type":"record","name":"R"}"#, "fields"),
            avro("fields-not-array", #"{"type":"record","name":"R","fields":{}}"#, "fields"),
            avro("field-no-name", #"{"type":"record","name":"R","fields":[{"type":"int"}]}"#, "name"),
            avro("field-no-type", #"{"type":"record","name":"R","fields":[{"name":"a"}]}"#, "type"),
            avro("duplicate-field", #"{"type":"record","name":"R","fields":[{"name":"a","type":"int"},{"name":"a","type":"int"}]}"#, "a"),
            avro("bad-record-name", #"{"type":"record","name":"1R","fields":[]}"#, "1R"),
            avro("bad-field-name", #"{"type":"record","name":"R","fields":[{"name":"a-b","type":"int"}]}"#, "a-b"),
            avro("bad-namespace", #"{"type":"record","name":"R","namespace":"a..b","fields":[]}"#, "a..b"),
            avro("enum-no-symbols", #"{"type":"enum","name":"E"}"#, "symbols"),
            avro("enum-duplicate-symbols", #"{"type":"enum","name":"E","symbols":["A","A"]}"#, "duplicate symbols"),
            avro("enum-bad-symbol", #"{"type":"enum","name":"E","symbols":["a b"]}"#, "a b"),
            avro("fixed-no-size", #"{"type":"fixed","name":"F"}"#, "size"),
            avro("fixed-negative-size", #"{"type":"fixed","name":"F","size":-1}"#, "size"),
            avro("array-no-items", #"{"type":"array"}"#, "items"),
            avro("map-no-values", #"{"type":"map"}"#, "values"),
            avro("union-in-union", #"["null",["int","string"]]"#, "union"),
            avro("union-duplicate", #"["int","int"]"#, "int"),
            avro("empty-union", #"[]"#, "union"),
            avro("decimal-zero-precision", #"{"type":"bytes","logicalType":"decimal","precision":0,"scale":0}"#, "precision"),
            avro("decimal-scale-over-precision", #"{"type":"bytes","logicalType":"decimal","precision":2,"scale":5}"#, "scale"),
            avro("redefined-name", #"{"type":"record","name":"R","fields":[{"name":"a","type":{"type":"record","name":"R","fields":[]}}]}"#, "R"),
            avro("default-wrong-type", #"{"type":"record","name":"R","fields":[{"name":"a","type":"int","default":"x"}]}"#, "default"),
            avro("deep-nesting", String(repeating: #"{"type":"array","items":"#, count: 600) + #""int""# + String(repeating: "}", count: 600), "deep"),
            avro("type-is-number", #"{"type":7}"#, "7"),
            avro("name-is-number", #"{"type":"record","name":7,"fields":[]}"#, "name"),
            avro("name-empty", #"{"type":"record","name":"","fields":[]}"#, "record name '' is not an Avro name"),
            avro("enum-default-unknown", #"{"type":"enum","name":"E","symbols":["A"],"default":"B"}"#, "enum default 'B' is not one of its symbols"),
            avro("enum-symbols-not-list", #"{"type":"enum","name":"E","symbols":"A"}"#, "'symbols' array"),
            avro("fixed-size-text", #"{"type":"fixed","name":"F","size":"8"}"#, "non-negative integer 'size'"),
            avro("fixed-size-overflow", #"{"type":"fixed","name":"F","size":99999999999999999999}"#, "non-negative integer 'size'"),
            avro("map-values-unknown", #"{"type":"map","values":"nothing"}"#, "unknown type 'nothing'"),
            avro("items-empty-union", #"{"type":"array","items":[]}"#, "has no branches"),
            avro("primitive-misspelt", #""integer""#, "unknown type 'integer'"),
            avro("null-default-not-null", #"{"type":"record","name":"R","fields":[{"name":"a","type":"int","default":null}]}"#, "the default of field 'a' is null"),
            avro("union-default-second-branch", #"{"type":"record","name":"R","fields":[{"name":"a","type":["null","int"],"default":5}]}"#,
                 "the default of field 'a' is 5, which is not a null"),
            avro("nan-default", #"{"type":"record","name":"R","fields":[{"name":"a","type":"double","default":NaN}]}"#, "invalid JSON at byte 76"),
            avro("duplicate-json-key", #"{"type":"record","type":"enum","name":"R","fields":[]}"#, "duplicate key 'type'"),
            avro("union-same-record-twice", #"[{"type":"record","name":"A","fields":[]},{"type":"record","name":"A","fields":[]}]"#, "'A' twice"),
            avro("name-redefined-across-kinds", #"{"type":"record","name":"R","fields":[{"name":"a","type":{"type":"enum","name":"a.E","symbols":["X"]}},{"name":"b","type":{"type":"fixed","name":"a.E","size":1}}]}"#,
                 "'a.E' at b is defined twice"),
            HostileCase(name: "avro: not UTF-8", arguments: ["check", "good.avsc", "latin1.avsc"],
                        files: ["good.avsc": Data(goodAvro.utf8), "latin1.avsc": Data(#"{"type":"string","doc":"caf"#.utf8) + Data([0xE9]) + Data(#""}"#.utf8)],
                        mentions: ["latin1.avsc", "not UTF-8", "0xE9"]),
        ]
    }

    // MARK: - Command-line arguments

    static func cli(_ name: String, _ arguments: [String], status: Int32 = 2, environment: [String: String] = [:], _ mentions: String...) -> HostileCase {
        HostileCase(name: "cli: \(name)", arguments: arguments, environment: environment, status: status, mentions: mentions)
    }

    static var argumentCases: [HostileCase] {
        let record = ["quality", "record", "sales.orders", "--rule", "unique_order_id"]
        return [
            cli("unknown command", ["frobnicate"], "frobnicate"),
            cli("unknown flag", ["list", "--frobnicate"], "--frobnicate"),
            cli("show id with newline", ["show", "sales\norders"], "U+000A"),
            cli("show id with bidi", ["show", "sales.\u{202E}orders"], "U+202E"),
            cli("show id with slash", ["show", "a/b"], "not a contract id"),
            cli("show unknown id", ["show", "nope"], status: 1, "nope"),
            cli("show bad version", ["show", "sales.orders", "--version", "one"], "one"),
            cli("history unknown id", ["history", "nope"], status: 1, "no contract 'nope'"),
            cli("history control id", ["history", "x\u{1B}[31m"], "U+001B"),
            cli("record without outcome", record, "--passed"),
            cli("record unknown rule", ["quality", "record", "sales.orders", "--rule", "nope", "--passed"], status: 1, "unique_order_id"),
            cli("record value not a number", record + ["--passed", "--value", "abc"], "--value 'abc'"),
            cli("record value hex", record + ["--passed", "--value", "0x10"], "--value '0x10'"),
            cli("record time not ISO", record + ["--passed", "--observed-at", "noon"], "--observed-at 'noon'"),
            cli("record time in the future", record + ["--passed", "--observed-at", "2999-01-01T00:00:00Z"], "in the future"),
            cli("record skew negative", record + ["--passed", "--max-clock-skew=-1"], "--max-clock-skew"),
            cli("record skew too large", record + ["--passed", "--max-clock-skew", "99999999999"], "--max-clock-skew"),
            cli("record unknown contract", ["quality", "record", "nope", "--rule", "r", "--passed"], status: 1, "nope"),
            cli("actor with newline", record + ["--passed", "--actor", "a\nrecorded x"], "--actor", "U+000A"),
            cli("actor with escape", record + ["--passed", "--actor", "a\u{1B}]0;pwned\u{7}"], "--actor", "U+001B"),
            cli("actor with bidi", record + ["--passed", "--actor", "ana\u{202E}"], "--actor", "U+202E"),
            cli("actor too long", record + ["--passed", "--actor", String(repeating: "a", count: 201)], "--actor"),
            cli("actor blank", record + ["--passed", "--actor", "   "], "--actor"),
            cli("actor from environment with newline", record + ["--passed"], environment: ["DCL_ACTOR": "x\ny"], "--actor"),
            cli("transfer to a non-email", ["transfer", "sales.orders", "--owner", "not-an-email"], "not-an-email"),
            cli("transfer unknown contract", ["transfer", "nope", "--owner", "a@b.com"], status: 1, "nope"),
            cli("deprecate without reason", ["deprecate", "sales.orders"], "--reason"),
            cli("retire an active contract", ["retire", "sales.orders"], status: 1, "deprecate it first"),
            cli("retire unknown", ["retire", "nope"], status: 1, "nope"),
            cli("compatibility bad mode", ["config", "compatibility", "SIDEWAYS"], "SIDEWAYS"),
            cli("compatibility unknown contract", ["config", "compatibility", "FULL", "--contract", "nope"], status: 1, "no contract 'nope'"),
            cli("compatibility bad domain", ["config", "compatibility", "FULL", "--domain=-x"], "-x"),
            cli("domain bad name", ["domain", "register", "bad name", "--owner-team", "t"], "bad name"),
            cli("domain bad threshold", ["domain", "register", "ops", "--owner-team", "t", "--quality-threshold", "2"], "2"),
            cli("domain negative sla", ["domain", "register", "ops", "--owner-team", "t", "--sla-hours=-1"], "sla"),
            cli("init bad id", ["init", "--domain", "sales", "--product", "p", "--id=-p", "--output", "-"], "must start with a letter or digit"),
            cli("init id with dot-dot", ["init", "--domain", "sales", "--product", "p", "--id", "a..b", "--output", "-"], "'..'"),
            cli("export unknown format", ["schema", "export", "sales.orders", "--format", "xml"], "xml"),
            cli("export unknown contract", ["schema", "export", "nope", "--format", "avro"], status: 1, "nope"),
            cli("replay without limit", ["audit", "replay", "--store", "r.db"], "--as-of"),
            cli("replay bad time", ["audit", "replay", "--as-of", "yesterday", "--store", "r.db"], "--as-of 'yesterday'"),
            cli("replay negative position", ["audit", "replay", "--to-position=-1", "--store", "r.db"], "--to-position"),
            cli("replay into empty store path", ["audit", "replay", "--to-position", "1", "--store", ""], "--store is empty"),
            cli("catalog negative position", ["catalog", "--to-position=-3"], "--to-position"),
            cli("catalog empty store", ["catalog", "--store", ""], "--store is empty"),
            cli("empty ledger flag", ["list", "--ledger", ""], "--ledger is empty"),
            cli("blank ledger variable", ["list"], environment: ["DCL_LEDGER": " "], "$DCL_LEDGER is empty"),
            cli("ledger is a folder", ["list", "--ledger", ".dcl"], "is a folder"),
            cli("ledger ends in slash", ["history", "sales.orders", "--ledger", "x/"], "ends in '/'"),
            cli("checkpoint without key", ["audit", "checkpoint"], "--key"),
            cli("checkpoint with a missing key", ["audit", "checkpoint", "--key", "absent.pem"], "absent.pem"),
            cli("checkpoint with a non-key", ["audit", "checkpoint", "--key", "orders.yaml"], "not an Ed25519 private key"),
            cli("verify a missing checkpoint", ["audit", "verify", "--checkpoint", "absent.json"], "absent.json"),
            cli("verify a non-checkpoint", ["audit", "verify", "--checkpoint", "orders.yaml"], "not a dcl checkpoint file"),
            cli("verify with a non-key", ["audit", "verify", "--public-key", "orders.yaml"], "not an Ed25519 public key"),
            cli("keygen over a file", ["audit", "keygen", "--out", "orders.yaml"], "already exists"),
            cli("bad -X", ["list", "--kafka", "127.0.0.1:9", "-X", "novalue"], "-X expects key=value"),
            cli("missing kafka config", ["list", "--kafka-config", "absent.properties"], "absent.properties"),
            cli("bad log level", ["list"], environment: ["DCL_LOG_LEVEL": "loud"], "DCL_LOG_LEVEL"),
            cli("bad skew variable", record + ["--passed"], environment: ["DCL_MAX_CLOCK_SKEW": "-5"], "DCL_MAX_CLOCK_SKEW"),
            cli("check with no files", ["check"], "file"),
            cli("publish with no files", ["publish"], "<files>"),
            cli("demo into the ledger", ["demo", "--ledger", ".dcl/ledger.db"], "already exists"),
            cli("show unknown version", ["show", "sales.orders", "--version", "9.9.9"], status: 1, "no version 9.9.9"),
            cli("show two formats", ["show", "sales.orders", "--json", "--odcs"], "choose one of --json, --odcs and --original"),
            cli("history bad as-of", ["history", "sales.orders", "--as-of", "tomorrow"], "--as-of 'tomorrow'"),
            cli("versions unknown contract", ["versions", "nope"], status: 1, "no contract 'nope'"),
            cli("timeline unknown contract", ["timeline", "nope"], status: 1, "no events for 'nope'"),
            cli("list bad domain", ["list", "--domain", "bad name"], "--domain 'bad name' is not a domain name"),
            cli("catalog bad domain", ["catalog", "--domain", "bad name"], "--domain 'bad name' is not a domain name"),
            cli("dashboard bad domain", ["dashboard", "quality", "--domain", "bad name"], "--domain 'bad name' is not a domain name"),
            cli("record an infinite value", record + ["--passed", "--value", "1e999"], "--value '1e999' is out of range"),
            cli("deprecate unknown contract", ["deprecate", "nope", "--reason", "x"], status: 1, "no contract 'nope'"),
            cli("reactivate an active contract", ["reactivate", "sales.orders", "--reason", "x"], status: 1, "only a deprecated contract can be reactivated"),
            cli("reactivate without reason", ["reactivate", "sales.orders"], "--reason"),
            cli("transfer to the same owner", ["transfer", "sales.orders", "--owner", "sales-de@company.com"], status: 1, "already owned by"),
            cli("record passed and failed", record + ["--passed", "--failed"], "--failed"),
            cli("compatibility domain and contract", ["config", "compatibility", "FULL", "--domain", "sales", "--contract", "sales.orders"], "not both"),
            cli("domain registered twice", ["domain", "register", "sales", "--owner-team", "t"], status: 1, "already registered"),
            cli("token revoke unknown", ["token", "revoke", "nope"], status: 1, "no token 'nope'"),
            cli("token create for no one", ["token", "create", "--name", "x"], "give --domain D (one or more) or --admin"),
            cli("schema import without domain", ["schema", "import", "orders.yaml", "--product", "p"], "--domain"),
            cli("schema import of YAML", ["schema", "import", "orders.yaml", "--domain", "sales", "--product", "p"], "orders.yaml", "invalid JSON"),
            cli("schema export unknown version", ["schema", "export", "sales.orders", "--format", "avro", "--version", "9.0.0"], status: 1, "no version 9.0.0"),
            cli("check bad mode", ["check", "orders.yaml", "orders.yaml", "--mode", "BOGUS"], "--mode 'BOGUS'"),
            cli("check against a missing folder", ["check", "orders.yaml", "--against", "nope-folder"], "nope-folder: no such file or folder"),
            cli("publish bad domain flag", ["publish", "orders.yaml", "--domain", "bad name"], "--domain 'bad name' is not a domain name"),
            cli("publish bad owner flag", ["publish", "orders.yaml", "--owner", "x"], "--owner 'x' is not an e-mail address"),
            cli("init over an existing file", ["init", "--domain", "sales", "--product", "orders", "--output", "orders.yaml"], "already exists; pass --force"),
            cli("init bad owner", ["init", "--domain", "sales", "--product", "p", "--owner", "not an email", "--output", "-"], "not an e-mail address"),
            cli("replay over an existing file", ["audit", "replay", "--as-of", "2020-01-01T00:00:00Z", "--store", "orders.yaml"], "already exists"),
            cli("project into an empty store path", ["project", "--until-caught-up", "--store", ""], "--store is empty"),
            cli("serve on an impossible port", ["serve", "--port", "70000"], "--port must be 0 to 65535"),
            cli("empty kafka address", ["list", "--kafka", ""], "--kafka must be host:port"),
        ]
    }

    // MARK: - Ledger files

    static var ledgerFileCases: [HostileCase] {
        func ledger(_ name: String, _ bytes: Data, _ command: [String] = ["list"], _ mentions: String...) -> HostileCase {
            HostileCase(name: "ledger file: \(name)", arguments: command + ["--ledger", "\(name).db"], files: ["\(name).db": bytes],
                        mentions: ["\(name).db"] + mentions)
        }
        let sqliteHeader = Data("SQLite format 3\u{0}".utf8)
        return [
            ledger("random-bytes", Data((0..<8192).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }), ["list"], "not a database"),
            ledger("text", Data(base.utf8), ["show", "sales.orders"], "not a database"),
            ledger("empty", Data(), ["list"], "not a dcl ledger"),
            ledger("header-only", sqliteHeader, ["list"], "ledger"),
            ledger("header-then-zeros", sqliteHeader + Data(count: 4080), ["audit", "verify"], "ledger"),
            ledger("zeros", Data(count: 4096), ["history", "sales.orders"], "ledger"),
            ledger("json", Data("{\"events\": []}".utf8), ["audit", "verify"], "not a database"),
        ]
    }
}
