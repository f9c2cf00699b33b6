import DCLApplication

/// The body of `GET /api/contracts/{id}/quality/runs`: the contract's quality runs, newest first.
///
/// ```swift
/// return try JSONResponse.make(QualityRunList(contractId: "sales.orders", runs: runs))
/// ```
struct QualityRunList: Encodable, Sendable {
    var contractId: String
    var runs: [QualityRunSummary]
}
