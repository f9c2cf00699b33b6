import DCLDomain

extension EventEnvelope {
    /// Refuses an envelope read from outside (a Kafka record) whose fields could never have been
    /// written by a ledger: a sequence or schema version below 1, a hash that is not 64 lowercase
    /// hex digits, a payload that is not a JSON object, an empty event id. Such a record is
    /// undecodable (the reader quarantines it) rather than an event that folds as a rejection.
    /// The embedded ledger's table has the same rules as CHECK constraints.
    ///
    /// ```swift
    /// try envelope.checkFieldRules()   // throws EventLogError(.undecodable, "envelope field 'sequence' …")
    /// ```
    public func checkFieldRules() throws(EventLogError) {
        if eventId.isEmpty { throw EventLogError(.undecodable, "envelope field 'eventId' is empty") }
        if sequence < 1 { throw EventLogError(.undecodable, "envelope field 'sequence' must be 1 or more, not \(sequence)") }
        if schemaVersion < 1 { throw EventLogError(.undecodable, "envelope field 'schemaVersion' must be 1 or more, not \(schemaVersion)") }
        // Each checked in place: every Kafka record read passes here, and a list of the two cost an allocation.
        if !Self.isHexDigest(hash) { throw EventLogError(.undecodable, "envelope field 'hash' must be 64 lowercase hex digits") }
        if !Self.isHexDigest(previousHash) {
            throw EventLogError(.undecodable, "envelope field 'previousHash' must be 64 lowercase hex digits")
        }
        let isObject: Bool
        switch payloadStorage {
        case .parsed(let value): if case .object = value { isObject = true } else { isObject = false }
        case .canonicalText(let source, let range): isObject = source[range].first == UInt8(ascii: "{")
        }
        if !isObject { throw EventLogError(.undecodable, "envelope field 'payload' must be a JSON object") }
    }

    static func isHexDigest(_ text: String) -> Bool {
        text.withUTF8InPlace { bytes in
            bytes.count == 64 && bytes.allSatisfy { $0 &- UInt8(ascii: "0") < 10 || $0 &- UInt8(ascii: "a") < 6 }
        }
    }
}
