/// `/healthz` and `/readyz`: whether the process answers, and whether the read models are within
/// the readiness bound of the log's end.
struct Readiness: Encodable, Sendable {
    var status: String
    var logEnd: Int64?
    var position: Int64?
    var lag: Int64?
    var maxLag: Int64?
}
