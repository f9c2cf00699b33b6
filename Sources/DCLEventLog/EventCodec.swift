import DCLDomain
import Foundation

/// Turns domain events into envelope payloads and back.
///
/// Writing always uses each type's current schema version. Reading accepts every version
/// ever written: older payloads are upcast in memory (`upcast`), the stored bytes stay as
/// they are, so hashes keep verifying.
public enum EventCodec {
    /// The payload JSON of an event at its current schema version.
    public static func payload(of event: LedgerEvent) -> JSONValue {
        if case .qualityCheckRecorded(let check) = event { return check.currentPayload }
        return codablePayload(of: event)
    }

    /// The payload through `Codable`: built as a tree by `JSONValueEncoder`, which gives the tree of
    /// `JSONEncoder`'s text without writing and parsing it (a published version's document made that
    /// a large part of a publish's CPU), or where it cannot answer, `JSONEncoder` and `JSONParser`.
    static func codablePayload(of event: LedgerEvent) -> JSONValue {
        if let tree = treePayload(of: event) { return tree }
        return referencePayload(of: event)
    }

    /// The payload as `JSONValueEncoder` builds it; nil where it leaves it to `JSONEncoder`.
    static func treePayload(of event: LedgerEvent) -> JSONValue? {
        let encoder = JSONValueEncoder()
        switch event {
        case .domainRegistered(let payload): return encoder.encode(payload)
        case .contractPublished(let payload): return encoder.encode(payload)
        case .schemaChanged(let payload): return encoder.encode(payload)
        case .contractDeprecated(let payload): return encoder.encode(payload)
        case .contractReactivated(let payload): return encoder.encode(payload)
        case .contractRetired(let payload): return encoder.encode(payload)
        case .ownershipTransferred(let payload): return encoder.encode(payload)
        case .qualityCheckRecorded(let payload): return encoder.encode(payload)
        case .compatibilityConfigured(let payload): return encoder.encode(payload)
        case .auditCheckpointRecorded(let payload): return encoder.encode(payload)
        case .apiTokenIssued(let payload): return encoder.encode(payload)
        case .apiTokenRevoked(let payload): return encoder.encode(payload)
        case .policyAdopted(let payload): return encoder.encode(payload)
        case .policyRetired(let payload): return encoder.encode(payload)
        case .consumerSubscribed(let payload): return encoder.encode(payload)
        case .consumerUnsubscribed(let payload): return encoder.encode(payload)
        case .consumerApproved(let payload): return encoder.encode(payload)
        case .platformRequested(let payload): return encoder.encode(payload)
        case .platformRequestDecided(let payload): return encoder.encode(payload)
        case .platformProvisioned(let payload): return encoder.encode(payload)
        }
    }

    /// The payload through `JSONEncoder`'s text: every type's reference form.
    static func referencePayload(of event: LedgerEvent) -> JSONValue {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            let data: Data
            switch event {
            case .domainRegistered(let payload): data = try encoder.encode(payload)
            case .contractPublished(let payload): data = try encoder.encode(payload)
            case .schemaChanged(let payload): data = try encoder.encode(payload)
            case .contractDeprecated(let payload): data = try encoder.encode(payload)
            case .contractReactivated(let payload): data = try encoder.encode(payload)
            case .contractRetired(let payload): data = try encoder.encode(payload)
            case .ownershipTransferred(let payload): data = try encoder.encode(payload)
            case .qualityCheckRecorded(let payload): data = try encoder.encode(payload)
            case .compatibilityConfigured(let payload): data = try encoder.encode(payload)
            case .auditCheckpointRecorded(let payload): data = try encoder.encode(payload)
            case .apiTokenIssued(let payload): data = try encoder.encode(payload)
            case .apiTokenRevoked(let payload): data = try encoder.encode(payload)
            case .policyAdopted(let payload): data = try encoder.encode(payload)
            case .policyRetired(let payload): data = try encoder.encode(payload)
            case .consumerSubscribed(let payload): data = try encoder.encode(payload)
            case .consumerUnsubscribed(let payload): data = try encoder.encode(payload)
            case .consumerApproved(let payload): data = try encoder.encode(payload)
            case .platformRequested(let payload): data = try encoder.encode(payload)
            case .platformRequestDecided(let payload): data = try encoder.encode(payload)
            case .platformProvisioned(let payload): data = try encoder.encode(payload)
            }
            return try JSONParser.parse(bytes: Array(data))
        } catch {
            // Every payload type is a plain Codable struct of strings, integers and booleans.
            preconditionFailure("encoding \(event.typeName) cannot fail: \(error)")
        }
    }

    /// Decodes a payload of any known schema version of `type`.
    public static func decode(type: String, schemaVersion: Int, payload: JSONValue) throws(EventLogError) -> LedgerEvent {
        if type == QualityCheckRecorded.typeName, schemaVersion == QualityCheckRecorded.schemaVersion,
           let check = QualityCheckRecorded(currentPayload: payload) {
            return .qualityCheckRecorded(check)
        }
        return try codableDecode(type: type, schemaVersion: schemaVersion, payload: payload)
    }

    /// Decodes through `Codable`: every type's reference path, and the one whose errors name the field.
    static func codableDecode(type: String, schemaVersion: Int, payload: JSONValue) throws(EventLogError) -> LedgerEvent {
        let current = try upcast(type: type, schemaVersion: schemaVersion, payload: payload)
        // The tree in hand is the tree its canonical text parses to (literals are written as they are), so
        // the tree decoder answers from it without the text (a writer folding the event it just sealed).
        if let event = try? payloadEvent(type: type, decoder: TreePayloadDecoder(tree: current)) { return event }
        let text = current.canonicalBytes
        return try codableDecode(type: type, schemaVersion: schemaVersion, currentText: text, range: text.indices)
    }

    /// Decodes the canonical text `source[range]` of a payload at its type's current schema version.
    ///
    /// The text is parsed into a tree and decoded by `JSONValueDecoder`, which gives what
    /// `JSONDecoder` gives for the same text at a fraction of the cost (the document trees in a
    /// published version made `JSONDecoder` most of a publish's CPU). Where that decoder cannot
    /// answer (an error, or a value it leaves to the reference), `JSONDecoder` decodes the text: the
    /// reference, whose errors name the field.
    static func codableDecode(type: String, schemaVersion: Int, currentText source: [UInt8],
                              range: Range<Int>) throws(EventLogError) -> LedgerEvent {
        var end = range.lowerBound
        if let tree = try? JSONParser.parseValue(in: source, at: &end), end == range.upperBound,
           let event = try? payloadEvent(type: type, decoder: TreePayloadDecoder(tree: tree)) {
            return event
        }
        do {
            return try payloadEvent(type: type, decoder: FoundationPayloadDecoder(data: Data(source[range])))
        } catch let error as EventLogError {
            throw error
        } catch let error as DecodingError {
            throw EventLogError(.undecodable, "\(type) v\(schemaVersion) payload: \(describe(error))")
        } catch {
            throw EventLogError(.undecodable, "\(type) v\(schemaVersion) payload: \(error)")
        }
    }

    /// The event of `type` decoded from its payload by `decoder`.
    static func payloadEvent(type: String, decoder: some PayloadDecoder) throws -> LedgerEvent {
        switch type {
        case DomainRegistered.typeName: return .domainRegistered(try decoder.decode(DomainRegistered.self))
        case ContractPublished.typeName: return .contractPublished(try decoder.decode(ContractPublished.self))
        case SchemaChanged.typeName: return .schemaChanged(try decoder.decode(SchemaChanged.self))
        case ContractDeprecated.typeName: return .contractDeprecated(try decoder.decode(ContractDeprecated.self))
        case ContractReactivated.typeName: return .contractReactivated(try decoder.decode(ContractReactivated.self))
        case ContractRetired.typeName: return .contractRetired(try decoder.decode(ContractRetired.self))
        case OwnershipTransferred.typeName: return .ownershipTransferred(try decoder.decode(OwnershipTransferred.self))
        case QualityCheckRecorded.typeName: return .qualityCheckRecorded(try decoder.decode(QualityCheckRecorded.self))
        case CompatibilityConfigured.typeName: return .compatibilityConfigured(try decoder.decode(CompatibilityConfigured.self))
        case AuditCheckpointRecorded.typeName: return .auditCheckpointRecorded(try decoder.decode(AuditCheckpointRecorded.self))
        case APITokenIssued.typeName: return .apiTokenIssued(try decoder.decode(APITokenIssued.self))
        case APITokenRevoked.typeName: return .apiTokenRevoked(try decoder.decode(APITokenRevoked.self))
        case PolicyAdopted.typeName: return .policyAdopted(try decoder.decode(PolicyAdopted.self))
        case PolicyRetired.typeName: return .policyRetired(try decoder.decode(PolicyRetired.self))
        case ConsumerSubscribed.typeName: return .consumerSubscribed(try decoder.decode(ConsumerSubscribed.self))
        case ConsumerUnsubscribed.typeName: return .consumerUnsubscribed(try decoder.decode(ConsumerUnsubscribed.self))
        case ConsumerApproved.typeName: return .consumerApproved(try decoder.decode(ConsumerApproved.self))
        case PlatformRequested.typeName: return .platformRequested(try decoder.decode(PlatformRequested.self))
        case PlatformRequestDecided.typeName: return .platformRequestDecided(try decoder.decode(PlatformRequestDecided.self))
        case PlatformProvisioned.typeName: return .platformProvisioned(try decoder.decode(PlatformProvisioned.self))
        default: throw EventLogError(.undecodable, "unknown event type '\(type)'")
        }
    }

    /// Brings an old payload up to its type's current schema version.
    ///
    /// - `QualityCheckRecorded` v1 `{contractId, rule, passed, checkedAt}` → v2: `checkedAt`
    ///   becomes `observedAt`; `value` and `contractVersion` are absent (unknown at the time).
    /// - `SchemaChanged` v1 (changes without grades) → v2: each change gets its kind's usual grade
    ///   (`ContractChange.Kind.usualGrade`); v1 events never held the document-level kinds.
    public static func upcast(type: String, schemaVersion: Int, payload: JSONValue) throws(EventLogError) -> JSONValue {
        guard let current = LedgerEvent.currentSchemaVersions[type] else {
            throw EventLogError(.undecodable, "unknown event type '\(type)'")
        }
        guard (1...current).contains(schemaVersion) else {
            throw EventLogError(.undecodable, "\(type) schema version \(schemaVersion) is newer than this dcl understands (\(current)); upgrade dcl")
        }
        var payload = payload
        var version = schemaVersion
        while version < current {
            switch (type, version) {
            case (SchemaChanged.typeName, 1):
                payload = try upcastSchemaChangedV1(payload)
            case (QualityCheckRecorded.typeName, 1):
                guard case .object(var members) = payload else { throw EventLogError(.undecodable, "\(type) v1 payload is not an object") }
                members["observedAt"] = members.removeValue(forKey: "checkedAt")
                payload = .object(members)
            default:
                throw EventLogError(.undecodable, "no upcaster for \(type) v\(version)")
            }
            version += 1
        }
        return payload
    }

    static func upcastSchemaChangedV1(_ payload: JSONValue) throws(EventLogError) -> JSONValue {
        guard case .object(var members) = payload, case .array(let changes)? = members["changes"] else {
            throw EventLogError(.undecodable, "SchemaChanged v1 payload has no changes list")
        }
        members["changes"] = .array(changes.map { change in
            guard case .object(var fields) = change, case .string(let kindText)? = fields["kind"],
                  let kind = ContractChange.Kind(rawValue: kindText), fields["grade"] == nil else { return change }
            fields["grade"] = .string(kind.usualGrade.grade.rawValue)
            return .object(fields)
        })
        return .object(members)
    }

    /// A complete, sealed envelope for a proposed event.
    public static func envelope(for proposed: ProposedEvent, eventId: String, occurredAt: Timestamp, recordedAt: Timestamp,
                                actor: String, previousHash: String) -> EventEnvelope {
        EventHasher.seal(EventEnvelope(
            eventId: eventId, type: proposed.event.typeName, schemaVersion: proposed.event.schemaVersion,
            contractId: proposed.stream.contractID?.rawValue, stream: proposed.stream, sequence: proposed.sequence,
            occurredAt: occurredAt, recordedAt: recordedAt, actor: actor, payload: payload(of: proposed.event),
            previousHash: previousHash, hash: ""))
    }

    /// The domain view of a stored event, for `Ledger.evolve`.
    public static func recorded(_ stored: borrowing StoredEvent) throws(EventLogError) -> RecordedEvent {
        // Read in place (a projector decodes every event it reads: a copy of the envelope
        // retained and released each of its strings).
        return try recorded(envelope: stored.envelope, position: stored.position)
    }

    private static func recorded(envelope: borrowing EventEnvelope, position: Int64) throws(EventLogError) -> RecordedEvent {
        var event: LedgerEvent
        if case .canonicalText(let source, let range) = envelope.payloadStorage, envelope.type == QualityCheckRecorded.typeName,
           envelope.schemaVersion == QualityCheckRecorded.schemaVersion,
           let check = QualityCheckRecorded(canonicalText: source[range], envelopeContractId: envelope.contractId) {
            // The high-volume event, read from its text without building a JSON tree.
            event = .qualityCheckRecorded(check)
        } else if case .canonicalText(let source, let range) = envelope.payloadStorage,
                  LedgerEvent.currentSchemaVersions[envelope.type] == envelope.schemaVersion {
            // Stored at the current version: its canonical text, as read, is what the decoder takes
            // (no JSON tree built and written out again; canonical text is its own canonical form).
            event = try codableDecode(type: envelope.type, schemaVersion: envelope.schemaVersion, currentText: source, range: range)
        } else {
            event = try decode(type: envelope.type, schemaVersion: envelope.schemaVersion, payload: envelope.payload)
        }
        // A publish names its contract as the envelope does: the id then shares the envelope's
        // string (see `TextInterner`), so the fold state's key compares equal to every later
        // event's id without reading its bytes.
        if case .contractPublished(var published) = event, let shared = envelope.contractId,
           published.contract.id.rawValue == shared, let id = ContractID(shared) {
            published.contract.id = id
            event = .contractPublished(published)
        }
        return RecordedEvent(eventId: envelope.eventId, position: position, stream: envelope.stream,
                             sequence: envelope.sequence, occurredAt: envelope.occurredAt, recordedAt: envelope.recordedAt,
                             actor: envelope.actor, event: event, previousHash: envelope.previousHash, hash: envelope.hash)
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let text = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return text.isEmpty ? "" : "at \(text.hasPrefix(".") ? String(text.dropFirst()) : text): "
        }
        switch error {
        case .keyNotFound(let key, let context): return "\(path(context))missing '\(key.stringValue)'"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "\(path(context))\(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}

extension LedgerEvent {
    /// Each type's current payload schema version, by type name.
    public static let currentSchemaVersions: [String: Int] = [
        DomainRegistered.typeName: DomainRegistered.schemaVersion,
        ContractPublished.typeName: ContractPublished.schemaVersion,
        SchemaChanged.typeName: SchemaChanged.schemaVersion,
        ContractDeprecated.typeName: ContractDeprecated.schemaVersion,
        ContractReactivated.typeName: ContractReactivated.schemaVersion,
        ContractRetired.typeName: ContractRetired.schemaVersion,
        OwnershipTransferred.typeName: OwnershipTransferred.schemaVersion,
        QualityCheckRecorded.typeName: QualityCheckRecorded.schemaVersion,
        CompatibilityConfigured.typeName: CompatibilityConfigured.schemaVersion,
        AuditCheckpointRecorded.typeName: AuditCheckpointRecorded.schemaVersion,
        APITokenIssued.typeName: APITokenIssued.schemaVersion,
        APITokenRevoked.typeName: APITokenRevoked.schemaVersion,
        PolicyAdopted.typeName: PolicyAdopted.schemaVersion,
        PolicyRetired.typeName: PolicyRetired.schemaVersion,
        ConsumerSubscribed.typeName: ConsumerSubscribed.schemaVersion,
        ConsumerUnsubscribed.typeName: ConsumerUnsubscribed.schemaVersion,
        ConsumerApproved.typeName: ConsumerApproved.schemaVersion,
        PlatformRequested.typeName: PlatformRequested.schemaVersion,
        PlatformRequestDecided.typeName: PlatformRequestDecided.schemaVersion,
        PlatformProvisioned.typeName: PlatformProvisioned.schemaVersion,
    ]
}

/// Decodes one payload type; `EventCodec.payloadEvent` picks the type.
protocol PayloadDecoder {
    func decode<T: Decodable>(_ type: T.Type) throws -> T
}

/// `JSONDecoder` over the payload's text: the reference.
struct FoundationPayloadDecoder: PayloadDecoder {
    let data: Data
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try JSONDecoder().decode(type, from: data) }
}

/// `JSONValueDecoder` over the parsed payload; throws where it leaves the answer to the reference.
struct TreePayloadDecoder: PayloadDecoder {
    struct Unanswered: Error {}
    let tree: JSONValue
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        guard let value = JSONValueDecoder().decode(type, from: tree) else { throw Unanswered() }
        return value
    }
}
