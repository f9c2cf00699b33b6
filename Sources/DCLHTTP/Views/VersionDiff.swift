import DCLDomain

/// `GET /api/contracts/{id}/diff?from=&to=`: the structured changes from one version to another.
struct VersionDiff: Encodable, Sendable {
    var contractId: String
    var from: String
    var to: String
    var changes: [ContractChange]
}
