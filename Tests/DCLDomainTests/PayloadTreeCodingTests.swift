import DCLDomain
@testable import DCLEventLog
import Foundation
import Testing

/// `JSONValueDecoder` must give what `JSONDecoder` gives for the same text, and `JSONValueEncoder`
/// the tree of `JSONEncoder`'s text, or leave the answer to them: payloads are decoded and built
/// through trees first (`EventCodec.codableDecode`, `EventCodec.codablePayload`), so any difference
/// would change what a fold sees or what is hashed.
@Suite("payloads decoded from and encoded to trees as by JSONDecoder and JSONEncoder")
struct PayloadTreeCodingTests {
    /// The event as `JSONDecoder` decodes the text, and as the tree decoder does (nil: left to `JSONDecoder`).
    static func bothDecodes(type: String, text: [UInt8]) throws -> (reference: Outcome<LedgerEvent>, tree: LedgerEvent?) {
        let reference: Outcome<LedgerEvent>
        do {
            reference = .value(try EventCodec.payloadEvent(type: type, decoder: FoundationPayloadDecoder(data: Data(text))))
        } catch {
            reference = .failure("\(error)")
        }
        let tree = try? EventCodec.payloadEvent(type: type, decoder: TreePayloadDecoder(tree: try JSONParser.parse(bytes: text)))
        return (reference, tree)
    }

    @Test(arguments: [1, 2, 3, 4] as [UInt64])
    func everyEventOfARandomHistoryDecodesAsByJSONDecoder(seed: UInt64) throws {
        let envelopes = try EnvelopeFastPathTests.envelopes(seed: seed)
        #expect(envelopes.count > 20)
        for envelope in envelopes {
            let (reference, tree) = try Self.bothDecodes(type: envelope.type, text: envelope.payload.canonicalBytes)
            // What the ledger writes is never left to the reference: the tree answers, and the same.
            #expect(tree.map(Outcome.value) == reference, "\(envelope.type): \(envelope.payload.canonicalText)")
            // From the tree in hand (a writer's own fold), the same.
            let fromTree = try? EventCodec.codableDecode(type: envelope.type, schemaVersion: envelope.schemaVersion,
                                                         payload: envelope.payload)
            #expect(fromTree.map(Outcome.value) == reference, "\(envelope.type)")
        }
    }

    /// Documents (kept as JSON trees in `ContractPublished`) with every kind of value and the number
    /// forms where the two decoders could part: the tree answers only where it agrees.
    @Test func documentTreesWithAwkwardNumbersDecodeAsByJSONDecoderOrAreLeftToIt() throws {
        let settled: [String] = ["0", "7", "-3", "9223372036854775807", "-9223372036854775808", "0.995", "-3.5", "1.5e-7", "2.5E-3"]
        let leftToReference: [String] = ["-0", "1.0", "1e2", "-2.0E1", "2.5E3", "9223372036854775808", "123456789012345678901234567890", "1e400"]
        // The literal goes into the text as written (through the encoder it would be normalized first).
        let document: JSONValue = .object([
            "apiVersion": "v3.1.0", "id": "sales.revenue_metrics", "n": "@N@",
            "list": .array(["@N@", .null, .bool(true), .string("é ✓ \"q\"\n"), .object([:]), .array([])]),
            "nested": .object(["deep": .object(["value": "@N@"])]),
        ])
        let event = LedgerEvent.contractPublished(ContractPublished(contract: Fixtures.revenueMetrics(extraField: true),
                                                                    previousVersion: nil, document: document))
        let template = EventCodec.payload(of: event).canonicalText
        #expect(template.components(separatedBy: #""@N@""#).count == 4)
        for literal in settled + leftToReference {
            let text = Array(template.replacingOccurrences(of: #""@N@""#, with: literal).utf8)
            let (reference, tree) = try Self.bothDecodes(type: ContractPublished.typeName, text: text)
            if settled.contains(literal) {
                #expect(tree != nil, "\(literal) is decoded from the tree")
            } else {
                #expect(tree == nil, "\(literal) is left to JSONDecoder")
            }
            if let tree { #expect(.value(tree) == reference, "\(literal)") }
            // Whichever path answers, the codec's answer is the reference's.
            let combined: Outcome<LedgerEvent>
            do {
                combined = .value(try EventCodec.codableDecode(type: ContractPublished.typeName, schemaVersion: ContractPublished.schemaVersion,
                                                               currentText: text, range: text.indices))
            } catch {
                combined = .failure("\(error)")
            }
            let fromTree: Outcome<LedgerEvent>
            do {
                fromTree = .value(try EventCodec.codableDecode(type: ContractPublished.typeName, schemaVersion: ContractPublished.schemaVersion,
                                                               payload: try JSONParser.parse(bytes: text)))
            } catch {
                fromTree = .failure("\(error)")
            }
            switch reference {
            case .value:
                #expect(combined == reference, "\(literal)")
                #expect(fromTree == reference, "\(literal)")
            case .failure:
                #expect(combined.isFailure, "\(literal): refused as by JSONDecoder")
                #expect(fromTree.isFailure, "\(literal): refused as by JSONDecoder")
            }
        }
    }

    /// Damaged payloads: the reference's error, with the field it names, whatever the tree decoder did.
    @Test func refusedPayloadsKeepTheReferenceError() throws {
        let event = LedgerEvent.contractPublished(ContractPublished(contract: Fixtures.revenueMetrics(), previousVersion: nil,
                                                                    document: .object(["a": .number("1")])))
        guard case .object(var members) = EventCodec.payload(of: event), case .object(var contract)? = members["contract"] else {
            Issue.record("a published version's payload is an object with a contract")
            return
        }
        var variants: [JSONValue] = []
        for key in ["version", "id", "schema", "status"] {
            var damaged = contract
            damaged[key] = .number("12")
            members["contract"] = .object(damaged)
            variants.append(.object(members))
            damaged[key] = nil
            members["contract"] = .object(damaged)
            variants.append(.object(members))
        }
        contract["schema"] = .string("not a list")
        members["contract"] = .object(contract)
        variants.append(.object(members))
        for payload in variants {
            let text = payload.canonicalBytes
            let (reference, tree) = try Self.bothDecodes(type: ContractPublished.typeName, text: text)
            guard case .failure = reference else { continue }
            #expect(tree == nil, "\(payload.canonicalText)")
            #expect(throws: EventLogError.self) {
                try EventCodec.codableDecode(type: ContractPublished.typeName, schemaVersion: 1, currentText: text, range: text.indices)
            }
            do {
                _ = try EventCodec.codableDecode(type: ContractPublished.typeName, schemaVersion: 1, currentText: text, range: text.indices)
            } catch {
                // The message names the field, as `JSONDecoder`'s errors let it.
                #expect(error.description.contains("ContractPublished v1 payload: "), "\(error)")
                #expect(error.description.contains("contract"), "\(error)")
            }
        }
    }

    @Test func plainCollectionsAndTheirEdges() throws {
        #expect(JSONValueDecoder().decode([String: Int].self, from: try JSONParser.parse(#"{"a":1,"b":-2}"#)) == ["a": 1, "b": -2])
        #expect(JSONValueDecoder().decode([Int].self, from: try JSONParser.parse("[1,2.5]")) == nil)
        #expect(JSONValueDecoder().decode([Int?].self, from: try JSONParser.parse("[1,null]")) == [1, nil])
        #expect(JSONValueDecoder().decode([UInt8].self, from: try JSONParser.parse("[256]")) == nil)
        #expect(JSONValueDecoder().decode([Float].self, from: try JSONParser.parse("[1]")) == nil)
        #expect(JSONValueDecoder().decode(String.self, from: .number("1")) == nil)
        #expect(JSONValueDecoder().decode(JSONValue.self, from: try JSONParser.parse(#"{"x":[0.50,3]}"#))
                == (try JSONDecoder().decode(JSONValue.self, from: Data(#"{"x":[0.50,3]}"#.utf8))))
    }

    /// Every event of random histories, and published versions whose documents hold every kind of
    /// value: the tree encoder builds the reference tree, and leaves only non-integer numbers to it.
    @Test(arguments: [1, 2, 3, 4] as [UInt64])
    func payloadTreesAreTheTreesOfJSONEncoderText(seed: UInt64) throws {
        var events = try FoldPropertyTests.randomHistory(seed: seed, commands: 60).map { (event: $0.event, mayBeLeft: false) }
        for literal in ["0", "-0", "7", "-9223372036854775808", "0.995", "1.0", "1e2"] {
            let document: JSONValue = .object([
                "n": .number(literal), "list": .array([.number(literal), .null, .bool(false), .string("/é ✓ \"q\"\n"), .object([:]), .array([])]),
                "nested": .object(["deep": .object(["value": .number(literal)])]),
            ])
            let event = LedgerEvent.contractPublished(ContractPublished(contract: Fixtures.revenueMetrics(extraField: true), previousVersion: nil,
                                                                        document: document, original: "id: x\n"))
            // A number literal that is not an integer goes through `Double` in `JSONEncoder`: left to it.
            events.append((event, Int64(literal) == nil))
        }
        for (event, mayBeLeft) in events {
            let reference = EventCodec.referencePayload(of: event)
            let tree = EventCodec.treePayload(of: event)
            if let tree {
                #expect(tree == reference, "\(event.typeName): \(reference.canonicalText)")
            } else {
                #expect(mayBeLeft, "\(event.typeName): \(reference.canonicalText)")
            }
            #expect(EventCodec.codablePayload(of: event) == reference)
        }
    }

    @Test func encoderEdges() throws {
        #expect(JSONValueEncoder().encode(["b": 1, "a": -2]) == .object(["a": .number("-2"), "b": .number("1")]))
        #expect(JSONValueEncoder().encode([0.5]) == nil)
        #expect(JSONValueEncoder().encode([Int?.none, 3]) == .array([.null, .number("3")]))
        #expect(JSONValueEncoder().encode(JSONValue.number("-0")) == .number("0"))
        #expect(JSONValueEncoder().encode(JSONValue.number("2.50")) == nil)
    }
}

extension Outcome {
    var isFailure: Bool {
        if case .failure = self { return true }
        return false
    }
}
