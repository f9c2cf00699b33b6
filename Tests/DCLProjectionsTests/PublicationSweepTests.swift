@testable import DCLProjections
import Testing

@Suite("publication sweep: when a catch-up looks for unpublished leftovers")
struct PublicationSweepTests {
    @Test("due first, after a failure, when the partitions or sinks change, and once the interval has passed")
    func dueWhenSomethingMayBeLeft() async throws {
        let sinks = ["kafka:dcl.notifications.v1", "kafka:dcl.catalog.v1+dcl.quality-summary.v1"]
        let sweep = PublicationSweep(interval: .seconds(3600))
        #expect(sweep.isDue(for: [0, 1, 2], sinks: sinks), "never looked")
        sweep.swept([0, 1, 2], sinks: sinks)
        #expect(!sweep.isDue(for: [0, 1, 2], sinks: sinks))
        #expect(sweep.isDue(for: [0, 2], sinks: sinks), "a partition went to another member")
        #expect(sweep.isDue(for: [0, 1, 2, 3], sinks: sinks), "a partition came from another member")
        #expect(sweep.isDue(for: [0, 1, 2], sinks: [sinks[0]]), "another set of sinks")
        sweep.invalidate()
        #expect(sweep.isDue(for: [0, 1, 2], sinks: sinks), "a catch-up failed")
        sweep.swept([0, 1, 2], sinks: sinks)
        #expect(!sweep.isDue(for: [0, 1, 2], sinks: sinks))

        let often = PublicationSweep(interval: .milliseconds(20))
        often.swept([0], sinks: sinks)
        try await Task.sleep(for: .milliseconds(30))
        #expect(often.isDue(for: [0], sinks: sinks), "the interval has passed")
    }
}
