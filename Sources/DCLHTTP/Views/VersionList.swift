import DCLApplication

/// `GET /api/contracts/{id}/versions`: every version with its changes and compatibility decision,
/// and per major version the latest version in it (as `dcl versions --json`).
struct VersionList: Encodable, Sendable {
    var contractId: String
    var versions: [VersionEntry]
    var latestPerMajor: [String: String]
}
