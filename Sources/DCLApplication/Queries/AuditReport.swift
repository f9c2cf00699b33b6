import DCLEventLog

/// The verdict of recomputing every hash and chain: `dcl audit verify --json` and
/// `GET /api/audit/verify` answer this one shape (the checkpoint members only from the CLI, which
/// also compares with a signed checkpoint).
///
/// ```swift
/// let report = AuditReport(try await AuditVerifier.verify(log))
/// print(report.intact ? "intact: \(report.eventsChecked) events" : "tampered: \(report.firstFailure ?? "")")
/// ```
public struct AuditReport: Sendable, Codable, Hashable {
    public var intact: Bool
    public var eventsChecked: Int
    public var streamsChecked: Int
    /// The first event that does not verify, its id and log position (nil when intact).
    public var firstFailure: String?
    public var eventId: String?
    public var position: Int64?
    /// Where the checkpoint compared with came from (`file:…`, `ledger:governance/audit#n`), nil without one.
    public var checkpoint: String?
    public var checkpointKey: String?
    public var checkpointFindings: [String]?
    /// What the checkpoint comparison could not check, and why (nil without a checkpoint).
    public var checkpointNotes: [String]?
    /// Where the first failing event is stored on a partitioned log (Kafka: `topic[partition]@offset`).
    public var location: String?
    /// On Kafka: every record on the ledger topics that readers quarantined (not a readable event).
    public var quarantined: [QuarantinedRecord]?

    /// A record the log holds but readers could not take as an event, and why.
    public struct QuarantinedRecord: Sendable, Codable, Hashable {
        public var topic: String
        public var partition: Int32
        public var offset: Int64
        public var key: String?
        public var reason: String

        public init(topic: String, partition: Int32, offset: Int64, key: String?, reason: String) {
            self.topic = topic
            self.partition = partition
            self.offset = offset
            self.key = key
            self.reason = reason
        }
    }

    public init(_ report: AuditVerifier.Report) {
        intact = report.firstFailure == nil
        eventsChecked = report.eventsChecked
        streamsChecked = report.streamsChecked
        firstFailure = report.firstFailure?.description
        eventId = report.firstFailure?.eventId
        position = report.firstFailure?.position
    }
}
