@testable import DCLProjections
import Foundation
import Testing

/// Several processes (here: several stores in one process, each with its own connections) opening
/// a new read-model store at once must all open it: the migrations race, and losing must not fail.
@Suite("concurrent opening")
struct ConcurrentOpeningTests {
    @Test func storesOpenedAtOnceOnANewFileAllOpen() async throws {
        for round in 0..<6 {
            let folder = ProjectionTests.Folder()
            let path = folder.path("read-\(round).db")
            let failures = await withTaskGroup(of: String?.self) { group in
                for _ in 0..<6 {
                    group.addTask {
                        do {
                            let store = try ReadModelStore(path: path)
                            try store.close()
                            return nil
                        } catch {
                            return "\(error)"
                        }
                    }
                }
                var failures: [String] = []
                for await failure in group { if let failure { failures.append(failure) } }
                return failures
            }
            #expect(failures.isEmpty, "round \(round): \(failures)")
            let reopened = try ReadModelStore(path: path)
            #expect(try await reopened.checkpointHeader().position == 0)
        }
    }
}
