import DCLDomain

/// One readable sentence per event, for histories and command output.
public enum EventSummary {
    public static func text(for event: LedgerEvent) -> String {
        switch event {
        case .domainRegistered(let event):
            return "domain \(event.domain) registered, owned by \(event.ownerTeam) (SLA \(event.slaHours)h, quality threshold \(event.qualityThreshold))"
        case .contractPublished(let event):
            let contract = event.contract
            let fields = contract.schema.reduce(0) { $0 + $1.fields.count }
            let from = event.previousVersion.map { " (after \($0))" } ?? " (first version)"
            let decision = event.compatibility.map {
                "; compatibility \($0.mode): computed \($0.computedBump), declared \($0.declaredBump)"
                    + ($0.comparedWith.isEmpty ? "" : " (compared with \($0.comparedWith.joined(separator: ", ")))")
                    + ($0.reasons.isEmpty ? "" : " because " + $0.reasons.joined(separator: "; "))
            } ?? ""
            return "published \(contract.id) \(contract.version) [\(contract.status.rawValue)]\(from): \(contract.schema.count) object(s), \(fields) field(s), \(contract.quality.count) quality rule(s), owner \(contract.owner?.rawValue ?? DataContract.unsetText)\(decision)"
        case .schemaChanged(let event):
            if event.changes.isEmpty { return "\(event.fromVersion) → \(event.toVersion): no changes besides the version" }
            return "\(event.fromVersion) → \(event.toVersion): " + event.changes.map(\.description).joined(separator: "; ")
        case .contractDeprecated(let event):
            return "deprecated at \(event.version): \(event.reason)"
        case .contractReactivated(let event):
            return "reactivated at \(event.version) (\(event.status.rawValue) again): \(event.reason)"
        case .contractRetired(let event):
            return "retired at \(event.version)" + (event.reason.map { ": \($0)" } ?? "")
        case .ownershipTransferred(let event):
            return "ownership \(event.previousOwner?.rawValue ?? DataContract.unsetText) → \(event.newOwner)"
        case .compatibilityConfigured(let event):
            return "compatibility mode \(event.mode.rawValue) for \(event.scope == .global ? "the whole mesh" : "\(event.scope.rawValue) \(event.subject)")"
        case .auditCheckpointRecorded(let event):
            return "audit checkpoint signed by key \(String(event.publicKey.prefix(12)))…: \(event.statement.utf8.count) bytes of statement"
        case .apiTokenIssued(let event):
            return "API token \(event.tokenId) issued to \(event.name) for " + (event.admin ? "every domain (admin)" : "domain(s) \(event.domains.joined(separator: ", "))")
        case .apiTokenRevoked(let event):
            return "API token \(event.tokenId) revoked" + (event.reason.map { ": \($0)" } ?? "")
        case .policyAdopted(let event):
            return "policy \(event.policy.name) adopted for " + (event.domain.map { "domain \($0)" } ?? "the whole mesh")
                + (event.reason.map { ": \($0)" } ?? "")
        case .policyRetired(let event):
            return "policy \(event.name) retired for " + (event.domain.map { "domain \($0)" } ?? "the whole mesh")
                + (event.reason.map { ": \($0)" } ?? "")
        case .consumerSubscribed(let event):
            return "consumer \(event.consumer) subscribes to \(event.contractId)"
                + (event.fields.isEmpty ? " (every property)" : " reading \(event.fields.joined(separator: ", "))")
                + (event.major.map { ", major version \($0)" } ?? "")
        case .consumerUnsubscribed(let event):
            return "consumer \(event.consumer) unsubscribed from \(event.contractId)" + (event.reason.map { ": \($0)" } ?? "")
        case .consumerApproved(let event):
            return "consumer \(event.consumer) signed off \(event.contractId) \(event.version)" + (event.note.map { ": \($0)" } ?? "")
        case .platformRequested(let event):
            return "platform request \(event.requestId): \(event.domain).\(event.product) on tier \(event.tier.rawValue), \(event.storageGB) GB"
                + (event.schedule.map { ", schedule \($0)" } ?? "")
        case .platformRequestDecided(let event):
            return "platform request \(event.requestId) \(event.approved ? "approved" : "rejected")" + (event.reason.map { ": \($0)" } ?? "")
        case .platformProvisioned(let event):
            return "platform request \(event.requestId) provisioned" + (event.note.map { ": \($0)" } ?? "")
        case .qualityCheckRecorded(let event):
            return qualityText(event)
        }
    }

    /// `quality RULE passed|FAILED[ value V][ (THRESHOLD)] observed TIME[ run RUN]`.
    static func qualityText(_ event: QualityCheckRecorded) -> String {
        qualityText(rule: event.rule, passed: event.passed, value: event.value?.text, threshold: event.threshold,
                    observedAt: event.observedAt, runId: event.runId)
    }

    /// The sentence of a quality result from its fields, written as bytes into one buffer: nearly
    /// every event of a busy ledger is a quality result, and a string built piece by piece cost
    /// more than the result's hash.
    ///
    /// ```swift
    /// EventSummary.qualityText(rule: "not_null_id", passed: true, value: "0", threshold: nil,
    ///                          observedAt: Timestamp(iso8601: "2026-12-01T00:00:00Z")!, runId: nil)
    /// // "quality not_null_id passed value 0 observed 2026-12-01T00:00:00.000Z"
    /// ```
    public static func qualityText(rule: String, passed: Bool, value: String?, threshold: String?, observedAt: Timestamp,
                                   runId: String?) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(128)
        func put(_ text: String) {
            text.withUTF8InPlace { bytes.append(contentsOf: $0) }
        }
        func put(_ text: StaticString) {
            bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
        }
        put("quality ")
        put(rule)
        put(passed ? " passed" : " FAILED")
        if let value {
            put(" value ")
            put(value)
        }
        if let threshold {
            put(" (")
            put(threshold)
            put(")")
        }
        put(" observed ")
        observedAt.writeISO8601(into: &bytes)
        if let runId {
            put(" run ")
            put(runId)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
