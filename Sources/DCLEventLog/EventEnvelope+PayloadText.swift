import DCLDomain

extension EventEnvelope {
    /// An envelope read from a log that stores the payload as JSON text beside the other fields
    /// (the embedded log's `events.payload` column).
    ///
    /// Text already in canonical form is kept as it is, like `init(jsonBytes:)` keeps it: it is
    /// hashed as is and quality results are decoded straight from it. Other text is parsed.
    /// Throws `.undecodable` when the text is not JSON.
    ///
    /// ```swift
    /// let envelope = try EventEnvelope(eventId: id, type: "DomainRegistered", schemaVersion: 1, contractId: nil,
    ///                                  stream: stream, sequence: 1, occurredAt: now, recordedAt: now, actor: "ana",
    ///                                  payloadJSON: Array(#"{"name":"sales"}"#.utf8),
    ///                                  previousHash: EventEnvelope.genesisHash, hash: hash)
    /// ```
    public init(eventId: String, type: String, schemaVersion: Int, contractId: String?, stream: StreamID, sequence: Int64,
                occurredAt: Timestamp, recordedAt: Timestamp, actor: String, payloadJSON bytes: [UInt8],
                previousHash: String, hash: String) throws(EventLogError) {
        var scanner = CanonicalJSONScanner(bytes: bytes, index: 0)
        let storage: EnvelopePayload
        if scanner.value(depth: 0), scanner.index == bytes.count {
            storage = .canonicalText(source: bytes, range: 0..<bytes.count)
        } else {
            do {
                storage = .parsed(try JSONParser.parse(bytes: bytes))
            } catch {
                throw EventLogError(.undecodable, "the payload of event \(eventId) is not JSON: \(error)")
            }
        }
        self.init(eventId: eventId, type: type, schemaVersion: schemaVersion, contractId: contractId, stream: stream,
                  sequence: sequence, occurredAt: occurredAt, recordedAt: recordedAt, actor: actor, payloadStorage: storage,
                  previousHash: previousHash, hash: hash)
    }
}
