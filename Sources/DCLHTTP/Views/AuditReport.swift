/// `GET /api/audit/verify`: the result of recomputing every hash and chain (as `dcl audit verify --json`).
struct AuditReport: Encodable, Sendable {
    var intact: Bool
    var eventsChecked: Int
    var streamsChecked: Int
    var firstFailure: String?
    var eventId: String?
    var position: Int64?
}
