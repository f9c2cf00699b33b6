import DCLProjections
import DCLReadModelConformance
import Foundation
import Testing

/// The shared read-model conformance suite, run against real SQLite files (`ReadModelStore`).
@Suite("SQLite read-model store conformance")
struct SQLiteReadModelConformanceTests {
    @Test(arguments: ReadModelConformance.checks)
    func conformance(_ check: ReadModelConformance.Check) async throws {
        let folder = ProjectionTests.Folder()
        try FileManager.default.createDirectory(at: folder.url, withIntermediateDirectories: true)
        try await check.run { name in try ReadModelStore(path: folder.path(name + ".db")) }
    }

    /// The reference export is the same text every time (what a second store is compared with).
    @Test(arguments: [false, true])
    func referenceExportIsDeterministic(partitioned: Bool) async throws {
        let folder = ProjectionTests.Folder()
        let first = try await ReadModelConformance.referenceExport(partitioned: partitioned) { name in
            try ReadModelStore(path: folder.path("first-" + name + ".db"))
        }
        let second = try await ReadModelConformance.referenceExport(partitioned: partitioned) { name in
            try ReadModelStore(path: folder.path("second-" + name + ".db"))
        }
        #expect(ReadModelConformance.difference(first, second) == nil, "\(ReadModelConformance.difference(first, second) ?? "")")
        #expect(first.contains("fold_state\t"))
    }
}
