import DCLDomain

extension EventEnvelope {
    /// The envelope as a JSON object: every field, `hash` included.
    /// This is also the wire form on Kafka and the `--json` form of `dcl history --raw`.
    public var jsonValue: JSONValue {
        var object = hashedFields
        object["hash"] = .string(hash)
        return .object(object)
    }

    /// The fields the hash covers: everything but `hash` itself.
    var hashedFields: [String: JSONValue] {
        [
            "eventId": .string(eventId),
            "type": .string(type),
            "schemaVersion": .integer(Int64(schemaVersion)),
            "contractId": contractId.map(JSONValue.string) ?? .null,
            "stream": .string(stream.description),
            "sequence": .integer(sequence),
            "occurredAt": .string(occurredAt.iso8601),
            "recordedAt": .string(recordedAt.iso8601),
            "actor": .string(actor),
            "payload": payload,
            "previousHash": .string(previousHash),
        ]
    }

    /// The payload's canonical JSON text (what the SQLite ledger stores).
    public var canonicalPayloadText: String { String(decoding: payloadStorage.canonicalBytes, as: UTF8.self) }

    /// Room for an envelope's canonical form, reserved up front: a quality result's is ~550
    /// bytes, and outgrowing the buffer copies it into a new one, for every event hashed. With
    /// the array's header the block stays under 1 KiB, which glibc serves from a per-thread
    /// cache; a larger one takes the allocator's shared (locked) path.
    static let canonicalCapacity = 960

    /// The exact bytes hashed: the canonical JSON text of `hashedFields`.
    public var canonicalHashInput: [UInt8] { canonicalHashInput(occurredAtText: nil, recordedAtText: nil) }

    /// The same bytes, with the times already formatted when given (see `writeCanonical`).
    func canonicalHashInput(occurredAtText: String?, recordedAtText: String?) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(EventEnvelope.canonicalCapacity)
        writeCanonical(includingHash: false, occurredAtText: occurredAtText, recordedAtText: recordedAtText, into: &output)
        return output
    }

    /// The canonical JSON text of the whole envelope (`jsonValue.canonicalBytes`): the Kafka value.
    public var canonicalBytes: [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(EventEnvelope.canonicalCapacity)
        writeCanonical(includingHash: true, into: &output)
        return output
    }

    /// Writes the canonical form member by member in its fixed key order (UTF-8 byte order of the
    /// names), the same bytes as `JSONValue.object(hashedFields).canonicalBytes` without building
    /// and sorting a dictionary per event: hashing is on every read path.
    ///
    /// `occurredAtText` and `recordedAtText`, when given, must be `occurredAt.iso8601` and
    /// `recordedAt.iso8601`: a projector formats them once for the timeline and the hash.
    func writeCanonical(includingHash: Bool, occurredAtText: String? = nil, recordedAtText: String? = nil, into output: inout [UInt8]) {
        // Each member's separator, name and colon is one literal, appended whole, and each text
        // is escaped straight into the output: a nested function that captured `output`, byte
        // appends and a `JSONValue` made per field cost more than the bytes they wrote.
        EventEnvelope.put("{\"actor\":", into: &output)
        JSONValue.writeEscaped(actor, into: &output)
        EventEnvelope.put(",\"contractId\":", into: &output)
        if let contractId { JSONValue.writeEscaped(contractId, into: &output) } else { EventEnvelope.put("null", into: &output) }
        EventEnvelope.put(",\"eventId\":", into: &output)
        JSONValue.writeEscaped(eventId, into: &output)
        if includingHash {
            EventEnvelope.put(",\"hash\":", into: &output)
            JSONValue.writeEscaped(hash, into: &output)
        }
        EventEnvelope.put(",\"occurredAt\":", into: &output)
        JSONValue.writeEscaped(occurredAtText ?? occurredAt.iso8601, into: &output)
        EventEnvelope.put(",\"payload\":", into: &output)
        payloadStorage.writeCanonical(into: &output)
        EventEnvelope.put(",\"previousHash\":", into: &output)
        JSONValue.writeEscaped(previousHash, into: &output)
        EventEnvelope.put(",\"recordedAt\":", into: &output)
        JSONValue.writeEscaped(recordedAtText ?? recordedAt.iso8601, into: &output)
        EventEnvelope.put(",\"schemaVersion\":", into: &output)
        EventEnvelope.putDecimal(Int64(schemaVersion), into: &output)
        EventEnvelope.put(",\"sequence\":", into: &output)
        EventEnvelope.putDecimal(sequence, into: &output)
        EventEnvelope.put(",\"stream\":", into: &output)
        stream.writeCanonicalJSON(into: &output)
        EventEnvelope.put(",\"type\":", into: &output)
        JSONValue.writeEscaped(type, into: &output)
        output.append(UInt8(ascii: "}"))
    }

    @inline(__always)
    private static func put(_ literal: StaticString, into output: inout [UInt8]) {
        output.append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    /// Appends `value` in decimal, as `String(value)` writes it, digit by digit into the output.
    static func putDecimal(_ value: Int64, into output: inout [UInt8]) {
        guard value >= 0 else {
            // Never in a ledger (its field rules refuse it), but hashed the same if asked.
            output.append(contentsOf: String(value).utf8)
            return
        }
        var digits = 1
        var rest = value / 10
        while rest > 0 { digits += 1; rest /= 10 }
        let end = output.count + digits
        output.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: digits))
        output.withUnsafeMutableBufferPointer { buffer in
            var remaining = value
            var index = end
            repeat {
                index -= 1
                buffer[index] = UInt8(ascii: "0") + UInt8(remaining % 10)
                remaining /= 10
            } while remaining > 0
        }
    }

    /// Reads an envelope from its JSON object form, naming the first field that is wrong.
    public init(json: JSONValue) throws(EventLogError) {
        guard case .object(let object) = json else { throw EventLogError(.undecodable, "an envelope must be a JSON object") }
        func string(_ key: String) throws(EventLogError) -> String {
            guard let value = object[key]?.stringValue else { throw EventLogError(.undecodable, "envelope field '\(key)' is missing or not a string") }
            return value
        }
        func integer(_ key: String) throws(EventLogError) -> Int64 {
            guard case .number(let text)? = object[key], let value = Int64(text) else {
                throw EventLogError(.undecodable, "envelope field '\(key)' is missing or not an integer")
            }
            return value
        }
        func time(_ key: String) throws(EventLogError) -> Timestamp {
            let text = try string(key)
            guard let value = Timestamp(iso8601: text) else { throw EventLogError(.undecodable, "envelope field '\(key)' is not an ISO 8601 time: '\(text)'") }
            return value
        }
        let streamText = try string("stream")
        guard let stream = StreamID(streamText) else { throw EventLogError(.undecodable, "envelope field 'stream' is not a stream id: '\(streamText)'") }
        guard let payload = object["payload"] else { throw EventLogError(.undecodable, "envelope field 'payload' is missing") }
        let contractId: String?
        switch object["contractId"] {
        case .string(let text)?: contractId = text
        case .null?, nil: contractId = nil
        default: throw EventLogError(.undecodable, "envelope field 'contractId' must be a string or null")
        }
        self.init(eventId: try string("eventId"), type: try string("type"), schemaVersion: Int(try integer("schemaVersion")),
                  contractId: contractId, stream: stream, sequence: try integer("sequence"),
                  occurredAt: try time("occurredAt"), recordedAt: try time("recordedAt"), actor: try string("actor"),
                  payload: payload, previousHash: try string("previousHash"), hash: try string("hash"))
        try checkFieldRules()
    }
}
