import DCLDomain
@testable import DCLEventLog
import Foundation
import Testing

/// The fast read and write paths of the envelope codec must agree with the general ones on
/// every input: `EventEnvelope(jsonBytes:)` with `JSONParser` + `EventEnvelope(json:)`, the
/// member-by-member canonical writer with the sorted dictionary, and the direct
/// `QualityCheckRecorded` payload code with `Codable`.
@Suite("envelope codec fast paths")
struct EnvelopeFastPathTests {
    /// Sealed envelopes of every kind from a random history, plus a domain event (null contract id)
    /// and quality results with and without their optional members and with escaped text.
    static func envelopes(seed: UInt64) throws -> [EventEnvelope] {
        var heads: [StreamID: String] = [:]
        var envelopes = try FoldPropertyTests.randomHistory(seed: seed, commands: 60).map { record in
            let envelope = EventCodec.envelope(
                for: ProposedEvent(stream: record.stream, sequence: record.sequence, event: record.event),
                eventId: record.eventId, occurredAt: record.occurredAt, recordedAt: record.recordedAt, actor: record.actor,
                previousHash: heads[record.stream] ?? EventEnvelope.genesisHash)
            heads[record.stream] = envelope.hash
            return envelope
        }
        let id = ContractID("sales.orders")!
        let checks = [
            QualityCheckRecorded(contractId: id, rule: "not_null_id", passed: true, observedAt: Fixtures.t0),
            QualityCheckRecorded(contractId: id, rule: "row \"count\"\n≥ 10 ✓", passed: false, value: NumericLiteral("-3.5"),
                                 observedAt: Fixtures.t0, contractVersion: SemanticVersion("2.1.0-rc.1")),
        ]
        for (index, check) in checks.enumerated() {
            envelopes.append(EventCodec.envelope(
                for: ProposedEvent(stream: .quality(id), sequence: Int64(index + 1), event: .qualityCheckRecorded(check)),
                eventId: "q\(index)", occurredAt: Fixtures.t0, recordedAt: Fixtures.t0, actor: "airflow \\ \"bot\"",
                previousHash: EventEnvelope.genesisHash))
        }
        envelopes.append(EventCodec.envelope(
            for: ProposedEvent(stream: .domain(DomainName("sales")!), sequence: 1,
                               event: .domainRegistered(DomainRegistered(domain: DomainName("sales")!, ownerTeam: "sales-team",
                                                                         description: "Sales"))),
            eventId: "d1", occurredAt: Fixtures.t0, recordedAt: Fixtures.t0, actor: "lead", previousHash: EventEnvelope.genesisHash))
        return envelopes
    }

    /// The general path's outcome, as text: the envelope or the error.
    static func generalRead(_ bytes: [UInt8]) -> Outcome<EventEnvelope> {
        do {
            return .value(try EventEnvelope(json: try JSONParser.parse(bytes: bytes)))
        } catch {
            return .failure("\(error)")
        }
    }

    @Test(arguments: ["2026-01-02T03:04:05.678Z", "2026-01-02", "2026-01-02T03:04", "2026-01-02 03:04:05+02:00",
                      "2026-02-30T00:00:00Z", " 2026-01-02T03:04:05Z ", "2026-01-02T03:04:05.1234567-0130", "2026-01-02T24:00:00Z",
                      "", "x", "2026-01-02T03:04:05Zjunk", "\u{00A0}2026-01-02\u{00A0}", "２０２６-01-02"])
    func timestampsReadFromBytesAsFromStrings(text: String) {
        #expect(Timestamp(iso8601Bytes: ArraySlice(Array(text.utf8))) == Timestamp(iso8601: text))
    }

    @Test func canonicalStringsEscapeOnlyWhatTheFormatSays() throws {
        let text = "a\u{0}\u{1f}\"\\/é✓\n\t\r\u{8}\u{c}z"
        #expect(JSONValue.string(text).canonicalText == #""a\u0000\u001f\"\\/é✓\n\t\r\b\fz""#)
        #expect(JSONValue.string("").canonicalText == #""""#)
        #expect(try JSONParser.parse(JSONValue.string(text).canonicalText) == .string(text))
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func canonicalWriterMatchesTheSortedDictionary(seed: UInt64) throws {
        for envelope in try Self.envelopes(seed: seed) {
            #expect(envelope.canonicalBytes == envelope.jsonValue.canonicalBytes)
            #expect(envelope.canonicalHashInput == JSONValue.object(envelope.hashedFields).canonicalBytes)
        }
    }

    /// The canonical writer puts the sequence and schema version digit by digit: every number of
    /// digits, the largest values and (never in a ledger, still hashed the same) negative ones
    /// must read as the sorted dictionary writes them.
    @Test(arguments: [0, 1, 9, 10, 99, 100, 1_000_000_007, Int64.max, -1, -42, Int64.min] as [Int64])
    func canonicalWriterPutsNumbersAsTheSortedDictionary(number: Int64) throws {
        var envelope = try #require(try Self.envelopes(seed: 1).first)
        envelope.sequence = number
        envelope.schemaVersion = Int(truncatingIfNeeded: number)
        #expect(String(decoding: envelope.canonicalHashInput, as: UTF8.self)
                == String(decoding: JSONValue.object(envelope.hashedFields).canonicalBytes, as: UTF8.self))
        #expect(String(decoding: envelope.canonicalHashInput, as: UTF8.self).contains("\"sequence\":\(number),"))
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func bytesReaderReadsWhatTheLedgerWritesLikeTheGeneralPath(seed: UInt64) throws {
        let envelopes = try Self.envelopes(seed: seed)
        var fastReads = 0
        for envelope in envelopes {
            let bytes = envelope.canonicalBytes
            // The fast path takes the ledger's own form unless a top-level string needs escapes.
            let escaped = [envelope.actor, envelope.eventId, envelope.contractId ?? ""].contains { $0.contains("\\") || $0.contains("\"") }
            if let fast = EnvelopeBytesReader.read(bytes) {
                fastReads += 1
                #expect(fast == envelope)
                // A payload of plain text (printable ASCII, nothing to escape) stays text, as the ledger
                // wrote it canonically; others are parsed. Either way it decodes like the parsed one.
                let plain = envelope.payload.canonicalBytes.allSatisfy { $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\\") }
                if case .canonicalText = fast.payloadStorage {
                    #expect(plain)
                } else {
                    #expect(!plain, "\(envelope.eventId): a plain payload was parsed, not kept as canonical text")
                }
                #expect(fast.payload == envelope.payload)
                let stored = StoredEvent(position: 1, envelope: envelope)
                #expect(try EventCodec.recorded(StoredEvent(position: 1, envelope: fast)) == EventCodec.recorded(stored))
                #expect(EventHasher.hash(of: fast) == envelope.hash)
            } else {
                #expect(escaped, "the fast path stepped aside for \(envelope.eventId)")
            }
            #expect(try EventEnvelope(jsonBytes: bytes) == envelope)
            #expect(Self.generalRead(bytes) == .value(envelope))
        }
        #expect(fastReads >= envelopes.count - 2)
        // Other layouts of the same JSON: the fast path steps aside, the result is the same.
        let pretty = try JSONSerialization.data(withJSONObject: JSONSerialization.jsonObject(with: Data(envelopes[0].canonicalBytes)),
                                                options: [.prettyPrinted])
        #expect(EnvelopeBytesReader.read(Array(pretty)) == nil)
        #expect(try EventEnvelope(jsonBytes: Array(pretty)) == envelopes[0])
    }

    /// Text beyond ASCII reads on both paths alike; bytes that are not UTF-8 anywhere in a record
    /// (a member's text, the payload) are left to the general path, which refuses them.
    @Test func textBeyondASCIIAndBytesThatAreNotUTF8() throws {
        let envelope = try #require(Self.envelopes(seed: 6).first)
        var bytes = envelope.canonicalBytes
        #expect(EnvelopeBytesReader.isASCII(bytes))
        let actor = try #require(bytes.firstRange(of: Array("\"actor\":\"".utf8))).upperBound
        bytes.insert(contentsOf: Array("Zoë 数据 ".utf8), at: actor)
        #expect(!EnvelopeBytesReader.isASCII(bytes))
        let read = try #require(EnvelopeBytesReader.read(bytes))
        #expect(read.actor == "Zoë 数据 " + envelope.actor)
        #expect(Self.generalRead(bytes) == .value(read))
        let payload = try #require(bytes.firstRange(of: Array("\"payload\":{\"".utf8))).upperBound
        for offset in [actor, actor + 3, payload, bytes.count - 2] {
            for bad: [UInt8] in [[0xFF], [0xC3], [0xE6, 0x95], [0xED, 0xA0, 0x80]] {
                var broken = bytes
                broken.insert(contentsOf: bad, at: offset)
                #expect(EnvelopeBytesReader.read(broken) == nil, "\(bad) at \(offset)")
                #expect(throws: EventLogError.self, "\(bad) at \(offset)") { try EventEnvelope(jsonBytes: broken) }
            }
        }
        for length in 0..<20 {
            var plain = [UInt8](repeating: 0x41, count: length)
            #expect(EnvelopeBytesReader.isASCII(plain))
            if length > 0 {
                plain[length - 1] = 0x80
                #expect(!EnvelopeBytesReader.isASCII(plain), "length \(length)")
            }
        }
    }

    /// A record whose fields no ledger could have written is undecodable, on the fast path and the
    /// general one alike, with the field named; the untouched record reads.
    @Test func fieldRulesRefuseWhatNoLedgerWrites() throws {
        let envelope = try #require(Self.envelopes(seed: 5).first)
        guard case .object(let members) = try JSONParser.parse(bytes: envelope.canonicalBytes) else {
            Issue.record("an envelope is a JSON object")
            return
        }
        let digest = String(repeating: "0123456789abcdef", count: 4)
        #expect(try EventEnvelope(jsonBytes: JSONValue.object(members).canonicalBytes) == envelope)
        let cases: [(member: String, value: JSONValue, rule: String)] = [
            ("eventId", .string(""), "'eventId' is empty"),
            ("sequence", .number("0"), "'sequence' must be 1 or more, not 0"),
            ("schemaVersion", .number("0"), "'schemaVersion' must be 1 or more, not 0"),
            ("hash", .string(digest.uppercased()), "'hash' must be 64 lowercase hex digits"),
            ("hash", .string(String(digest.dropLast())), "'hash' must be 64 lowercase hex digits"),
            ("hash", .string(String(digest.dropLast()) + "g"), "'hash' must be 64 lowercase hex digits"),
            ("previousHash", .string(digest + "0"), "'previousHash' must be 64 lowercase hex digits"),
            ("previousHash", .string(String(digest.dropLast()) + "/"), "'previousHash' must be 64 lowercase hex digits"),
            ("payload", .array([]), "'payload' must be a JSON object"),
        ]
        for (member, value, rule) in cases {
            var changed = members
            changed[member] = value
            let bytes = JSONValue.object(changed).canonicalBytes
            #expect(EnvelopeBytesReader.read(bytes) == nil, "\(member): \(value)")
            #expect(throws: EventLogError.self, "\(member): \(value)") { try EventEnvelope(jsonBytes: bytes) }
            guard case .failure(let message) = Self.generalRead(bytes) else {
                Issue.record("\(member): \(value) was read")
                continue
            }
            #expect(message.contains("envelope field \(rule)"), "\(member): \(message)")
        }
    }

    /// Random byte edits (replace, delete, duplicate) of real envelopes: whenever the fast reader
    /// accepts the result, the general path accepts it too and reads the same envelope; and
    /// `EventEnvelope(jsonBytes:)` always gives the general path's outcome.
    @Test(arguments: [11, 12, 13, 14] as [UInt64])
    func bytesReaderNeverDisagreesOnDamagedInput(seed: UInt64) throws {
        var generator = SplitMix64(seed: seed)
        let envelopes = try Self.envelopes(seed: seed)
        let alphabet = Array(#"{}[]",:0123456789-.eEtrufalsn\ "abcxyz"#.utf8)
        var fastAccepted = 0, generalAccepted = 0
        for round in 0..<3000 {
            var bytes = envelopes[Int(generator.next() % UInt64(envelopes.count))].canonicalBytes
            for _ in 0..<(1 + Int(generator.next() % 3)) {
                let position = Int(generator.next() % UInt64(bytes.count))
                switch generator.next() % 3 {
                case 0: bytes[position] = alphabet[Int(generator.next() % UInt64(alphabet.count))]
                case 1: bytes.remove(at: position)
                default: bytes.insert(bytes[position], at: position)
                }
            }
            let general = Self.generalRead(bytes)
            if case .value = general { generalAccepted += 1 }
            if let fast = EnvelopeBytesReader.read(bytes) {
                fastAccepted += 1
                #expect(general == .value(fast), "round \(round): \(String(decoding: bytes, as: UTF8.self))")
                if case .value(let parsed) = general {
                    // Decoding the event agrees too, whether the payload was kept as text or parsed.
                    func decoded(_ envelope: EventEnvelope) -> Outcome<RecordedEvent> {
                        do { return .value(try EventCodec.recorded(StoredEvent(position: 1, envelope: envelope))) } catch { return .failure("\(error)") }
                    }
                    #expect(decoded(fast) == decoded(parsed), "round \(round): \(String(decoding: bytes, as: UTF8.self))")
                    #expect(fast.canonicalHashInput == parsed.canonicalHashInput)
                }
            }
            let combined: Outcome<EventEnvelope>
            do { combined = .value(try EventEnvelope(jsonBytes: bytes)) } catch { combined = .failure("\(error)") }
            switch (combined, general) {
            case (.value(let a), .value(let b)): #expect(a == b)
            case (.failure, .failure): break
            default: Issue.record("round \(round): jsonBytes gave \(combined), the general path \(general)")
            }
        }
        // Some edits keep the envelope readable (a changed digit or letter inside a string).
        #expect(fastAccepted > 0 && generalAccepted >= fastAccepted)
    }

    @Test(arguments: [21, 22] as [UInt64])
    func qualityPayloadMatchesCodable(seed: UInt64) throws {
        var generator = SplitMix64(seed: seed)
        let rules = ["not_null_id", "naïve \"quoted\" rule", "tab\there", "slash/rule", ""]
        for _ in 0..<500 {
            let check = QualityCheckRecorded(
                contractId: ContractID("sales.product_\(generator.next() % 50)")!, rule: rules[Int(generator.next() % 5)],
                passed: generator.next() % 2 == 0,
                value: generator.next() % 3 == 0 ? nil : NumericLiteral(["0", "42", "-3.5", "1e3", "0.995"][Int(generator.next() % 5)]),
                observedAt: Timestamp(millisecondsSinceEpoch: Int64(generator.next() % 4_000_000_000_000)),
                contractVersion: generator.next() % 3 == 0 ? nil : SemanticVersion(major: Int(generator.next() % 5), minor: 1, patch: 0))
            var withRun = check
            // Half of them carry a run's members (optional, added without a new version).
            if generator.next() % 2 == 0 {
                withRun.runId = "run-\(generator.next() % 9)"
                withRun.threshold = ["mustBe 0", "mustBeBetween [1, 10] percent"][Int(generator.next() % 2)]
                withRun.rowsScanned = generator.next() % 3 == 0 ? nil : Int64(generator.next() % 10_000_000)
                withRun.fingerprint = generator.next() % 3 == 0 ? nil : "sha256:\(generator.next())"
                withRun.origin = "dcl:csv"
            }
            let event = LedgerEvent.qualityCheckRecorded(withRun)
            let payload = EventCodec.payload(of: event)
            #expect(payload == EventCodec.codablePayload(of: event))
            #expect(try EventCodec.decode(type: QualityCheckRecorded.typeName, schemaVersion: QualityCheckRecorded.schemaVersion,
                                          payload: payload) == event)
        }
    }

    /// Payload variants the direct reader must either read exactly like `Codable` or leave to it.
    @Test func qualityPayloadEdgeCasesAgreeWithCodable() throws {
        let base: [String: JSONValue] = [
            "contractId": .string("sales.orders"), "rule": .string("r"), "passed": .bool(true),
            "observedAt": .string("2026-01-02T03:04:05.678Z"), "value": .string("7"), "contractVersion": .string("1.2.3"),
            "runId": .string("run-1"), "rowsScanned": .number("6"), "threshold": .string("mustBe 0"),
        ]
        var variants: [[String: JSONValue]] = [base]
        for key in base.keys.sorted() {
            var missing = base
            missing[key] = nil
            variants.append(missing)
            for replacement: JSONValue in [.null, .number("7"), .number("1.50"), .bool(false), .string("not valid"), .string(" 8 "),
                                           .array([]), .object([:])] {
                var changed = base
                changed[key] = replacement
                variants.append(changed)
            }
        }
        var extra = base
        extra["unknownMember"] = .string("ignored")
        variants.append(extra)
        for variant in variants {
            let payload = JSONValue.object(variant)
            let codable: Outcome<LedgerEvent>
            do {
                codable = .value(try EventCodec.codableDecode(type: QualityCheckRecorded.typeName, schemaVersion: 2, payload: payload))
            } catch {
                codable = .failure("\(error)")
            }
            if let direct = QualityCheckRecorded(currentPayload: payload) {
                #expect(codable == .value(LedgerEvent.qualityCheckRecorded(direct)), "\(payload.canonicalText)")
            }
            let combined: Outcome<LedgerEvent>
            do {
                combined = .value(try EventCodec.decode(type: QualityCheckRecorded.typeName, schemaVersion: 2, payload: payload))
            } catch {
                combined = .failure("\(error)")
            }
            #expect(combined == codable, "\(payload.canonicalText)")
        }
    }

    /// The digit-by-digit check gives the same verdict as comparing the recomputed hex text: every
    /// sealed envelope verifies; one changed hash digit, an uppercase digit, a short hash or a
    /// changed field does not.
    @Test(arguments: [31, 32] as [UInt64])
    func hashCheckAgreesWithTheRecomputedHash(seed: UInt64) throws {
        for envelope in try Self.envelopes(seed: seed) {
            #expect(EventHasher.verifies(envelope))
            #expect(EventHasher.hash(of: envelope) == envelope.hash)
            for index in [0, 1, 31, 62, 63] {
                var altered = envelope
                var digits = Array(envelope.hash.utf8)
                digits[index] = digits[index] == UInt8(ascii: "0") ? UInt8(ascii: "1") : UInt8(ascii: "0")
                altered.hash = String(decoding: digits, as: UTF8.self)
                #expect(!EventHasher.verifies(altered), "digit \(index) of \(envelope.eventId)")
            }
            var upper = envelope
            upper.hash = envelope.hash.uppercased()
            #expect(EventHasher.verifies(upper) == (upper.hash == envelope.hash))
            var short = envelope
            short.hash = String(envelope.hash.dropLast())
            #expect(!EventHasher.verifies(short))
            var changed = envelope
            changed.actor += "!"
            #expect(!EventHasher.verifies(changed))
        }
    }
}

/// A result compared by value: what was read, or the error's text.
enum Outcome<Value: Equatable>: Equatable {
    case value(Value)
    case failure(String)
}
