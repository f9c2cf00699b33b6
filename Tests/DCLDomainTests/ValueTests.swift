import DCLDomain
import DCLEventLog
import Testing

@Suite("values")
struct ValueTests {
    @Test(arguments: [("1.0.0", true), ("1.0", false), ("01.0.0", false), ("1.0.0-rc.1", true), ("1.0.0+build.5", true),
                      ("1.0.0-01", false), ("v1.0.0", false), ("1.2.3.4", false), ("", false)])
    func semanticVersionParsing(text: String, valid: Bool) {
        #expect((SemanticVersion(text) != nil) == valid)
    }

    @Test(arguments: ["0.0.0", "1.0.0", "9.9.9", "10.0.1", "1.20.300", "9999.9999.9999", "10000.0.0", "1.2.12345",
                      "123456789012.0.7", "1.0.0-rc.1", "1.0.0+build.5", "2.1.0-beta.2+sha.9f1c"])
    func semanticVersionPrintsWhatItParsed(text: String) {
        let version = SemanticVersion(text)
        #expect(version?.description == text)
        #expect(version.flatMap { SemanticVersion($0.description) } == version)
    }

    /// The bytes read in place are the text's UTF-8, whatever its length (small strings live
    /// inline, longer ones on the heap) and script; a string cut from a longer one reads only
    /// its own bytes.
    @Test(arguments: ["", "a", "contract", "sales.orders-v2", String(repeating: "x", count: 200), "naïve café", "数据契约 📜",
                      String("prefix/sales.orders".split(separator: "/")[1])])
    func textIsReadInPlaceAsItsUTF8(text: String) {
        #expect(text.withUTF8InPlace { Array($0) } == Array(text.utf8))
        var copy = text
        #expect(text.withUTF8InPlace { $0.count } == copy.withUTF8 { $0.count })
    }

    /// A number is kept only when it is RFC 8259's `number` (surrounding spaces trimmed): every
    /// part of the grammar, each way of breaking it, and text that JSON parsers reject anyway.
    @Test(arguments: [("0", true), ("-0", true), ("7", true), ("10", true), ("-3.5", true), ("0.995", true), ("1e9", true),
                      ("1E+9", true), ("2.5e-3", true), ("10000000", true), (" 42 ", true),
                      ("", false), ("-", false), ("01", false), ("-01", false), ("1.", false), (".5", false), ("1e", false),
                      ("1e+", false), ("+1", false), ("1.2.3", false), ("0x10", false), ("1 2", false), ("NaN", false),
                      ("Infinity", false), ("１", false), ("1_000", false), ("1e5x", false), ("--1", false)])
    func numericLiteralsAreJSONNumbers(text: String, valid: Bool) {
        #expect((NumericLiteral(text) != nil) == valid)
        #expect(NumericLiteral(text)?.text == (valid ? text.filter { $0 != " " } : nil))
    }

    @Test func semanticVersionPrecedence() {
        let ordered = ["1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11",
                       "1.0.0-rc.1", "1.0.0", "1.2.0", "1.10.0", "2.0.0"].map { SemanticVersion($0)! }
        #expect(ordered == ordered.shuffled().sorted())
    }

    @Test func timestampsRoundTripThroughISO8601() {
        for millis: Int64 in [0, 951_782_400_000, 1_764_099_522_123, -86_400_001, 4_102_444_800_000] {
            let time = Timestamp(millisecondsSinceEpoch: millis)
            #expect(Timestamp(iso8601: time.iso8601) == time, "\(time.iso8601)")
        }
        // Written into a buffer (after what it holds), the same bytes, also past year 9999.
        for millis: Int64 in [0, 1_764_099_522_123, -62_167_219_200_001, 253_402_300_800_000] {
            let time = Timestamp(millisecondsSinceEpoch: millis)
            var bytes: [UInt8] = [7]
            time.writeISO8601(into: &bytes)
            #expect(bytes == [7] + Array(time.iso8601.utf8), "\(time.iso8601)")
            #expect(time.withISO8601 { Array($0) } == Array(time.iso8601.utf8), "\(time.iso8601)")
        }
        // Every digit in its place, at both ends of four-digit years.
        let written: [(Int64, String)] = [(0, "1970-01-01T00:00:00.000Z"), (1_764_099_522_123, "2025-11-25T19:38:42.123Z"),
                                          (951_782_400_000, "2000-02-29T00:00:00.000Z"), (253_402_300_799_999, "9999-12-31T23:59:59.999Z"),
                                          (-62_135_596_800_000, "0001-01-01T00:00:00.000Z")]
        for (millis, text) in written { #expect(Timestamp(millisecondsSinceEpoch: millis).iso8601 == text) }
        #expect(Timestamp(iso8601: "2000-02-29T00:00:00Z")?.millisecondsSinceEpoch == 951_782_400_000)
        #expect(Timestamp(iso8601: "2026-11-25T10:00:00+01:00") == Timestamp(iso8601: "2026-11-25T09:00:00Z"))
        #expect(Timestamp(iso8601: "2026-02-30") == nil)
        #expect(Timestamp(iso8601: "yesterday") == nil)
    }

    @Test func timeSpans() {
        #expect(TimeSpan("4h")?.seconds == 14_400)
        #expect(TimeSpan("daily")?.description == "1d")
        #expect(TimeSpan("90 min")?.description == "90m")
        #expect(TimeSpan("soon") == nil)
    }

    /// Every byte that must be escaped, at every offset of texts longer than the eight bytes the
    /// writer tests at once, and next to non-ASCII text: the canonical form escapes exactly those.
    @Test func canonicalStringsEscapeExactlyQuotesBackslashesAndControlsAtAnyOffset() throws {
        func expected(_ text: String) -> String {
            var out = "\""
            for scalar in text.unicodeScalars {
                guard scalar.isASCII else {
                    out.unicodeScalars.append(scalar)
                    continue
                }
                let byte = UInt8(scalar.value)
                switch byte {
                case UInt8(ascii: "\""): out += "\\\""
                case UInt8(ascii: "\\"): out += "\\\\"
                case 0x0A: out += "\\n"
                case 0x0D: out += "\\r"
                case 0x09: out += "\\t"
                case 0x08: out += "\\b"
                case 0x0C: out += "\\f"
                case ..<0x20: out += "\\u00" + String(byte, radix: 16).leftPadded(to: 2)
                default: out += String(UnicodeScalar(byte))
                }
            }
            return out + "\""
        }
        let specials: [Character] = ["\"", "\\", "\n", "\u{01}", "\u{1F}", "\t"]
        let fillers = ["abcdefghijklmnopqrstuvwxyz0123", "ééééééééééééé", " !#$%&'()*+,-./[]^_`{|}~\u{7F}ÿ"]
        for filler in fillers {
            #expect(JSONValue.string(filler).canonicalText == "\"" + filler + "\"", "\(filler) needs no escape")
            for special in specials {
                for offset in 0...filler.count {
                    var text = filler
                    text.insert(special, at: text.index(text.startIndex, offsetBy: offset))
                    let written = JSONValue.string(text).canonicalText
                    #expect(written == expected(text), "\(text.debugDescription) at \(offset)")
                    #expect(try JSONValue.parse(written) == .string(text), "\(text.debugDescription) at \(offset) reads back")
                }
            }
        }
    }

    @Test func aStreamWritesTheCanonicalJSONOfItsText() {
        for kind in StreamID.Kind.allCases {
            for subject in ["sales.orders", "a\"b\\c\u{01}", "é"] {
                let stream = StreamID(kind: kind, subject: subject)
                var written: [UInt8] = []
                stream.writeCanonicalJSON(into: &written)
                #expect(written == JSONValue.string(stream.description).canonicalBytes, "\(stream)")
            }
        }
    }

    @Test func aStreamsTextNamesItsKindAndSubject() {
        let long = String(repeating: "x", count: 300)
        for kind in StreamID.Kind.allCases {
            for subject in ["sales.orders", "é/ü", "", long] {
                #expect(StreamID(kind: kind, subject: subject).description == kind.rawValue + "/" + subject)
            }
        }
    }

    /// Streams are keys of the fold state: the same kind and subject (the subject built apart,
    /// parsed from text, or from a substring) find one entry, and every other pairing — the same
    /// subject under another kind, a subject that differs by a byte — an entry of its own.
    @Test func streamsAreTheSameKeyExactlyWhenKindAndSubjectAre() {
        var heads: [StreamID: Int] = [:]
        let subjects = ["sales.orders", "sales.order", "sales.orders ", "", "é", String(repeating: "x", count: 40)]
        for kind in StreamID.Kind.allCases {
            for subject in subjects { heads[StreamID(kind: kind, subject: subject)] = heads.count }
        }
        #expect(heads.count == StreamID.Kind.allCases.count * subjects.count)
        for (kindIndex, kind) in StreamID.Kind.allCases.enumerated() {
            for (index, subject) in subjects.enumerated() {
                let built = String(decoding: Array(subject.utf8), as: UTF8.self)
                let again = StreamID(kind: kind, subject: built)
                #expect(heads[again] == kindIndex * subjects.count + index)
                #expect(again.hashValue == StreamID(kind: kind, subject: subject).hashValue)
                if !subject.isEmpty, let parsed = StreamID(kind.rawValue + "/" + subject) { #expect(heads[parsed] == heads[again]) }
            }
        }
    }

    /// A kind is read from bytes exactly as from text: each name, and names one letter or one
    /// byte off (same length as a kind, or one longer or shorter).
    @Test func aStreamKindIsReadFromItsBytesAsFromText() {
        var names = StreamID.Kind.allCases.map(\.rawValue) + ["", "x", "Quality", "qualitY", "lifecyclE", "domaim", "governancf"]
        for kind in StreamID.Kind.allCases { names += [kind.rawValue + "s", String(kind.rawValue.dropLast())] }
        for name in names {
            let bytes = Array(name.utf8)
            #expect(bytes.withUnsafeBufferPointer { StreamID.Kind(utf8: $0) } == StreamID.Kind(rawValue: name), "\(name)")
        }
    }

    /// A timeline row's contract id is read from its stream's bytes: the same answer as parsing
    /// the stream and asking for its contract, for every kind of text.
    @Test func theContractIdOfAStreamsTextIsFoundInItsBytes() {
        let texts = ["lifecycle/sales.orders", "quality/sales.orders", "domain/sales", "governance/mesh", "quality/",
                     "quality/a b", "quality/a/b", "lifecycle/é", "quality", "qualityx/sales", "/sales", "",
                     "qualitz/sales.orders", "Lifecycle/sales.orders", "lifecyclf/sales.orders", "governancf/mesh", "domaim/sales",
                     "quality/" + String(repeating: "é", count: 150), "quality/" + String(repeating: "e", count: 201)]
        for text in texts {
            var copy = text
            let found = copy.withUTF8 { bytes in
                StreamID.contractIDStart(inText: bytes).map { String(decoding: UnsafeBufferPointer(rebasing: bytes[$0...]), as: UTF8.self) }
            }
            #expect(found == StreamID(text)?.contractID?.rawValue, "\(text)")
        }
    }

    @Test func canonicalJSONIsStableAndSorted() throws {
        let text = #"{ "b": [1, 2.50, "x\"y"], "a": {"é": null, "Z": true} }"#
        let value = try JSONValue.parse(text)
        #expect(value.canonicalText == #"{"a":{"Z":true,"é":null},"b":[1,2.50,"x\"y"]}"#)
        #expect(try JSONValue.parse(value.canonicalText).canonicalText == value.canonicalText)
        #expect(throws: JSONParser.Failure.self) { try JSONValue.parse(#"{"a":1,"a":2}"#) }
        #expect(throws: JSONParser.Failure.self) { try JSONValue.parse("[01]") }
    }

    @Test func qualityScoreRoundsLikeSQL() {
        var summary = QualitySummary()
        let id = ContractID("c")!
        for passed in [true, true, false] {
            summary.record(QualityCheckRecorded(contractId: id, rule: "r", passed: passed, observedAt: Timestamp(millisecondsSinceEpoch: 0)))
        }
        #expect(summary.qualityScore?.text == "0.6667")
    }

    @Test func avroSchemaRoundTrip() throws {
        let avsc = #"{"type":"record","name":"Order","namespace":"sales","fields":[{"name":"id","type":{"type":"string","logicalType":"uuid"}},{"name":"amount","type":{"type":"bytes","logicalType":"decimal","precision":12,"scale":2}},{"name":"status","type":{"type":"enum","name":"Status","symbols":["NEW","PAID"]}},{"name":"previous","type":["null","Status"],"default":null},{"name":"tags","type":{"type":"array","items":"string"}}]}"#
        let type = try SchemaType(avroJSON: try JSONValue.parse(avsc))
        guard case .record(let record) = type else { Issue.record("expected a record"); return }
        #expect(record.fields.map(\.type.description) == ["uuid", "decimal(12,2)", "enum Status{NEW,PAID}", "enum Status{NEW,PAID}?", "array<string>"])
        #expect(try SchemaType(avroJSON: type.avroJSON) == type)
        #expect(type.avroJSON.canonicalText.contains(#"["null","Status"]"#), "a named type is written in full once, then by name")
    }

    @Test func upcastsQualityCheckV1() throws {
        let v1: JSONValue = .object(["contractId": "c1", "rule": "not_null_date", "passed": .bool(false),
                                     "checkedAt": "2025-01-02T03:04:05.000Z"])
        let event = try EventCodec.decode(type: "QualityCheckRecorded", schemaVersion: 1, payload: v1)
        guard case .qualityCheckRecorded(let check) = event else { Issue.record("wrong type"); return }
        #expect(check.observedAt == Timestamp(iso8601: "2025-01-02T03:04:05Z"))
        #expect(check.value == nil)
        #expect(check.passed == false)
        #expect(throws: EventLogError.self) { try EventCodec.decode(type: "QualityCheckRecorded", schemaVersion: 3, payload: v1) }
        #expect(throws: EventLogError.self) { try EventCodec.decode(type: "Mystery", schemaVersion: 1, payload: v1) }
    }
}

private extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
