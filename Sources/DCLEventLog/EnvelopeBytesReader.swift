import DCLDomain
import Foundation

/// The one-pass fast path of `EventEnvelope(jsonBytes:)`.
///
/// It accepts only the plain shape the ledger itself writes: an object with exactly the twelve
/// envelope members (any order), no whitespace between them, top-level strings without escapes,
/// integers for `schemaVersion` and `sequence`. For anything else it returns nil and the caller
/// takes the general parser, which is the authority on errors; so this reader never has to
/// describe a problem, only to agree with the general path on every input it accepts
/// (`EnvelopeFastPathTests` checks that agreement on valid and on mutated envelopes).
///
/// A payload already in canonical form (`CanonicalJSONScanner`) is kept as text, not parsed.
struct EnvelopeBytesReader {
    private let bytes: [UInt8]
    private var index = 0

    static func read(_ bytes: [UInt8]) -> EventEnvelope? {
        // Text that is not UTF-8: step aside, and the general path (strict, like JSON) names it.
        // ASCII, which almost every record is, is UTF-8 as it stands; only other text is checked
        // by building a string of it (a copy of the record for every record read, before).
        guard isASCII(bytes) || String(validating: bytes, as: UTF8.self) != nil else { return nil }
        var reader = EnvelopeBytesReader(bytes: bytes)
        return reader.envelope()
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    /// Whether every byte is below 0x80, tested eight at a time.
    static func isASCII(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { raw in
            var index = 0
            while index + 8 <= raw.count {
                if raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
                index += 8
            }
            while index < raw.count {
                if raw[index] >= 0x80 { return false }
                index += 1
            }
            return true
        }
    }

    private enum Member: Int {
        case actor, contractId, eventId, hash, occurredAt, payload, previousHash, recordedAt, schemaVersion, sequence, stream, type
    }

    private mutating func envelope() -> EventEnvelope? {
        guard take(UInt8(ascii: "{")) else { return nil }
        var actor: String?, eventId: String?, hash: String?, previousHash: String?, type: String?
        var contractId: String?, occurredAt: Timestamp?, recordedAt: Timestamp?, stream: StreamID?
        var schemaVersion: Int64?, sequence: Int64?, payload: EnvelopePayload?
        var seen: UInt16 = 0
        repeat {
            guard let name = plainString(), take(UInt8(ascii: ":")), let member = member(named: name) else { return nil }
            let bit = UInt16(1) << UInt16(member.rawValue)
            guard seen & bit == 0 else { return nil }
            seen |= bit
            switch member {
            case .actor: actor = string()
            case .eventId: eventId = string()
            case .hash: hash = string()
            case .previousHash: previousHash = string()
            case .type: type = plainString().map(typeName)
            case .contractId:
                if takeNull() { contractId = nil } else {
                    guard let text = string() else { return nil }
                    contractId = text
                }
            case .occurredAt: occurredAt = plainString().flatMap { Timestamp(iso8601Bytes: bytes[$0]) }
            case .recordedAt: recordedAt = plainString().flatMap { Timestamp(iso8601Bytes: bytes[$0]) }
            case .stream: stream = plainString().flatMap { streamID($0, sharing: contractId) }
            case .schemaVersion: schemaVersion = integer()
            case .sequence: sequence = integer()
            case .payload:
                // Canonical text is kept as it is; anything else is parsed.
                var scanner = CanonicalJSONScanner(bytes: bytes, index: index)
                if scanner.value(depth: 0) {
                    payload = .canonicalText(source: bytes, range: index..<scanner.index)
                    index = scanner.index
                } else {
                    do { payload = .parsed(try JSONParser.parseValue(in: bytes, at: &index)) } catch { return nil }
                }
            }
        } while take(UInt8(ascii: ","))
        guard take(UInt8(ascii: "}")), index == bytes.count, seen == (1 << 12) - 1,
              let actor, let eventId, let hash, let previousHash, let type, let occurredAt, let recordedAt, let stream,
              let schemaVersion, let sequence, let payload else { return nil }
        let envelope = EventEnvelope(eventId: eventId, type: type, schemaVersion: Int(schemaVersion), contractId: contractId, stream: stream,
                                     sequence: sequence, occurredAt: occurredAt, recordedAt: recordedAt, actor: actor, payloadStorage: payload,
                                     previousHash: previousHash, hash: hash)
        // Field values no ledger writes: step aside, so the general path names the field.
        guard (try? envelope.checkFieldRules()) != nil else { return nil }
        return envelope
    }

    private mutating func take(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    private mutating func takeNull() -> Bool {
        guard index + 4 <= bytes.count, bytes[index] == UInt8(ascii: "n"), bytes[index + 1] == UInt8(ascii: "u"),
              bytes[index + 2] == UInt8(ascii: "l"), bytes[index + 3] == UInt8(ascii: "l") else { return false }
        index += 4
        return true
    }

    /// The byte range of a string without escapes or control characters, moving past it.
    private mutating func plainString() -> Range<Int>? {
        PlainJSONString.scan(bytes, at: &index, asciiOnly: false)
    }

    /// The stream id in `bytes[range]`. A contract's stream names the contract, so when its
    /// subject is the envelope's `contractId` (read just before, in canonical order) that string
    /// is reused rather than built again.
    /// The event type's name, shared with every other event of that type when it is one this dcl knows.
    private func typeName(_ range: Range<Int>) -> String {
        for known in EnvelopeBytesReader.knownTypes where known.utf8.count == range.count {
            if known.withUTF8InPlace({ equal(range, UnsafeRawBufferPointer($0)) }) { return known }
        }
        return String(decoding: bytes[range], as: UTF8.self)
    }

    private static let knownTypes = Array(LedgerEvent.currentSchemaVersions.keys)

    /// Whether `bytes[range]` holds exactly `other` (a byte compare: this runs for every member read).
    private func equal(_ range: Range<Int>, _ other: UnsafeRawBufferPointer) -> Bool {
        guard range.count == other.count else { return false }
        guard let otherBase = other.baseAddress, !range.isEmpty else { return true }
        return bytes.withUnsafeBytes { memcmp($0.baseAddress! + range.lowerBound, otherBase, range.count) == 0 }
    }

    private func streamID(_ range: Range<Int>, sharing contractId: String?) -> StreamID? {
        let id = contractId ?? ""
        if !id.isEmpty, let slash = bytes[range].firstIndex(of: UInt8(ascii: "/")),
           id.withUTF8InPlace({ equal((slash + 1)..<range.upperBound, UnsafeRawBufferPointer($0)) }),
           let kind = StreamID.Kind(rawValue: String(decoding: bytes[range.lowerBound..<slash], as: UTF8.self)) {
            return StreamID(kind: kind, subject: id)
        }
        return StreamID(String(decoding: bytes[range], as: UTF8.self))
    }

    private mutating func string() -> String? {
        plainString().map { String(decoding: bytes[$0], as: UTF8.self) }
    }

    /// A JSON integer literal that fits `Int64` (what the general path's `Int64(text)` accepts).
    private mutating func integer() -> Int64? {
        let start = index
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        let digitsStart = index
        while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") { index += 1 }
        let digits = index - digitsStart
        // No leading zeros (JSON), no fraction or exponent, at most 18 digits (cannot overflow).
        guard digits > 0, digits <= 18, digits == 1 || bytes[digitsStart] != UInt8(ascii: "0") else { return nil }
        if index < bytes.count {
            let next = bytes[index]
            if next == UInt8(ascii: ".") || next == UInt8(ascii: "e") || next == UInt8(ascii: "E") { return nil }
        }
        var value: Int64 = 0
        for position in digitsStart..<index { value = value * 10 + Int64(bytes[position] - UInt8(ascii: "0")) }
        return digitsStart > start ? -value : value
    }

    private func member(named range: Range<Int>) -> Member? {
        func matches(_ name: StaticString) -> Bool {
            range.count == name.utf8CodeUnitCount && equal(range, UnsafeRawBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
        }
        guard let first = range.first.map({ bytes[$0] }) else { return nil }
        switch first {
        case UInt8(ascii: "a"): return matches("actor") ? .actor : nil
        case UInt8(ascii: "c"): return matches("contractId") ? .contractId : nil
        case UInt8(ascii: "e"): return matches("eventId") ? .eventId : nil
        case UInt8(ascii: "h"): return matches("hash") ? .hash : nil
        case UInt8(ascii: "o"): return matches("occurredAt") ? .occurredAt : nil
        case UInt8(ascii: "p"): return matches("payload") ? .payload : matches("previousHash") ? .previousHash : nil
        case UInt8(ascii: "r"): return matches("recordedAt") ? .recordedAt : nil
        case UInt8(ascii: "s"):
            return matches("schemaVersion") ? .schemaVersion : matches("sequence") ? .sequence : matches("stream") ? .stream : nil
        case UInt8(ascii: "t"): return matches("type") ? .type : nil
        default: return nil
        }
    }
}
