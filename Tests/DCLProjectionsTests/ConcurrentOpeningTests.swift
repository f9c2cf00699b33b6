@testable import DCLProjections
import Foundation
import Testing

/// Several processes (here: several stores in one process, each with its own connections) opening
/// a new read-model store at once must all open it: the migrations race, and losing must not fail.
@Suite("concurrent opening")
struct ConcurrentOpeningTests {
    @Test("closing a store twice, also from two tasks at once, closes it once")
    func closingTwiceIsHarmless() async throws {
        let folder = ProjectionTests.Folder()
        let store = try ReadModelStore(path: folder.path("twice.db"))
        try store.close()
        try store.close()
        let other = try ReadModelStore(path: folder.path("twice.db"))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<4 { group.addTask { try other.close() } }
            try await group.waitForAll()
        }
        let reopened = try ReadModelStore(path: folder.path("twice.db"))
        #expect(try await reopened.position() == 0)
        try reopened.close()
    }

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
