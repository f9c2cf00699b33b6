@testable import DCLProjections
import Testing

@Suite("publication sweep: when a catch-up looks for unpublished leftovers")
struct PublicationSweepTests {
    @Test("due first, after a failure, when the partitions change, and once the interval has passed")
    func dueWhenSomethingMayBeLeft() async throws {
        let sweep = PublicationSweep(interval: .seconds(3600))
        #expect(sweep.isDue(for: [0, 1, 2]), "never looked")
        sweep.swept([0, 1, 2])
        #expect(!sweep.isDue(for: [0, 1, 2]))
        #expect(sweep.isDue(for: [0, 2]), "a partition went to another member")
        #expect(sweep.isDue(for: [0, 1, 2, 3]), "a partition came from another member")
        sweep.invalidate()
        #expect(sweep.isDue(for: [0, 1, 2]), "a catch-up failed")
        sweep.swept([0, 1, 2])
        #expect(!sweep.isDue(for: [0, 1, 2]))

        let often = PublicationSweep(interval: .milliseconds(20))
        often.swept([0])
        try await Task.sleep(for: .milliseconds(30))
        #expect(often.isDue(for: [0]), "the interval has passed")
    }
}
