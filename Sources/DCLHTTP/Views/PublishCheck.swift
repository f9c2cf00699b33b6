import DCLDomain

/// `POST /api/contracts/check`: would this document be accepted by a publish? The same fields as
/// `dcl check FILE --json`; nothing is written.
struct PublishCheck: Encodable, Sendable {
    var accepted: Bool
    var contractId: String
    var version: String
    var previousVersion: String?
    var mode: String?
    var computedBump: String?
    var declaredBump: String?
    var changes: [ContractChange]
    var reasons: [String]
    var rejection: String?
    var rule: String?
}
