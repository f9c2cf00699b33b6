import DCLDomain
import Foundation

/// Quality results are the high-volume event (a scheduler records one per rule per run), so the
/// codec reads and writes their current payload directly instead of through Foundation's
/// `JSONEncoder`/`JSONDecoder`. Both directions agree with the `Codable` form; tests compare them.
extension QualityCheckRecorded {
    /// The current-version payload, as `JSONEncoder` with sorted keys would write it: absent
    /// optionals are left out, `value` is a string so its literal text is kept.
    var currentPayload: JSONValue {
        var members: [String: JSONValue] = [
            "contractId": .string(contractId.rawValue),
            "rule": .string(rule),
            "passed": .bool(passed),
            "observedAt": .string(observedAt.iso8601),
        ]
        if let value { members["value"] = .string(value.text) }
        if let contractVersion { members["contractVersion"] = .string(contractVersion.description) }
        if let maxClockSkewSeconds { members["maxClockSkewSeconds"] = .number(String(maxClockSkewSeconds)) }
        if let runId { members["runId"] = .string(runId) }
        if let threshold { members["threshold"] = .string(threshold) }
        if let rowsScanned { members["rowsScanned"] = .integer(rowsScanned) }
        if let fingerprint { members["fingerprint"] = .string(fingerprint) }
        if let origin { members["origin"] = .string(origin) }
        return .object(members)
    }

    /// Reads a current-version payload; nil for anything the plain form does not hold (a wrong
    /// type, an invalid id or time, a number where a string is written), and the codec then takes
    /// the `Codable` path, whose error names the field. Unknown members are ignored, as there.
    init?(currentPayload payload: JSONValue) {
        guard case .object(let members) = payload,
              case .string(let idText)? = members["contractId"], let contractId = ContractID(idText),
              case .string(let rule)? = members["rule"],
              case .bool(let passed)? = members["passed"],
              case .string(let observedText)? = members["observedAt"], let observedAt = Timestamp(iso8601: observedText)
        else { return nil }
        var value: NumericLiteral?
        switch members["value"] {
        case nil, .null?: value = nil
        case .string(let text)?:
            guard let literal = NumericLiteral(text) else { return nil }
            value = literal
        default: return nil
        }
        var contractVersion: SemanticVersion?
        switch members["contractVersion"] {
        case nil, .null?: contractVersion = nil
        case .string(let text)?:
            guard let version = SemanticVersion(text) else { return nil }
            contractVersion = version
        default: return nil
        }
        var skew: Int64?
        switch members["maxClockSkewSeconds"] {
        case nil, .null?: skew = nil
        case .number(let text)?:
            guard let seconds = Int64(text), seconds >= 0 else { return nil }
            skew = seconds
        default: return nil
        }
        // A run's members (optional): texts, and a whole row count.
        var texts: [String: String] = [:]
        for key in ["runId", "threshold", "fingerprint", "origin"] {
            switch members[key] {
            case nil, .null?: continue
            case .string(let text)?: texts[key] = text
            default: return nil
            }
        }
        var rowsScanned: Int64?
        switch members["rowsScanned"] {
        case nil, .null?: rowsScanned = nil
        case .number(let text)?:
            guard let rows = Int64(text) else { return nil }
            rowsScanned = rows
        default: return nil
        }
        self.init(contractId: contractId, rule: rule, passed: passed, value: value, observedAt: observedAt,
                  contractVersion: contractVersion, maxClockSkewSeconds: skew, runId: texts["runId"], threshold: texts["threshold"],
                  rowsScanned: rowsScanned, fingerprint: texts["fingerprint"], origin: texts["origin"])
    }
}

extension QualityCheckRecorded {
    /// Reads a current-version payload from its canonical text (kept by `EnvelopeBytesReader`):
    /// the members in their canonical order — `contractId`, `contractVersion`?, `observedAt`,
    /// `passed`, `rule`, `value`? — with plain string values. Nil for anything else (a
    /// `maxClockSkewSeconds`, or a run's result with its run members, among them), and the codec
    /// parses the text and takes the general path.
    ///
    /// `envelopeContractId` is the envelope's contract id: when the payload names the same one, that
    /// string is reused instead of built again.
    init?(canonicalText bytes: ArraySlice<UInt8>, envelopeContractId: String? = nil) {
        var reader = CanonicalPayloadReader(bytes: bytes)
        guard reader.take(UInt8(ascii: "{")), reader.key("contractId"), let idRange = reader.plainRange() else { return nil }
        // Compared where it lies (a `var` copy for `withUTF8` retained the text once per result).
        let sameId = envelopeContractId?.withUTF8InPlace { id in
            id.count == idRange.count && id.count > 0 && reader.bytes.hasBytes(at: idRange.lowerBound, equalTo: id.baseAddress!, count: id.count)
        } ?? false
        let idText = sameId ? envelopeContractId! : String(decoding: bytes[idRange], as: UTF8.self)
        guard let contractId = ContractID(idText), reader.take(UInt8(ascii: ",")) else { return nil }
        var contractVersion: SemanticVersion?
        if reader.key("contractVersion") {
            guard let text = reader.string(), let version = SemanticVersion(text), reader.take(UInt8(ascii: ",")) else { return nil }
            contractVersion = version
        }
        guard reader.key("observedAt"), let observedRange = reader.plainRange(), let observedAt = Timestamp(iso8601Bytes: bytes[observedRange]),
              reader.take(UInt8(ascii: ",")), reader.key("passed"), let passed = reader.bool(), reader.take(UInt8(ascii: ",")),
              reader.key("rule"), let rule = reader.string() else { return nil }
        var value: NumericLiteral?
        if reader.take(UInt8(ascii: ",")) {
            guard reader.key("value"), let text = reader.string(), let literal = NumericLiteral(text) else { return nil }
            value = literal
        }
        guard reader.take(UInt8(ascii: "}")), reader.atEnd else { return nil }
        self.init(contractId: contractId, rule: rule, passed: passed, value: value, observedAt: observedAt, contractVersion: contractVersion)
    }
}

/// A cursor over canonical payload text (no whitespace, strings without escapes).
private struct CanonicalPayloadReader {
    let bytes: ArraySlice<UInt8>
    var index: Int

    init(bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        index = bytes.startIndex
    }

    var atEnd: Bool { index == bytes.endIndex }

    mutating func take(_ byte: UInt8) -> Bool {
        guard index < bytes.endIndex, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    /// `"name":` — moves past it only when it is there.
    mutating func key(_ name: StaticString) -> Bool {
        let count = name.utf8CodeUnitCount
        let end = index + count + 3
        guard end <= bytes.endIndex, bytes[index] == UInt8(ascii: "\""), bytes[index + count + 1] == UInt8(ascii: "\""),
              bytes[index + count + 2] == UInt8(ascii: ":"), bytes.hasBytes(at: index + 1, equalTo: name.utf8Start, count: count)
        else { return false }
        index = end
        return true
    }

    mutating func plainRange() -> Range<Int>? {
        PlainJSONString.scan(bytes, at: &index, asciiOnly: true)
    }

    mutating func string() -> String? {
        plainRange().map { String(decoding: bytes[$0], as: UTF8.self) }
    }

    mutating func bool() -> Bool? {
        func word(_ text: StaticString) -> Bool {
            let count = text.utf8CodeUnitCount
            guard bytes.hasBytes(at: index, equalTo: text.utf8Start, count: count) else { return false }
            index += count
            return true
        }
        if word("true") { return true }
        if word("false") { return false }
        return nil
    }
}
