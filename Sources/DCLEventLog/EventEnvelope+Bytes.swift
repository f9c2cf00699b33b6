import DCLDomain

extension EventEnvelope {
    /// Reads an envelope from its JSON text: a Kafka record value, a line of `dcl history --raw`.
    ///
    /// Gives exactly what `EventEnvelope(json: JSONParser.parse(bytes: bytes))` gives, errors
    /// included, but reads the common case (the compact form the ledger writes) in one pass
    /// without building a dictionary for the envelope; anything else takes the general path.
    ///
    /// ```swift
    /// let envelope = try EventEnvelope(jsonBytes: Array(#"{"actor":"ana@example.com",…}"#.utf8))
    /// ```
    public init(jsonBytes bytes: [UInt8]) throws(EventLogError) {
        if let envelope = EnvelopeBytesReader.read(bytes) {
            self = envelope
            return
        }
        let json: JSONValue
        do {
            json = try JSONParser.parse(bytes: bytes)
        } catch {
            throw EventLogError(.undecodable, "not JSON: \(error)")
        }
        do {
            try self.init(json: json)
        } catch {
            throw EventLogError(.undecodable, "not an event envelope: \(error.message)")
        }
    }
}
