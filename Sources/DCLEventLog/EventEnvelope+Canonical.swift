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

    /// The exact bytes hashed: the canonical JSON text of `hashedFields`.
    public var canonicalHashInput: [UInt8] { JSONValue.object(hashedFields).canonicalBytes }

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
    }
}
