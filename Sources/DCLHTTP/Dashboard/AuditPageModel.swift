import DCLApplication
import DCLEventLog
import Foundation

/// The audit page (`GET /ui/audit`): the verdict of recomputing every hash and chain of the
/// events recorded up to the page's time, and where each projector stands.
struct AuditPageModel: Sendable {
    struct Projector: Sendable {
        var projector: String
        var position: Int64
        var logEnd: Int64
        var lag: Int64
        var events: Int64
        var rate: String
        var quarantined: Int64
    }

    var frame: PageFrame
    var intact: Bool
    var eventsChecked: Int
    var streamsChecked: Int
    var firstFailure: String?
    var eventId: String?
    var position: Int64?
    var projectors: [Projector]

    init(report: AuditVerifier.Report, projectors: [ProjectorStatus], asOf: String?) {
        frame = PageFrame(title: "Audit", path: "/ui/audit", asOf: asOf)
        intact = report.firstFailure == nil
        eventsChecked = report.eventsChecked
        streamsChecked = report.streamsChecked
        firstFailure = report.firstFailure?.description
        eventId = report.firstFailure?.eventId
        position = report.firstFailure?.position
        self.projectors = projectors.map { status in
            Projector(projector: status.projector, position: status.position, logEnd: status.logEnd, lag: status.lag,
                      events: status.events, rate: String(format: "%.0f", status.eventsPerSecond), quarantined: status.quarantined)
        }
    }
}
